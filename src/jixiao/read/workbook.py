"""Sheets → model: the contract's sheets of one workbook (streamed by xlsx.py) mapped to the
dataclasses of model.py. All cleaning of cell values happens here (through cells.py), and every
value keeps the `sheet!cell` it came from. Nothing downstream reads Excel.

`read_workbook(path) -> (Workbook | None, messages)`: never raises on bad input; a file that
cannot be read at all gives None and an error that names the file, the sheet or the cell.

Reading rules beyond the contract (docs/workbook.md, "读取时的限制和规则"):
- sheet names are matched leniently (surrounding and inner spaces, full-width letters,
  invisible characters), with a note;
- hidden rows and rows filtered out by an autofilter are read, with a warning naming them;
- a cached Excel error value (#N/A, #REF!, …) is an error at its cell, never text;
- a year typed into a date-formatted 年度 cell reads as the year typed;
- a formula without a cached value is evaluated by formulas.py, or named as an error;
- the text read is bounded (MAX_TEXT_CHARS in all, MAX_CELL_CHARS per cell).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao.read import cells
from jixiao.read.cells import clean_text, label_key
from jixiao.contract import BASIC_ROWS, SHEET_BY_NAME, SHEETS, Kind, Sheet
from jixiao.read.formulas import Evaluator
from jixiao.messages import Message, error, note, warning
from jixiao.model import (BasicRow, Building, BudgetRow, FundLine, Goal, Indicator, Info, Project,
                    ProjectFund, TextRow, Weight, Workbook)
from jixiao.read.xlsx import (MAX_COLS, MAX_ROWS, ExcelError, Package, Refused, SheetData, SheetEntry,
                   column_letter, date_value, is_date_format, open_package)

MAX_UNIT_NAME = 50              # characters of 单位名称 (the report's file name holds it)
MAX_CELL_CHARS = 32_767         # characters in one cell: Excel's own maximum
MAX_TEXT_CHARS = 2_000_000      # characters of text read from all cells (about 3,000 report pages)
MAX_MERGE_FILL = 500_000        # cells filled from merged ranges, in all sheets read

LIMITS = ("MAX_UNIT_NAME", "MAX_CELL_CHARS", "MAX_TEXT_CHARS", "MAX_MERGE_FILL")

_SHEET_KINDS = {"chartsheet": "图表工作表", "xlMacrosheet": "宏表（Excel 4.0 宏表）",
                "xlIntlMacrosheet": "宏表（Excel 4.0 国际宏表）", "dialogsheet": "对话框表（Excel 5.0 对话框）"}

_ERROR_MEANING = {
    "#N/A": "查找的值不存在", "#REF!": "引用的单元格已被删除", "#VALUE!": "参与计算的值类型不对",
    "#DIV/0!": "除数为零", "#NAME?": "函数名或名称无法识别", "#NUM!": "数值无效",
    "#NULL!": "引用的区域不相交", "#SPILL!": "结果溢出区域被占用", "#CALC!": "计算出错",
    "#GETTING_DATA": "数据尚未取回",
}


@dataclass
class Raw:
    """A cell as found: the value (cached value for a formula), its number format, its address,
    and the serial number behind a date-formatted value (None otherwise)."""
    value: object
    fmt: str
    ref: str
    serial: float | int | None = None


RawRow = dict[str, Raw]   # header → cell


class _Budget:
    """Text and merged-cell work across all sheets of one workbook."""

    def __init__(self):
        self.text = 0
        self.fill = 0


# ---------------------------------------------------------------- sheets to raw rows

def _header_key(text: object) -> str:
    return clean_text(text).replace(" ", "").replace("\u3000", "").replace("\n", "") \
        .replace("(", "（").replace(")", "）").replace("m²", "㎡").replace("m2", "㎡")


def _sheet_key(name: str) -> str:
    """A tab name as matched: width, case, spaces, invisible characters and the copy number
    Excel gives a copied sheet ("资金情况 (2)") ignored."""
    s = unicodedata.normalize("NFKC", name)
    s = "".join(ch for ch in s if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc")).casefold()
    return _COPY_NUMBER.sub("", s)


_COPY_NUMBER = re.compile(r"\([0-9]{1,3}\)$")
_STATE = {"visible": "", "hidden": "隐藏的", "veryHidden": "深度隐藏的"}


def _shown_name(name: str) -> str:
    """A tab's name with its invisible characters made visible (\\u200b)."""
    return "".join(ch if ch == " " or ch.isprintable() and not ch.isspace() else f"\\u{ord(ch):04x}"
                   for ch in name)


