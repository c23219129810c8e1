"""The yearly workbook a clerk fills (`jixiao template`, `jixiao rollover`): the contract's sheets
for one report format and year, written with openpyxl from the one declaration in contract.py.

What the clerk gets: a 填写说明 sheet first (each sheet's purpose, how to fill it, an example row);
every label printed so only values are typed; 年度 and 报告模板 filled in; 指标体系 filled from the
format's framework; drop-downs (一级指标, 二级指标, 章节, 资金来源, 预算类型, 报告模板, 项目名称);
input messages on the columns people get wrong; checks while typing (data validation, and
conditional formatting that colours a 得分 above its 分值, an 一级指标 whose indicators do not add
up, a missing 偏差原因, a blank required value); two-decimal number formats, widths, frozen
headers; header and label cells protected, value cells open (no password).

Every formula in it (helper columns and checks only — the build never reads them) computes in
Excel, WPS and LibreOffice alike: IF, SUMIF, SUM, AND, OR, ISNUMBER, LEN, TRIM.

`fill_workbook(book, data)` writes values into such a workbook (the examples' data files, rollover).
`to_bytes(book)` saves it reproducibly (fixed times), so the same data gives the same file.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from jixiao.contract import BASIC_ROWS, BUDGET_TYPES, FUND_SOURCES, SECTIONS, SHEET_BY_NAME, SHEETS, Kind, Sheet
from jixiao.formats.load import Format, load
from jixiao.formats.search import available
from jixiao.workbooks.sections import generated_sentences
from jixiao.workbooks.guide import GUIDE, PROMPTS
from jixiao.workbooks.save import xlsx_bytes

TEMPLATE_ROWS = 300           # rows of a table sheet prepared with drop-downs, formats and checks
BASIC_PROJECT_ROWS = 3        # blank project rows between 项目支出 and 公用经费 in 基础数据表
OPTIONS_SHEET = "_选项"        # hidden sheet holding the drop-down lists
GUIDE_SHEET = "填写说明"

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
AUTO_FILL = PatternFill("solid", fgColor="EDEDED")
BAD_FILL = PatternFill("solid", bgColor="FFC7CE")       # conditional formats use bgColor
WARN_FILL = PatternFill("solid", bgColor="FFEB9C")
BAD_FONT = Font(color="9C0006")
MONEY_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
WRAP = Alignment(wrap_text=True, vertical="top")

# ---------------------------------------------------------------- small helpers

def _cols(spec: Sheet) -> dict[str, int]:
    return {c.header: i for i, c in enumerate(spec.columns, start=1)}


def _letter(spec: Sheet, header: str) -> str:
    return get_column_letter(_cols(spec)[header])


def _rng(col: str, first: int = 2, last: int = TEMPLATE_ROWS + 1) -> str:
    return f"{col}{first}:{col}{last}"


def _validation(ws, ref: str, *, type: str | None = None, formula1: str | None = None,
                operator: str | None = None, prompt: str = "", error: str = "", title: str = "") -> None:
    dv = DataValidation(type=type, formula1=formula1, operator=operator, allow_blank=True,
                        showDropDown=False,          # True would *hide* the arrow in Excel
                        showInputMessage=bool(prompt), showErrorMessage=bool(type) and bool(error),
                        promptTitle=title[:32] or None, prompt=prompt[:255] or None,
                        errorTitle="输入有误" if error else None, error=error[:255] or None,
                        errorStyle="stop")
    dv.add(ref)
    ws.add_data_validation(dv)


class _Options:
    """The hidden sheet of drop-down lists: one column per list."""

    def __init__(self, book: Workbook):
        self.ws = book.create_sheet(OPTIONS_SHEET)
        self.ws.sheet_state = "hidden"
        self.col = 0

    def add(self, values: list[str]) -> str:
        self.col += 1
        letter = get_column_letter(self.col)
        for r, v in enumerate(values or [""], start=1):
            cell = self.ws.cell(r, self.col, v)
            if isinstance(v, str) and v.startswith("="):
                cell.data_type = "s"      # a format's name for a level is text, never a formula
        return f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$1:${letter}${max(len(values), 1)}"


# ---------------------------------------------------------------- the workbook

def blank_workbook(fm: Format, year: int | None, format_names: list[str] | None = None) -> Workbook:
    """The blank workbook of the contract for format `fm` and `year`."""
    book = Workbook()
    book.properties.creator = "jixiao"
    guide = book.active
    guide.title = GUIDE_SHEET
    options = _Options(book)
    lists = {
        "formats": options.add(format_names or [fm.name]),
        "level1": options.add([lv.name for lv in fm.scoring.framework.levels]),
        "level2": options.add(list(dict.fromkeys(x for lv in fm.scoring.framework.levels for x in lv.level2))),
        "sections": options.add(list(SECTIONS)),
        "sources": options.add(list(FUND_SOURCES)),
        "types": options.add(list(BUDGET_TYPES)),
    }
    for spec in SHEETS:
        ws = book.create_sheet(spec.name, index=len(book.sheetnames) - 1)   # before _选项
        _header(ws, spec)
        _prepare(ws, spec, fm, year, lists)
        _protect(ws)
    _write_guide(guide, fm, year)
    return book


def _header(ws, spec: Sheet) -> None:
    for i, col in enumerate(spec.columns, start=1):
        cell = ws.cell(1, i, col.header)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = col.width
        # value cells are open (the sheet is protected, these are not); numbers get two decimals
        dim.protection = Protection(locked=False)
        if col.kind in (Kind.MONEY, Kind.NUMBER):
            dim.number_format = MONEY_FORMAT
        elif col.kind is Kind.TEXT and col.width >= 30:
            dim.alignment = WRAP
    ws.freeze_panes = "A2"


def _value(ws, spec: Sheet, row: int, col: int, value: Any) -> None:
    """A value the clerk may change: open (unlocked), formatted as its column."""
    cell = ws.cell(row, col, _cell_value(value))
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"     # text the clerk typed (or last year's workbook held) stays text, never a formula
    cell.protection = Protection(locked=False)
    kind = spec.columns[col - 1].kind if col <= len(spec.columns) else Kind.TEXT
    if spec.labels and col == 2:
        lab = spec.label(str(ws.cell(row, 1).value))
        kind = lab.kind if lab else kind
    if kind in (Kind.MONEY, Kind.NUMBER) and isinstance(cell.value, (int, float)):
        cell.number_format = MONEY_FORMAT
    elif kind is Kind.DATE:
        cell.number_format = DATE_FORMAT
    elif isinstance(cell.value, str) and ("\n" in cell.value or len(cell.value) > 30):
        cell.alignment = WRAP


def _label(ws, row: int, text: str, required: bool = False, locked: bool = True) -> None:
    cell = ws.cell(row, 1, text)
    cell.fill = REQUIRED_FILL if required else LABEL_FILL
    cell.protection = Protection(locked=locked)


def _auto_column(ws, col: int, header: str, width: int = 16) -> str:
    """A helper column the program does not read (its header says so), filled by formulas."""
    letter = get_column_letter(col)
    cell = ws.cell(1, col, header)
    cell.font, cell.fill = Font(bold=True, color="7F7F7F"), AUTO_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.column_dimensions[letter].width = width
    return letter


def _prepare(ws, spec: Sheet, fm: Format, year: int | None, lists: dict[str, str]) -> None:
    name = spec.name
    for (sheet, header), text in PROMPTS.items():
        if sheet == name and header in _cols(spec):
            _validation(ws, _rng(_letter(spec, header)), prompt=text, title=header)
    if name == "基本信息":
        _info(ws, spec, fm, year, lists)
    elif name == "资金情况":
        for r, lab in enumerate(spec.labels, start=2):
            _label(ws, r, lab.label)
        last = len(spec.labels) + 1
        _validation(ws, f"B2:B{last}", type="decimal", operator="greaterThanOrEqual", formula1="0",
                    prompt=PROMPTS[("资金情况", "金额（万元）")], title="金额（万元）",
                    error="请填不小于0的数字（单位万元）。")
    elif name == "基础数据表":
        _basic(ws)
    elif name == "指标体系":
        _framework(ws, fm)
    elif name in ("绩效指标", "项目绩效指标"):
        _indicators(ws, spec, lists, project=name == "项目绩效指标")
    elif name == "项目资金":
        _validation(ws, _rng("A"), type="list", formula1="项目!$A$2:$A$" + str(TEMPLATE_ROWS + 1),
                    prompt=PROMPTS[("项目资金", "项目名称")], title="项目名称",
                    error="请选择“项目”表中已有的项目名称。")
        _validation(ws, _rng("B"), type="list", formula1=lists["sources"], prompt="从下拉列表选择资金来源。",
                    title="资金来源", error="资金来源须为：当年财政拨款、上年结转资金、其他资金。")
    elif name == "报告正文":
        _validation(ws, _rng("A"), type="list", formula1=lists["sections"], prompt=_section_prompt(fm),
                    title="章节", error="请从下拉列表选择章节。")
    elif name == "预算支出表":
        _validation(ws, _rng("A"), type="list", formula1=lists["types"], prompt=PROMPTS[("预算支出表", "预算类型")],
                    title="预算类型", error="预算类型须为：政府性基金预算、国有资本经营预算、社会保险基金预算。")
    # amounts ≥ 0 wherever a money column is not covered above
    if not spec.labels and name not in ("绩效指标", "项目绩效指标", "指标体系"):
        for col in spec.columns:
            if col.kind is Kind.MONEY:
                letter = _letter(spec, col.header)
                _validation(ws, _rng(letter), type="decimal", operator="greaterThanOrEqual", formula1="0",
                            error="请填不小于0的数字（单位万元）。")


def _info(ws, spec: Sheet, fm: Format, year: int | None, lists: dict[str, str]) -> None:
    rows = {}
    for r, lab in enumerate(spec.labels, start=2):
        _label(ws, r, lab.label, lab.required)
        rows[lab.label] = r
        _value(ws, spec, r, 2, None)
        if lab.required:   # red until filled
            ws.conditional_formatting.add(f"B{r}", FormulaRule(formula=[f'LEN(TRIM(B{r}))=0'], fill=BAD_FILL))
    _value(ws, spec, rows["年度"], 2, year)
    _value(ws, spec, rows["报告模板"], 2, fm.name)
    _validation(ws, f"B{rows['报告模板']}", type="list", formula1=lists["formats"], title="报告模板",
                prompt=PROMPTS[("基本信息", "报告模板")], error="请从下拉列表选择报告格式。")
    _validation(ws, f"B{rows['年度']}", type="whole", operator="between", formula1="2000", title="年度",
                prompt=PROMPTS[("基本信息", "年度")], error="请填四位数年份，如 2025。")
    ws.data_validations.dataValidation[-1].formula2 = "2100"
    for label in ("编制数", "实际在职人数", "上年实际在职人数"):
        _validation(ws, f"B{rows[label]}", type="whole", operator="greaterThanOrEqual", formula1="0",
                    title=label, prompt="填人数（整数）。", error="请填不小于0的整数。")
    for label in ("填报日期", "报告日期"):
        _validation(ws, f"B{rows[label]}", prompt=PROMPTS[("基本信息", label)], title=label)


def _basic(ws) -> None:
    r = 2
    for label in BASIC_ROWS:
        _label(ws, r, label)
        r += 1
        if label == "项目支出":
            for _ in range(BASIC_PROJECT_ROWS):
                ws.cell(r, 1).protection = Protection(locked=False)
                r += 1
    _validation(ws, f"B2:D{TEMPLATE_ROWS + 1}", type="decimal", operator="greaterThanOrEqual", formula1="0",
                error="请填不小于0的数字（单位万元）。")


def _framework(ws, fm: Format) -> None:
    fw = fm.scoring.framework
    rows: list[tuple[str, Any]] = []
    if fw.budget is not None:
        rows.append(("预算执行率", fw.budget))
    rows += [(lv.name, lv.weight) for lv in fw.levels]
    spec = SHEET_BY_NAME["指标体系"]
    for r, (name, weight) in enumerate(rows, start=2):
        _value(ws, spec, r, 1, name)
        _value(ws, spec, r, 2, weight)
    last = 31
    c = _auto_column(ws, 3, "三级指标分值合计（自动核对，程序不读）", 20)
    d = _auto_column(ws, 4, "分值合计（自动核对，程序不读）", 16)
    for r in range(2, last + 1):
        ws.cell(r, 3, f'=IF(OR(A{r}="",A{r}="预算执行率"),"",SUMIF(绩效指标!$I$2:$I${TEMPLATE_ROWS + 1},A{r},'
                      f'绩效指标!$F$2:$F${TEMPLATE_ROWS + 1}))')
        ws.cell(r, 3).protection = Protection(locked=True)
    counted = f"SUM(B2:B{last})" if fm.scoring.budget_in_total else f'SUMIF(A2:A{last},"<>预算执行率",B2:B{last})'
    ws.cell(2, 4, f"={counted}")
    ws.cell(2, 4).protection = Protection(locked=True)
    total = _excel_number(fm.scoring.total)
    ws.conditional_formatting.add(f"{d}2", FormulaRule(formula=[f"{d}2<>{total}"], fill=BAD_FILL, font=BAD_FONT))
    ws.conditional_formatting.add(f"B2:B{last}", FormulaRule(
        formula=[f'AND(A2<>"",A2<>"预算执行率",ISNUMBER(B2),{c}2<>B2)'], fill=BAD_FILL, font=BAD_FONT))
    _validation(ws, f"B2:B{last}", type="decimal", operator="greaterThanOrEqual", formula1="0",
                prompt=f"各一级指标分值合计应为{total}（右边自动核对）。", title="分值", error="请填不小于0的数字。")


def _indicators(ws, spec: Sheet, lists: dict[str, str], project: bool) -> None:
    col = _cols(spec)
    L = {h: get_column_letter(i) for h, i in col.items()}
    first = 2
    last = TEMPLATE_ROWS + 1
    _validation(ws, _rng(L["一级指标"]), type="list", formula1=lists["level1"], title="一级指标",
                prompt=PROMPTS[("绩效指标", "一级指标")], error="请从下拉列表选择一级指标（或留空表示同上一行）。")
    _validation(ws, _rng(L["二级指标"]), type="list", formula1=lists["level2"], title="二级指标",
                prompt=PROMPTS[("绩效指标", "二级指标")], error="请从下拉列表选择二级指标（或留空表示同上一行）。")
    _validation(ws, _rng(L["分值"]), type="decimal", operator="greaterThanOrEqual", formula1="0", title="分值",
                prompt="本指标的分值。", error="请填不小于0的数字。")
    f, g, h = L["分值"], L["得分"], L["偏差原因分析及改进措施"]
    _validation(ws, _rng(g), type="custom", formula1=f'OR({f}{first}="",AND({g}{first}>=0,{g}{first}<={f}{first}))',
                title="得分", prompt=PROMPTS[(spec.name, "得分")], error="得分须在0和本行分值之间。")
    ws.conditional_formatting.add(_rng(g), FormulaRule(
        formula=[f"AND(ISNUMBER({g}{first}),ISNUMBER({f}{first}),{g}{first}>{f}{first})"], fill=BAD_FILL, font=BAD_FONT))
    ws.conditional_formatting.add(_rng(h), FormulaRule(
        formula=[f"AND(ISNUMBER({g}{first}),ISNUMBER({f}{first}),{g}{first}<{f}{first},LEN(TRIM({h}{first}))=0)"],
        fill=WARN_FILL))
    if project:
        _validation(ws, _rng("A"), type="list", formula1="项目!$A$2:$A$" + str(last), title="项目名称",
                    prompt=PROMPTS[("项目绩效指标", "项目名称")], error="请选择“项目”表中已有的项目名称（或留空表示同上一行）。")
    else:   # the effective 一级指标 of each row (blank = the row above), for 指标体系's checks
        auto = _auto_column(ws, len(spec.columns) + 1, "一级指标（自动，程序不读）")
        a = L["一级指标"]
        ws.cell(first, len(spec.columns) + 1, f'=IF({a}{first}<>"",{a}{first},"")')
        for r in range(first + 1, last + 1):
            ws.cell(r, len(spec.columns) + 1, f'=IF({a}{r}<>"",{a}{r},{auto}{r - 1})')
        ws.column_dimensions[auto].hidden = True


def _protect(ws) -> None:
    """Header and labels locked, values open; no password; rows may be inserted and deleted,
    columns added, and the sheet sorted and filtered."""
    p = ws.protection
    p.sheet = True
    p.insertRows = p.deleteRows = p.insertColumns = p.formatCells = p.formatColumns = p.formatRows = False
    p.sort = p.autoFilter = False


def _excel_number(d: Decimal | int | float | None):
    if d is None:
        return None
    d = Decimal(str(d))
    return int(d) if d == d.to_integral_value() else float(d)


def _section_prompt(fm: Format) -> str:
    """The 章节 input message: which 章节 of this format the program writes sentences in itself."""
    own = [s for s in SECTIONS if s in generated_sentences(fm)]
    if not own:
        return "从下拉列表选择章节。"
    return (f"从下拉列表选择章节。{'、'.join(own)}的数字句子由程序自动写出（见“填写说明”），"
            "不要重复，只写程序没有写的内容。")[:255]


def _write_guide(ws, fm: Format, year: int | None) -> None:
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 50
    title = ws.cell(1, 1, f"{year or ''}年度部门（单位）整体支出绩效自评工作簿 — 填写说明（本页不被程序读取）")
    title.font = Font(bold=True, size=14)
    general = [
        f"报告格式：{fm.name}{'（' + fm['description'] + '）' if fm['description'] else ''}。",
        "每张表第1行是表头，请勿修改表头文字和工作表名称（可以调整列的顺序、增加自己的列）；数据从第2行开始。",
        "金额一律以万元为单位，填数字，保留两位小数。控制率、执行率、得分合计、总分、年中调增、结余结转、"
        "合计行由程序计算，不必填写。",
        "不必输入“一、”“（一）”“1.”等序号，程序自动编号。",
        "灰色表头的列是自动核对，程序不读；标红、标黄的单元格表示需要补填或核对。",
        "填好后运行 jixiao check 本工作簿.xlsx 检查，jixiao build 本工作簿.xlsx 生成报告。",
    ]
    r = 2
    for line in general:
        ws.cell(r, 1, line)
        r += 1
    r += 1
    for c, head in enumerate(("工作表", "用途", "怎么填", "示例（一行）"), start=1):
        cell = ws.cell(r, c, head)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for spec in SHEETS:
        r += 1
        purpose, how, example = GUIDE[spec.name]
        for c, text in enumerate((spec.name, purpose, how, example), start=1):
            ws.cell(r, c, text).alignment = WRAP
    own = generated_sentences(fm, year or 2025)
    if own:
        r += 2
        ws.cell(r, 1, "报告正文：以下句子由程序按工作簿的数字自动写出（××为数字），请不要在“报告正文”中重复，"
                      "只写程序没有写的内容。").font = Font(bold=True)
        for section in SECTIONS:
            if section in own:
                r += 1
                ws.cell(r, 1, section)
                ws.cell(r, 2, "\n".join(own[section])).alignment = WRAP
                ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
    ws.freeze_panes = "A2"


# ---------------------------------------------------------------- values into a workbook

def fill_workbook(book: Workbook, data: dict[str, Any]) -> None:
    """Write a workbook's values into a blank workbook of the contract.

    data: {"基本信息": {label: value}, "资金情况": {label: amount | [amount, 说明]},
           "基础数据表": [[项目, 上年决算数, 本年预算数, 本年决算数], …] (replaces the rows),
           "指标体系": [[一级指标, 分值], …] (replaces the format's), other sheets: [[…in column order], …]}.
    Amounts may be Decimal, int, float or text. Labels the contract does not name are added."""
    for sheet, content in data.items():
        spec = SHEET_BY_NAME.get(sheet)
        if spec is None:
            raise KeyError(f"工作簿合同中没有工作表“{sheet}”")
        ws = book[sheet]
        if spec.labels:
            rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}
            for label, value in content.items():
                r = rows.get(label)
                if r is None:
                    r = max(rows.values(), default=1) + 1
                    _label(ws, r, label)
                    rows[label] = r
                note = None
                if isinstance(value, (list, tuple)):
                    value, note = value
                _value(ws, spec, r, 2, value)
                if note is not None:
                    _value(ws, spec, r, 3, note)
        else:
            keep_formulas = sheet == "指标体系"
            for r in range(2, max(ws.max_row, len(content) + 1) + 1):
                for c in range(1, len(spec.columns) + 1):
                    if not (keep_formulas and c > 2):
                        ws.cell(r, c).value = None
            for r, row in enumerate(content, start=2):
                for c, value in enumerate(row, start=1):
                    _value(ws, spec, r, c, value)
                if sheet == "基础数据表":
                    ws.cell(r, 1).protection = Protection(locked=row[0] in BASIC_ROWS)
                    ws.cell(r, 1).fill = LABEL_FILL if row[0] in BASIC_ROWS else PatternFill()


def _cell_value(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, Decimal):
        return _excel_number(value)
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return value


def to_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes, the same bytes for the same content."""
    return xlsx_bytes(book)

def from_data(data: dict[str, Any], format_path: tuple) -> Workbook:
    """A filled workbook from a data file's content (inputs/data/*.toml): the blank workbook of
    the format its 基本信息 names, with the label sheets' values and the table sheets' rows ("表")."""
    info = data.get("基本信息", {})
    fm = load(str(info.get("报告模板", "")), format_path)
    book = blank_workbook(fm, info.get("年度"), available(format_path))
    fill_workbook(book, {**{k: v for k, v in data.items() if k != "表"}, **data.get("表", {})})
    return book
