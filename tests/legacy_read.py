"""Read a workbook (openpyxl) into the model. All cleaning of cell values happens here, and every
value keeps the `sheet!cell` it came from. Nothing downstream reads Excel.

`read_workbook(path) -> (Workbook | None, messages)`: never raises on bad input; a file that
cannot be read at all gives None and an error.
"""
from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao import cells
from jixiao.cells import clean_text, label_key
from jixiao.contract import BASIC_ROWS, SHEET_BY_NAME, Kind, Sheet
from jixiao.messages import Message, error, warning
from jixiao.model import (BasicRow, Building, BudgetRow, FundLine, Goal, Indicator, Info, Project,
                    ProjectFund, TextRow, Weight, Workbook)

MAX_FILE_BYTES = 50 * 1024 * 1024          # a year's workbook is well under 1 MB
MAX_UNPACKED_BYTES = 300 * 1024 * 1024     # zip bombs
MAX_ROWS = 5000                            # per sheet
MAX_COLS = 60
MAX_UNIT_NAME = 50                         # chars; the report's file name holds it


@dataclass
class Raw:
    """A cell as found: the value (cached value for a formula), its number format, its address."""
    value: object
    fmt: str
    ref: str


RawRow = dict[str, Raw]   # header → cell


# ---------------------------------------------------------------- opening the file

def _open(path: Path) -> tuple[object, object, list[Message]]:
    """Both views of the workbook: cached values, and formulas (to recompute a missing value)."""
    name = path.name
    if not path.is_file():
        return None, None, [error("", f"找不到文件 {name}", "请检查文件路径。")]
    size = path.stat().st_size
    if size == 0:
        return None, None, [error("", f"{name} 是空文件", "请用 Excel 或 WPS 重新保存工作簿。")]
    if size > MAX_FILE_BYTES:
        return None, None, [error("", f"{name} 有 {size // 1048576} MB，不像是绩效工作簿",
                                  "请检查是否选错了文件。")]
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return None, None, [error("", f"{name} 是旧版 .xls 或加密的工作簿，无法读取",
                                  "请在 Excel/WPS 中“另存为” .xlsx 格式（不加密码）后再试。")]
    if not zipfile.is_zipfile(path):
        return None, None, [error("", f"{name} 不是 .xlsx 工作簿（可能是改了扩展名的 CSV 或其他文件）",
                                  "请在 Excel/WPS 中打开并另存为 .xlsx 格式。")]
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                return None, None, [error("", f"{name} 解压后过大（{unpacked // 1048576} MB），拒绝读取",
                                          "请检查文件来源，或重新另存为 .xlsx。")]
            if "xl/workbook.xml" not in z.namelist():
                return None, None, [error("", f"{name} 不是 Excel 工作簿（可能是 Word 文档或其他压缩包）",
                                          "请选择 .xlsx 工作簿。")]
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        return None, None, [error("", f"{name} 已损坏，无法读取（{type(e).__name__}）",
                                  "请用 Excel/WPS 打开检查后重新保存。")]
    import openpyxl
    try:
        # from memory, so that a workbook whose name lacks .xlsx ("报表.xls", "报表") still opens
        package = _clip_merges(path.read_bytes())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values = openpyxl.load_workbook(io.BytesIO(package), data_only=True)
            formulas = openpyxl.load_workbook(io.BytesIO(package), data_only=False)
    except Exception as e:   # openpyxl raises many kinds on malformed packages
        return None, None, [error("", f"{name} 无法读取：工作簿内容已损坏或格式不受支持（{type(e).__name__}）",
                                  "请用 Excel/WPS 打开并另存为 .xlsx 后再试。")]
    return values, formulas, []