def _tab(e: SheetEntry) -> str:
    return f"{_STATE.get(e.state, '隐藏的')}“{_shown_name(e.name)}”"


_UNHIDE = "右键任一工作表标签→“取消隐藏”"
_NEW_WORKBOOK = ("深度隐藏（veryHidden）的表在“取消隐藏”列表中也看不到，无法在 Excel/WPS 中删除或修改："
                 "请新建一个工作簿（或用 jixiao template 生成空白工作簿），把其余各张工作表右键→“移动或复制”"
                 "（勾选“建立副本”）过去，")


def _find_sheets(package: Package, msgs: list[Message]) -> tuple[dict[str, SheetEntry], set[str]]:
    """Contract sheet name → the workbook's sheet: the exact name, else the one tab that differs
    only in spaces, width, invisible characters or a copy number (with a note). A hidden sheet
    is read with a warning — unless a visible tab could also be meant: then neither is read,
    and an error names both (the second result holds those sheets' names)."""
    by_key: dict[str, list[SheetEntry]] = {}
    for e in package.sheets:
        by_key.setdefault(_sheet_key(e.name), []).append(e)
    found: dict[str, SheetEntry] = {}
    ambiguous: set[str] = set()
    for spec in SHEETS:
        candidates = by_key.get(_sheet_key(spec.name), [])
        exact = next((e for e in candidates if e.name == spec.name), None)
        others = [e for e in candidates if e is not exact]
        if exact is not None and exact.state == "visible":
            if others:
                msgs.append(note(spec.name, f"工作簿中还有名称相近的工作表{'、'.join(_tab(e) for e in others)}，"
                                            f"程序只读取“{spec.name}”",
                                 "如该表是多余的副本，请删除，以免混淆。"))
            found[spec.name] = exact
            continue
        if exact is not None and not any(e.state == "visible" for e in others):
            chosen = exact
        elif exact is None and len(others) == 1:
            chosen = others[0]
            msgs.append(note(spec.name, f"工作表名称“{_shown_name(chosen.name)}”与标准名称“{spec.name}”不完全一致"
                                        f"（多了空格、副本序号或不可见字符），已按“{spec.name}”读取",
                             f"建议把工作表改名为“{spec.name}”。"))
        elif candidates:
            ambiguous.add(spec.name)
            tabs = "、".join(_tab(e) for e in candidates)
            hidden = [e for e in candidates if e.state != "visible"]
            if any(e.state == "veryHidden" for e in hidden):
                todo = _NEW_WORKBOOK + f"把要用的那一张改名为“{spec.name}”，以后使用新工作簿。"
            else:
                todo = (f"请确认哪一张是要用的，删除另一张（隐藏的表请先{_UNHIDE}，再选中它右键→“删除”），"
                        f"并把要用的那一张改名为“{spec.name}”。")
            msgs.append(error(spec.name, f"工作簿中有 {len(candidates)} 张可作为“{spec.name}”的工作表：{tabs}，"
                                         "程序无法判断该用哪一张（其中隐藏的表在 Excel/WPS 中看不到，数据可能与显示的表不同）",
                              todo))
            continue
        else:
            continue
        if chosen.state != "visible":
            todo = (f"请核对报告中来自该表的数字。{_NEW_WORKBOOK}重新填写“{spec.name}”，以后使用新工作簿。"
                    if chosen.state == "veryHidden" else
                    f"请{_UNHIDE}，核对其中的数据；不应出现在报告中的内容请删除。")
            msgs.append(warning(spec.name, f"工作表{_tab(chosen)}在 Excel/WPS 中看不到，程序照常读取，报告会使用其中的数据",
                                todo))
        found[spec.name] = chosen
    return found, ambiguous


