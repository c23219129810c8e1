"""Which sheets and which rows: the contract's sheets found among the workbook's tabs (matched
leniently, hidden ones with a warning), each streamed and turned into data rows of header → Raw
(the cell as found, with its `sheet!cell`). workbook.py cleans these rows into the model.

Reading rules beyond the contract (docs/workbook.md, "Reading: limits and rules"):
- sheet names are matched leniently (surrounding and inner spaces, full-width letters,
  invisible characters), with a note;
- hidden rows and rows filtered out by an autofilter are read, with a warning naming them;
- a cached Excel error value (#N/A, #REF!, …) is an error at its cell, never text;
- a formula without a cached value is evaluated by formulas.py, or named as an error;
- the text read is bounded (MAX_TEXT_CHARS in all, MAX_CELL_CHARS per cell).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from jixiao.contract import SHEETS, Sheet
from jixiao.messages import Message, error, note, warning
from jixiao.read.clean import clean_text
from jixiao.read.dates import date_value
from jixiao.read.formulas import Evaluator
from jixiao.read.limits import MAX_COLS, MAX_ROWS
from jixiao.read.numfmt import is_date_format
from jixiao.read.package import Package, SheetEntry
from jixiao.read.refs import column_letter
from jixiao.read.refused import Refused
from jixiao.read.sheet import read_sheet
from jixiao.read.sheetdata import ExcelError, SheetData

MAX_CELL_CHARS = 32_767         # characters in one cell: Excel's own maximum
MAX_TEXT_CHARS = 2_000_000      # characters of text read from all cells (about 3,000 report pages)
MAX_MERGE_FILL = 500_000        # cells filled from merged ranges, in all sheets read

LIMITS = ("MAX_CELL_CHARS", "MAX_TEXT_CHARS", "MAX_MERGE_FILL")

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


class TextAndFillCount:
    """Text read and cells filled from merged ranges, across all sheets of one workbook."""

    def __init__(self):
        self.text = 0
        self.fill = 0


def read_sheets(package: Package, msgs: list[Message]) -> dict[str, list[RawRow]]:
    """Contract sheet name → its data rows, for every sheet that can be read; what is missing,
    ambiguous or of the wrong kind goes to `msgs`. Raises Refused."""
    found, ambiguous = _find_sheets(package, msgs)
    count = TextAndFillCount()
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
        rows = _raw_rows(spec, read_sheet(package, entry, spec.name), msgs, count)
        if rows is not None:
            sheets[spec.name] = rows
    return sheets


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


def _raw_rows(spec: Sheet, sheet: SheetData, msgs: list[Message], count: TextAndFillCount) -> list[RawRow] | None:
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
        count.fill += n
        if count.fill > MAX_MERGE_FILL:
            raise Refused(name, f"合并单元格覆盖的单元格超过 {MAX_MERGE_FILL:,} 个（合并区域过大或互相重叠）",
                          "请取消不需要的合并单元格，保存后再试。")
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
                count.text += len(value)
                if count.text > MAX_TEXT_CHARS:
                    raise Refused(ref, f"工作簿中要读取的文字超过 {MAX_TEXT_CHARS:,} 个字（读到此单元格时），"
                                  "报告会大得无法使用（可能是同一段长文字被复制到了大量单元格）",
                                  "请删除重复或多余的文字后再试。")
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