_MERGE = re.compile(rb'(<(?:\w+:)?mergeCell\b[^>]*?\bref=")([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
_ROW = re.compile(rb'<(?:\w+:)?row\b([^>]*)>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
MAX_MERGE_CELLS = 10_000


def _clip_merges(package: bytes) -> bytes:
    """openpyxl makes an object for every cell of a merged range, so a merged whole column
    (H2:H1048576) takes a minute to load. Such ranges are clipped to the sheet's last row and
    the columns that are read (the cells cut off are empty); anything else is left as it is."""
    from openpyxl.utils.cell import column_index_from_string as col, get_column_letter as letter

    def clipper(last_row: int):
        def clip(m: re.Match) -> bytes:
            try:
                c1, r1, c2, r2 = col(m[2].decode()), int(m[3]), col(m[4].decode()), int(m[5])
            except ValueError:
                return m[0]
            if (r2 - r1 + 1) * (c2 - c1 + 1) <= MAX_MERGE_CELLS:
                return m[0]
            r2, c2 = max(r1, min(r2, last_row, MAX_ROWS + 1)), max(c1, min(c2, MAX_COLS))
            return m[1] + f'{letter(c1)}{r1}:{letter(c2)}{r2}"'.encode()
        return clip

    changed: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        for info in z.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                xml = z.read(info)
                if b"mergeCell" not in xml:
                    continue
                rows = _ROW.findall(xml)
                numbered = [int(n[1]) for n in map(_ROW_NUMBER.search, rows) if n]
                new = _MERGE.sub(clipper(max([len(rows), *numbered])), xml)
                if new != xml:
                    changed[info.filename] = new
        if not changed:
            return package
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for info in z.infolist():
                w.writestr(info, changed.get(info.filename) or z.read(info))
    return out.getvalue()


# ---------------------------------------------------------------- formulas without cached values

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


class _Formulas:
    """The few formulas a clerk's total uses (SUM(range), SUM(a,b), a+b-c, numbers) on one
    sheet. Memoised and cycle-safe; ranges are clipped to the used area and the work per sheet
    is bounded, so a formula like =SUM(B2:B1048576) or a chain of =B3+B3 cannot hang the read."""
    BUDGET = 200_000      # cell visits per sheet
    MAX_DEPTH = 50        # formula referring to formula referring to …

    def __init__(self, ws):
        self.ws = ws
        self.rows, self.cols = ws.max_row or 0, ws.max_column or 0   # the used area, fixed now
        self.memo: dict[tuple[int, int], Decimal | None] = {}
        self.left = self.BUDGET
        self.depth = 0

    def cell(self, r: int, c: int) -> tuple[Decimal | None, bool]:
        """A referenced cell as a number; ok is False when it is not a number nor blank."""
        self.left -= 1
        if self.left < 0:
            return None, False
        if r > self.rows or c > self.cols:
            return None, True          # outside the used area: blank
        raw = self.ws.cell(r, c).value
        raw = getattr(raw, "text", raw)              # an array formula
        if isinstance(raw, str) and raw.startswith("="):
            if (r, c) not in self.memo:
                self.memo[(r, c)] = None             # in progress: a cycle is unevaluable
                self.depth += 1
                try:
                    self.memo[(r, c)] = self.evaluate(raw) if self.depth <= self.MAX_DEPTH else None
                finally:
                    self.depth -= 1
            v = self.memo[(r, c)]
            return v, v is not None
        v, problem = cells.to_decimal(raw)
        return v, v is not None or not problem and clean_text(raw) == ""

    def evaluate(self, formula: str) -> Decimal | None:
        from openpyxl.utils.cell import range_boundaries
        expr = formula.lstrip("=").replace(" ", "").upper()
        m = re.fullmatch(r"SUM\((.+)\)", expr)
        terms = m.group(1).split(",") if m else re.findall(r"[+-]?[^+-]+", expr)
        total = Decimal(0)
        for term in terms:
            sign = -1 if term.startswith("-") else 1
            term = term.lstrip("+-")
            if ":" in term or _REF.match(term):
                try:
                    c1, r1, c2, r2 = range_boundaries(term.replace("$", ""))
                except (ValueError, TypeError):
                    return None
                c1, r1 = c1 or 1, r1 or 1
                c2, r2 = min(c2 or self.cols, self.cols), min(r2 or self.rows, self.rows)
                if c1 < 1 or r1 < 1 or max(r2 - r1 + 1, 0) * max(c2 - c1 + 1, 0) > self.left:
                    return None
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        v, ok = self.cell(r, c)
                        if not ok:
                            return None
                        total += sign * (v or 0)
            else:
                v, problem = cells.to_decimal(term)
                if v is None:
                    return None
                total += sign * v
        return total


# ---------------------------------------------------------------- sheets to raw rows

def _header_key(text: object) -> str:
    return clean_text(text).replace(" ", "").replace("\u3000", "").replace("\n", "") \
        .replace("(", "（").replace(")", "）").replace("m²", "㎡").replace("m2", "㎡")


def _raw_rows(spec: Sheet, ws_v, ws_f, msgs: list[Message]) -> list[RawRow] | None:
    """The data rows of one sheet as header → Raw. None when the sheet cannot be used."""
    name = spec.name
    max_row = min(ws_v.max_row or 0, MAX_ROWS + 1)
    max_col = min(ws_v.max_column or 0, MAX_COLS)
    if (ws_v.max_row or 0) > MAX_ROWS + 1:
        msgs.append(warning(name, f"超过 {MAX_ROWS} 行，只读取前 {MAX_ROWS} 行",
                            "请删除多余的行。"))
    header_cells = next(ws_v.iter_rows(min_row=1, max_row=1, max_col=max_col), ())
    by_key: dict[str, int] = {}
    for c in header_cells:
        k = _header_key(c.value)
        if k and k not in by_key:
            by_key[k] = c.column
    missing = [col.header for col in spec.columns if _header_key(col.header) not in by_key]
    if missing:
        msgs.append(error(f"{name}!A1", f"第1行（表头）缺少列：{'、'.join('“' + m + '”' for m in missing)}",
                          "表头文字须与模板一致（列的顺序可以调整），请补上或改正该列标题。"))
        return None
    # merged cells in a data sheet: the top-left value stands for the cells below it
    merged_fill: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in ws_v.merged_cells.ranges:
        for r in range(rng.min_row + 1, min(rng.max_row, max_row) + 1):
            merged_fill[(r, rng.min_col)] = (rng.min_row, rng.min_col)
    cols = {col.header: by_key[_header_key(col.header)] for col in spec.columns}
    evaluator: _Formulas | None = None
    rows: list[RawRow] = []
    for r in range(2, max_row + 1):
        row: RawRow = {}
        own_data = False
        for header, ci in cols.items():
            src = merged_fill.get((r, ci), (r, ci))
            cv = ws_v.cell(*src)
            value = cv.value
            ref = f"{name}!{cv.coordinate if src == (r, ci) else ws_v.cell(r, ci).coordinate}"
            if value is None and ws_f is not None:
                formula = ws_f.cell(*src).value
                formula = getattr(formula, "text", formula)    # an array formula
                if isinstance(formula, str) and formula.startswith("="):
                    evaluator = evaluator or _Formulas(ws_f)
                    value = evaluator.cell(*src)[0]
                    if value is None:
                        msgs.append(error(ref, f"公式 {formula[:40]} 没有计算结果（文件未经 Excel/WPS 保存过），程序也无法代算",
                                          "请用 Excel 或 WPS 打开该工作簿、保存后再试，或直接填写数值。"))
                        value = formula  # never read an empty total silently
            row[header] = Raw(value, cv.number_format or "", ref)
            own_data = own_data or src == (r, ci) and clean_text(value) != ""
        if not own_data:      # wholly empty (a merged cell reaching into it does not count)
            continue
        rows.append(row)
    return rows


# ---------------------------------------------------------------- cleaning by kind

class _Cleaner:
    def __init__(self, msgs: list[Message]):
        self.msgs = msgs

    def value(self, raw: Raw | None, kind: Kind, what: str):
        if raw is None:
            return None if kind not in (Kind.TEXT, Kind.CELLTEXT) else ""
        v = raw.value
        if isinstance(v, str) and v.startswith("=") and kind not in (Kind.TEXT, Kind.CELLTEXT):
            return None    # an unevaluable formula, already reported
        if kind is Kind.TEXT:
            return clean_text(v)
        if kind is Kind.CELLTEXT:
            return cells.cell_text(v, raw.fmt)
        if kind is Kind.PERCENT:
            result, problem = cells.to_percent(v, raw.fmt)
            if problem:
                self.msgs.append(error(raw.ref, f"{what}{problem}", "请填百分比，如 96.39% 或 0.9639。"))
            return result
        convert = {Kind.MONEY: cells.to_decimal, Kind.NUMBER: cells.to_decimal,
                   Kind.INT: cells.to_int, Kind.YEAR: cells.to_year, Kind.DATE: cells.to_date}[kind]
        result, problem = convert(v)
        if problem:
            todo = {Kind.MONEY: "金额请填数字（单位万元，如 1506.95）。",
                    Kind.NUMBER: "请填数字。", Kind.INT: "请填整数。",
                    Kind.YEAR: "请填四位数年份，如 2024。",
                    Kind.DATE: "请填日期，如 2025-04-28。"}[kind]
            self.msgs.append(error(raw.ref, f"{what}{problem}", todo))
            return None
        if kind is Kind.MONEY and result is not None:
            result = result.quantize(Decimal("0.01")) if result == result.quantize(Decimal("0.01")) else result
        return result


def _refs(row: RawRow) -> dict[str, str]:
    return {h: raw.ref for h, raw in row.items()}


# ---------------------------------------------------------------- the sheets

def _read_info(rows: list[RawRow], spec: Sheet, clean: _Cleaner, msgs: list[Message]) -> Info:
    info = Info()
    attr = {"单位名称": "unit_name", "年度": "year", "主管部门": "department", "报告模板": "template",
            "填表人": "filled_by", "联系电话": "phone", "单位负责人": "head", "填报日期": "fill_date",
            "报告日期": "report_date", "编制数": "staff_quota", "实际在职人数": "staff_actual",
            "上年实际在职人数": "staff_actual_last"}
    seen: set[str] = set()
    for row in rows:
        key = label_key(row["项目"].value)
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
        key = label_key(row["项目"].value)
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
        key = label_key(text)
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
        wb.basic_rows.append(BasicRow(key, std, *vals, refs=_refs(row),
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
    values, formulas, msgs = _open(path)
    if values is None:
        return None, msgs
    wb = Workbook(source=path.name)
    clean = _Cleaner(msgs)
    try:
        sheets: dict[str, list[RawRow]] = {}
        for spec in SHEET_BY_NAME.values():
            if spec.name not in values.sheetnames:
                if spec.required:
                    msgs.append(error(spec.name, f"缺少工作表“{spec.name}”",
                                      "请从模板复制该工作表（工作表名称须与模板一致）。"))
                elif spec.name not in ("楼堂馆所", "预算支出表"):
                    msgs.append(warning(spec.name, f"缺少工作表“{spec.name}”，按空表处理",
                                        "如有数据，请从模板复制该工作表后填写。"))
                continue
            if not hasattr(values[spec.name], "iter_rows"):     # a chart sheet
                msgs.append(error(spec.name, f"工作表“{spec.name}”是图表工作表，不是数据表",
                                  "请删除该图表工作表，从模板复制数据表“" + spec.name + "”后填写。"))
                continue
            rows = _raw_rows(spec, values[spec.name], formulas[spec.name], msgs)
            if rows is not None:
                sheets[spec.name] = rows
        _fill(wb, sheets, clean, msgs)
    finally:
        values.close()
        formulas.close()
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
    for row in sheets.get("项目绩效指标", []):
        p = _project_of(row, projects, msgs)
        if p is not None:
            ind = _indicator(row, clean, last.get(p.name))
            last[p.name] = ind
            p.indicators.append(ind)
    for row in sheets.get("报告正文", []):
        section = label_key(row["章节"].value)
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
    if p is None:
        msgs.append(error(row["项目名称"].ref, f"项目“{name}”不在“项目”表中",
                          "请先在“项目”表登记该项目，或改正项目名称使两表一致。"))
    return p