def _raw_rows(spec: Sheet, sheet: SheetData, msgs: list[Message], budget: _Budget) -> list[RawRow] | None:
    """The data rows of one sheet as header → Raw. None when the sheet cannot be used."""
    name = spec.name
    cells_ = sheet.cells
    if sheet.rows_beyond:
        msgs.append(error(name, f"超过 {MAX_ROWS} 行：第 {sheet.rows_beyond} 行起还有内容，超出程序读取的上限，"
                                f"报告会缺少这些行",
                          "请删除多余的行（一个单位的表格不会有这么多行，可能是误粘贴了整列数据）。"))
    by_key: dict[str, int] = {}
    for c in range(1, MAX_COLS + 1):
        cell = cells_.get((1, c))
        if cell is None or isinstance(cell.value, ExcelError):
            continue
        k = _header_key(cell.value)
        if k and k not in by_key:
            by_key[k] = c
    missing = [col.header for col in spec.columns if _header_key(col.header) not in by_key]
    if missing:
        msgs.append(error(f"{name}!A1", f"第1行（表头）缺少列：{'、'.join('“' + m + '”' for m in missing)}",
                          "表头文字须与模板一致（列的顺序可以调整），请补上或改正该列标题。"))
        return None
    cols = {col.header: by_key[_header_key(col.header)] for col in spec.columns}
    wanted = set(cols.values())
    last = sheet.last_row
    # merged cells in a data sheet: the top-left value stands for the cells below it
    merged_fill: dict[tuple[int, int], tuple[int, int]] = {}
    for r1, c1, r2, c2 in sheet.merged:
        if c1 not in wanted or r1 < 1 or r1 >= last:
            continue
        n = min(r2, last) - r1
        budget.fill += n
        if budget.fill > MAX_MERGE_FILL:
            raise Refused(error(name, f"合并单元格覆盖的单元格超过 {MAX_MERGE_FILL:,} 个（合并区域过大或互相重叠）",
                                "请取消不需要的合并单元格，保存后再试。"))
        for r in range(r1 + 1, r1 + n + 1):
            merged_fill[(r, c1)] = (r1, c1)
    letters = {h: column_letter(ci) for h, ci in cols.items()}
    data_rows = sorted({r for r, _ in cells_ if r >= 2})
    evaluator: Evaluator | None = None
    rows: list[RawRow] = []
    hidden: list[int] = []
    for r in data_rows:
        row: RawRow = {}
        own_data = False
        for header, ci in cols.items():
            src = merged_fill.get((r, ci), (r, ci))
            cell = cells_.get(src)
            ref = f"{name}!{letters[header]}{r}"
            if cell is None:
                row[header] = Raw(None, "General", ref)
                continue
            value = cell.value
            serial = None
            if isinstance(value, ExcelError):
                if src == (r, ci):
                    meaning = _ERROR_MEANING.get(value.code, "公式无法计算")
                    msgs.append(error(ref, f"单元格的值是 Excel 错误值 {value.code[:20]}（{meaning}）",
                                      "请在 Excel/WPS 中改正该单元格的公式或它引用的单元格，保存后再试；不需要公式时直接填写数值。"))
                    own_data = True
                value = None
            elif value is None and cell.formula is not None:
                evaluator = evaluator or Evaluator(sheet)
                value = evaluator.value(*src)
                if value is not None and is_date_format(cell.fmt):
                    serial = value                  # as Excel shows it: a date, a time, a duration
                    value = date_value(value, cell.fmt, sheet.date1904)
                if value is None:
                    msgs.append(error(ref, f"公式 {cell.formula[:40]} 没有计算结果（文件未经 Excel/WPS 保存过），程序也无法代算",
                                      "请用 Excel 或 WPS 打开该工作簿、保存后再试，或直接填写数值。"))
                    value = cell.formula    # never read an empty total silently
            elif isinstance(value, str):
                if len(value) > MAX_CELL_CHARS and src == (r, ci):
                    msgs.append(error(ref, f"单元格有 {len(value):,} 个字符，超过 Excel 单元格的上限 {MAX_CELL_CHARS:,} 个（内容不是由 Excel 写入的）",
                                      "请把内容分成几行（几个单元格）填写。"))
                budget.text += len(value)
                if budget.text > MAX_TEXT_CHARS:
                    raise Refused(error(ref, f"工作簿中要读取的文字超过 {MAX_TEXT_CHARS:,} 个字（读到此单元格时），"
                                        "报告会大得无法使用（可能是同一段长文字被复制到了大量单元格）",
                                        "请删除重复或多余的文字后再试。"))
            row[header] = Raw(value, cell.fmt, ref, cell.serial if serial is None else serial)
            own_data = own_data or src == (r, ci) and clean_text(value) != ""
        if not own_data:      # wholly empty (a merged cell reaching into it does not count)
            continue
        if r in sheet.hidden_rows:
            hidden.append(r)
        rows.append(row)
    if hidden:
        shown = "、".join(str(r) for r in hidden[:10]) + (f" 等 {len(hidden)} 行" if len(hidden) > 10 else "")
        how = "被自动筛选隐藏（或被隐藏）" if sheet.filtering else "是隐藏行"
        msgs.append(warning(f"{name}!A{hidden[0]}", f"第 {shown} 行{how}，程序照常读取这些行，它们会出现在报告中",
                            "请在 Excel/WPS 中取消隐藏（或清除筛选）后核对；不应出现在报告中的行请删除。"))
    return rows


# ---------------------------------------------------------------- cleaning by kind

_TEXT_KINDS = (Kind.TEXT, Kind.CELLTEXT)
_CONVERT = {Kind.MONEY: cells.to_decimal, Kind.NUMBER: cells.to_decimal, Kind.INT: cells.to_int,
            Kind.YEAR: cells.to_year, Kind.DATE: cells.to_date}
_TODO = {Kind.MONEY: "金额请填数字（单位万元，如 1506.95）。", Kind.NUMBER: "请填数字。",
         Kind.INT: "请填整数。", Kind.YEAR: "请填四位数年份，如 2024。", Kind.DATE: "请填日期，如 2025-04-28。"}
_CENT = Decimal("0.01")


class _Cleaner:
    def __init__(self, msgs: list[Message]):
        self.msgs = msgs

    def value(self, raw: Raw | None, kind: Kind, what: str):
        if raw is None:
            return "" if kind in _TEXT_KINDS else None
        v = raw.value
        if v is None:
            return "" if kind in _TEXT_KINDS else None
        if type(v) is str and v.startswith("=") and kind not in _TEXT_KINDS:
            return None    # an unevaluable formula, already reported
        if kind is Kind.YEAR and raw.serial is not None and cells.year_like(raw.serial):
            v = raw.serial       # 2023 typed into a date-formatted cell (it shows as 1905-07-15)
        if kind is Kind.TEXT:
            return clean_text(v)
        if kind is Kind.CELLTEXT:
            return cells.cell_text(v, raw.fmt)
        if kind is Kind.PERCENT:
            result, problem = cells.to_percent(v, raw.fmt)
            if problem:
                self.msgs.append(error(raw.ref, f"{what}{problem}", "请填百分比，如 96.39% 或 0.9639。"))
            return result
        result, problem = _CONVERT[kind](v)
        if problem:
            self.msgs.append(error(raw.ref, f"{what}{problem}", _TODO[kind]))
            return None
        if kind is Kind.MONEY and result is not None:
            cents = result.quantize(_CENT)
            result = cents if result == cents else result
        return result


def _refs(row: RawRow) -> dict[str, str]:
    return {h: raw.ref for h, raw in row.items()}


# ---------------------------------------------------------------- the sheets

_INFO_KEYS = frozenset(lab.label for lab in SHEET_BY_NAME["基本信息"].labels)


def _read_info(rows: list[RawRow], spec: Sheet, clean: _Cleaner, msgs: list[Message]) -> Info:
    info = Info()
    attr = {"单位名称": "unit_name", "年度": "year", "主管部门": "department", "报告模板": "template",
            "填表人": "filled_by", "联系电话": "phone", "单位负责人": "head", "填报日期": "fill_date",
            "报告日期": "report_date", "编制数": "staff_quota", "实际在职人数": "staff_actual",
            "上年实际在职人数": "staff_actual_last"}
    seen: set[str] = set()
    for row in rows:
        key = label_key(row["项目"].value, _INFO_KEYS)
        lab = spec.label(key)
        raw = row[spec.value_column]
        if lab is None:
            if key:
                info.extra[key] = clean_text(raw.value)
            continue
        if key in seen:
            msgs.append(error(row["项目"].ref, f"“{key}”重复填写", "请只保留一行。"))
            continue
        seen.add(key)
        value = clean.value(raw, lab.kind if lab.kind is not Kind.TEXT else Kind.CELLTEXT, f"{key}：")
        setattr(info, attr[key], value)
        info.refs[key] = raw.ref
    for lab in spec.labels:
        if lab.required and not getattr(info, attr[lab.label]) and lab.label not in seen:
            msgs.append(error(f"{spec.name}!A1", f"缺少必填项“{lab.label}”",
                              f"请在“项目”列加一行“{lab.label}”，并在“内容”列填写。"))
        elif lab.required and getattr(info, attr[lab.label]) in (None, "") and lab.label in seen:
            msgs.append(error(info.refs[lab.label], f"必填项“{lab.label}”为空", "请填写。"))
    info.unit_name = info.unit_name.replace("\n", "")
    if len(info.unit_name) > MAX_UNIT_NAME:      # it names the report file (255 bytes at most)
        msgs.append(error(info.refs["单位名称"], f"单位名称过长（{len(info.unit_name)}个字，最多{MAX_UNIT_NAME}个字）",
                          "请只填写单位的正式名称。"))
        info.unit_name = ""
    return info


def _read_funds(rows, spec: Sheet, clean: _Cleaner, msgs, wb: Workbook) -> None:
    known = {label_key(lab.label): lab.label for lab in spec.labels}
    for row in rows:
        key = label_key(row["项目"].value, known)
        label = known.get(key)
        if label is None:
            if key:
                msgs.append(warning(row["项目"].ref, f"“{key}”不是资金情况的标准项目，已忽略",
                                    "标准项目见填写说明；如是笔误请改正。"))
            continue
        if label in wb.funds.lines:
            msgs.append(error(row["项目"].ref, f"“{label}”重复填写", "请只保留一行。"))
            continue
        amount = clean.value(row["金额（万元）"], Kind.MONEY, f"“{label}”的金额")
        wb.funds.lines[label] = FundLine(amount, clean_text(row["说明"].value), _refs(row))


def _read_basic(rows, clean: _Cleaner, msgs, wb: Workbook) -> None:
    standard = {label_key(x): x for x in BASIC_ROWS}
    zone = "before"      # before 项目支出 / projects / after 公用经费
    for row in rows:
        text = clean_text(row["项目"].value).replace("\n", "")
        key = label_key(text, standard)
        std = standard.get(key, "")
        if std == "项目支出":
            zone = "projects"
        elif std == "公用经费":
            zone = "after"
        if not std and zone != "projects":
            if key:
                msgs.append(warning(row["项目"].ref, f"“{key}”不是基础数据表的标准行，已忽略",
                                    "项目支出明细请放在“项目支出”与“公用经费”两行之间。"))
            continue
        vals = [clean.value(row[h], Kind.MONEY, f"“{key or '（无名称）'}”的{h}")
                for h in ("上年决算数", "本年预算数", "本年决算数")]
        if not std and not key and all(v is None for v in vals):
            continue
        if not std and not key:
            msgs.append(error(row["项目"].ref, "项目支出明细行没有名称", "请填写项目名称。"))
        wb.basic_rows.append(BasicRow(key if std else cells.strip_numbering(text), std, *vals, refs=_refs(row),
                                      row=int(re.sub(r"\D", "", row["项目"].ref.split("!")[1]))))


def _indicator(row: RawRow, clean: _Cleaner, above: Indicator | None) -> Indicator:
    l1 = clean_text(row["一级指标"].value).replace("\n", "")
    l2 = clean_text(row["二级指标"].value).replace("\n", "")
    l1 = re.sub(r"[（(]\s*\d+(\.\d+)?\s*分\s*[)）]$", "", l1)   # "产出指标（40分）" → 产出指标
    if above is not None:
        if not l1:
            l1 = above.level1
            l2 = l2 or above.level2
        elif not l2 and l1 == above.level1:
            l2 = above.level2
    return Indicator(
        level1=l1, level2=l2, name=clean_text(row["三级指标"].value),
        target=clean.value(row["年度指标值"], Kind.CELLTEXT, ""),
        actual=clean.value(row["实际完成值"], Kind.CELLTEXT, ""),
        weight=clean.value(row["分值"], Kind.NUMBER, "分值"),
        score=clean.value(row["得分"], Kind.NUMBER, "得分"),
        remark=clean_text(row["偏差原因分析及改进措施"].value), refs=_refs(row))


def read_workbook(path: Path | str) -> tuple[Workbook | None, list[Message]]:
    path = Path(path)
    msgs: list[Message] = []
    try:
        package = open_package(path)
        found, ambiguous = _find_sheets(package, msgs)
        budget = _Budget()
        sheets: dict[str, list[RawRow]] = {}
        for spec in SHEETS:
            entry = found.get(spec.name)
            if entry is None:
                if spec.name in ambiguous:
                    continue                    # reported: two tabs could be this sheet
                if spec.required:
                    msgs.append(error(spec.name, f"缺少工作表“{spec.name}”",
                                      "请从模板复制该工作表（工作表名称须与模板一致）。"))
                elif spec.name not in ("楼堂馆所", "预算支出表"):
                    msgs.append(warning(spec.name, f"缺少工作表“{spec.name}”，按空表处理",
                                        "如有数据，请从模板复制该工作表后填写。"))
                continue
            if entry.kind != "worksheet":
                what = _SHEET_KINDS.get(entry.kind, "特殊类型的工作表")
                msgs.append(error(spec.name, f"工作表“{spec.name}”是{what}，不是数据表",
                                  "请删除该工作表，从模板复制数据表“" + spec.name + "”后填写。"))
                continue
            if not entry.part:
                msgs.append(error(spec.name, f"工作表“{spec.name}”的内容在文件中缺失（文件已损坏）",
                                  "请用 Excel 或 WPS 打开该工作簿，检查该工作表后另存为 .xlsx；或从模板复制该工作表重新填写。"))
                continue
            rows = _raw_rows(spec, package.sheet(entry, spec.name), msgs, budget)
            if rows is not None:
                sheets[spec.name] = rows
    except Refused as r:
        return None, msgs + [r.message]
    wb = Workbook(source=path.name)
    _fill(wb, sheets, _Cleaner(msgs), msgs)
    return wb, msgs


def _fill(wb: Workbook, sheets: dict[str, list[RawRow]], clean: _Cleaner, msgs) -> None:
    S = SHEET_BY_NAME
    if "基本信息" in sheets:
        wb.info = _read_info(sheets["基本信息"], S["基本信息"], clean, msgs)
    _read_funds(sheets.get("资金情况", []), S["资金情况"], clean, msgs, wb)
    _read_basic(sheets.get("基础数据表", []), clean, msgs, wb)
    for row in sheets.get("楼堂馆所", []):
        wb.buildings.append(Building(
            clean_text(row["项目名称"].value),
            *(clean.value(row[h], Kind.NUMBER, h) for h in
              ("批复规模（㎡）", "实际规模（㎡）", "预算投资（万元）", "实际投资（万元）")),
            refs=_refs(row)))
    for row in sheets.get("年度目标", []):
        wb.goals.append(Goal(clean_text(row["预期目标"].value), clean_text(row["实际完成情况"].value),
                             _refs(row)))
    for row in sheets.get("指标体系", []):
        wb.weights.append(Weight(clean_text(row["一级指标"].value).replace("\n", ""),
                                 clean.value(row["分值"], Kind.NUMBER, "分值"), _refs(row)))
    above = None
    for row in sheets.get("绩效指标", []):
        above = _indicator(row, clean, above)
        wb.indicators.append(above)
    projects: dict[str, Project] = {}
    for row in sheets.get("项目", []):
        name = clean_text(row["项目名称"].value).replace("\n", "")
        if name in projects:
            msgs.append(error(row["项目名称"].ref, f"项目“{name}”重复", "每个项目只填一行。"))
            continue
        if not name:
            msgs.append(error(row["项目名称"].ref, "项目名称为空", "请填写项目名称。"))
            continue
        projects[name] = Project(name, *(clean_text(row[h].value) for h in
                                         ("主管部门", "实施单位", "预期目标", "实际完成情况", "绩效说明")),
                                 refs=_refs(row))
    wb.projects = list(projects.values())
    for row in sheets.get("项目资金", []):
        p = _project_of(row, projects, msgs)
        source = clean_text(row["资金来源"].value)
        if source not in S["项目资金"].column("资金来源").choices:
            msgs.append(error(row["资金来源"].ref, f"资金来源“{source}”不在可选范围内",
                              "请选“当年财政拨款”“上年结转资金”或“其他资金”。"))
        if p is not None:
            p.funds.append(ProjectFund(source, *(clean.value(row[h], Kind.MONEY, h) for h in
                                                 ("年初预算数", "全年预算数", "全年执行数")),
                                       refs=_refs(row)))
    last: dict[str, Indicator] = {}
    above = ""                  # a blank 项目名称 means the project of the row above
    for row in sheets.get("项目绩效指标", []):
        name = clean_text(row["项目名称"].value).replace("\n", "")
        if not name and above:
            p = projects.get(above)     # an unknown project was reported on its first row
        else:
            p = _project_of(row, projects, msgs)
            above = name
        if p is not None:
            ind = _indicator(row, clean, last.get(p.name))
            last[p.name] = ind
            p.indicators.append(ind)
    for row in sheets.get("报告正文", []):
        section = label_key(row["章节"].value, S["报告正文"].column("章节").choices)
        content = clean_text(row["内容"].value)
        lead = clean_text(row["小标题"].value).replace("\n", "")
        if section not in S["报告正文"].column("章节").choices:
            msgs.append(error(row["章节"].ref, f"章节“{section}”不是可选的章节名称",
                              "请从下拉列表中选择章节（如“职能职责”“存在的问题及原因分析”）。"))
            continue
        if not content and not lead:
            continue
        wb.texts.append(TextRow(section, lead, content, _refs(row)))
    for row in sheets.get("预算支出表", []):
        btype = clean_text(row["预算类型"].value)
        if btype not in S["预算支出表"].column("预算类型").choices:
            msgs.append(error(row["预算类型"].ref, f"预算类型“{btype}”不在可选范围内",
                              "请选“政府性基金预算”“国有资本经营预算”或“社会保险基金预算”。"))
            continue
        wb.budget_rows.append(BudgetRow(
            btype, clean_text(row["科目编码"].value), clean_text(row["科目名称"].value),
            *(clean.value(row[h], Kind.MONEY, h) for h in ("合计", "基本支出", "项目支出")),
            refs=_refs(row)))


def _project_of(row: RawRow, projects: dict[str, Project], msgs) -> Project | None:
    name = clean_text(row["项目名称"].value).replace("\n", "")
    p = projects.get(name)
    if p is None and not name:
        msgs.append(error(row["项目名称"].ref, "项目名称为空", "请填写项目名称（须与“项目”表一致）。"))
    elif p is None:
        msgs.append(error(row["项目名称"].ref, f"项目“{name}”不在“项目”表中",
                          "请先在“项目”表登记该项目，或改正项目名称使两表一致。"))
    return p
