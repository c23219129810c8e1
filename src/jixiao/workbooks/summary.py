"""The bureau's summary: one `SummaryRow` per workbook (or roster unit with none) in — the command
line makes them of its results with their status (cli/collection.py) — one .xlsx out.

- 汇总: one row per unit — first its 状态 (已生成 / 已生成（有警告） / 未生成：有错误 / 未生成：重复 /
  无法读取 / 未提交, or 可生成 when nothing is built), filled with the status's colour; then
  单位名称, 年度, 名单 (with a roster: what is wrong with the name), 报告格式, 全年预算数, 全年执行数,
  执行率, the score of each 一级指标 (one column per name found in the batch, 预算执行率 first,
  then in order of first appearance), 总分, 等级 — the scores only where they are final (the
  report was, or can be, written) — 上年总分 and 变化 (with --compare), the numbers of errors and
  warnings, the report file (only one written), the workbook, and whom to call: 主管部门, 填表人,
  联系电话, 单位负责人 (基本信息), 名单联系人, 名单联系电话 (the roster). Numbers are stored as
  numbers (formats 0.00 and 0.00%), the header is bold and filled and frozen with the unit
  column, an autofilter covers the table.
- 问题清单: every message — errors first, then warnings, then 提示 (left out with
  include_hints=False) — with its workbook, unit, status and `sheet!cell`, filterable by unit:
  at most MAX_MESSAGE_ROWS rows (each workbook keeps at most messages.MAX_MESSAGES), then one
  row saying how many are left out.
- 分数分布: the number of units per 总分 band (final 总分 only; the rest 无总分), a bar chart of
  it, and the number of units per status — the same counts as 汇总 and the console's table.

The same results give the same bytes: fixed document dates and zip entry times.

`is_summary` knows a summary by its sheets (SHEETS, in that order): the command line replaces an
existing file with a new summary only when it is one (or with --force).
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao import fmt
from jixiao.workbooks.save import xlsx_bytes

if TYPE_CHECKING:
    from jixiao.build import Outcome

MONEY, RATE, INTEGER, TEXT = "0.00", "0.00%", "0", "@"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_BORDER = Border(bottom=Side(style="thin", color="808080"))
MIN_WIDTH, MAX_WIDTH, WRAP_WIDTH = 6, 50, 60
SHEETS = ("汇总", "问题清单", "分数分布")   # a summary's sheets, in order: how one is known again
MAX_MESSAGE_ROWS = 50_000       # rows of 问题清单 (a worksheet holds 1,048,576; openpyxl keeps
                                # every cell in memory: 50,000 rows cost about 150 MB)
MAX_WORKBOOK_XML_BYTES = 1024 * 1024     # xl/workbook.xml read by is_summary (a summary's: 1 KB)
# 总分 bands of the chart: (lower bound inclusive, upper bound exclusive, label)
BANDS: tuple[tuple[Decimal | None, Decimal | None, str], ...] = (
    (None, Decimal(60), "60分以下（差）"),
    (Decimal(60), Decimal(70), "60–70（中）"),
    (Decimal(70), Decimal(80), "70–80（中）"),
    (Decimal(80), Decimal(90), "80–90（良）"),
    (Decimal(90), Decimal(95), "90–95（优）"),
    (Decimal(95), None, "95及以上（优）"),
)


@dataclass
class SummaryRow:
    """One workbook (or roster unit with none) in the summary."""
    shown: str              # the workbook, as the command line named it ("" for 未提交)
    outcome: Outcome | None  # what reading, checking (or building) it gave (None for 未提交)
    failed: bool            # its scores are not final (no report): its 总分 not shown nor counted
    errors: int
    warnings: int
    status: str = ""        # cli/collection.py's status
    colour: str = ""        # its fill
    report: str = ""        # the report file written ("" when none)
    unit: str = ""
    year: int | None = None
    roster_note: str = ""   # 名单 column: "" when on the roster
    roster_contact: str = ""
    roster_phone: str = ""
    department: str = ""    # 主管部门 (the workbook's, else the roster's)
    last: Decimal | None = None     # 上年总分
    change: Decimal | None = None   # 总分 − 上年总分


def level_names(rows: Sequence[SummaryRow]) -> list[str]:
    """Every 一级指标 name in the batch, in order of first appearance (预算执行率 comes first)."""
    names: dict[str, None] = {}
    for row in rows:
        for name, _ in (row.outcome.levels if row.outcome is not None else ()):
            names.setdefault(name, None)
    return list(names)


def summary_workbook(results: Sequence[SummaryRow], include_hints: bool = True, roster: bool = False,
                     compare: bool = False) -> bytes:
    """The summary .xlsx of `results` (in their order); `roster` adds the 名单 column, `compare`
    上年总分 and 变化."""
    wb = Workbook()
    wb.properties.creator = "jixiao"
    _overview(wb.active, results, roster, compare)
    _messages(wb.create_sheet(SHEETS[1]), results, include_hints)
    _distribution(wb.create_sheet(SHEETS[2]), results)
    return xlsx_bytes(wb)


_SHEET_NAME = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"')


def is_summary(path: Path) -> bool:
    """Whether the file at `path` is a summary this program wrote: an .xlsx whose sheets are
    SHEETS, in that order. Never raises; reads at most MAX_WORKBOOK_XML_BYTES of it."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/workbook.xml")
            if info.file_size > MAX_WORKBOOK_XML_BYTES:
                return False
            with z.open(info) as f:
                xml = f.read(MAX_WORKBOOK_XML_BYTES + 1)
    except Exception:  # noqa: BLE001 — not a zip, no workbook part, unreadable: not a summary
        return False
    from xml.sax.saxutils import unescape
    names = [unescape(m.decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"})
             for m in _SHEET_NAME.findall(xml)]
    return tuple(names) == SHEETS


def _overview(ws: Worksheet, results: Sequence[SummaryRow], roster: bool, compare: bool) -> None:
    ws.title = "汇总"
    levels = level_names(results)
    columns = ([("状态", TEXT), ("单位名称", TEXT), ("年度", INTEGER)] + ([("名单", TEXT)] if roster else [])
               + [("报告格式", TEXT), ("全年预算数（万元）", MONEY), ("全年执行数（万元）", MONEY), ("执行率", RATE)]
               + [(f"{name}得分", MONEY) for name in levels]
               + [("总分", MONEY), ("等级", TEXT)]
               + ([("上年总分", MONEY), ("变化", MONEY)] if compare else [])
               + [("错误数", INTEGER), ("警告数", INTEGER), ("报告文件", TEXT), ("工作簿", TEXT),
                  ("主管部门", TEXT), ("填表人", TEXT), ("联系电话", TEXT), ("单位负责人", TEXT)]
               + ([("名单联系人", TEXT), ("名单联系电话", TEXT)] if roster else []))
    rows = []
    for res in results:
        out = res.outcome
        final = out is not None and not res.failed
        scores = dict(out.levels) if final else {}
        row = [res.status or None, res.unit or None, res.year] + ([res.roster_note or None] if roster else [])
        row += ([out.format or None, out.budget, out.actual, out.rate] if out is not None else [None] * 4)
        row += [scores.get(name) for name in levels]
        row += [out.total, out.grade or None] if final else [None, None]
        row += [res.last, res.change] if compare else []
        row += [res.errors if out is not None else None, res.warnings if out is not None else None,
                res.report or None, res.shown or None]
        row += [res.department or None] + ([out.filled_by or None, out.phone or None, out.head or None]
                                           if out is not None else [None] * 3)
        row += [res.roster_contact or None, res.roster_phone or None] if roster else []
        rows.append(row)
    _table(ws, columns, rows, freeze="C2")
    for r, res in enumerate(results, start=2):
        if res.colour:
            ws.cell(r, 1).fill = PatternFill("solid", fgColor=res.colour)


LEVEL_ORDER = {"错误": 0, "警告": 1, "提示": 2}


def _messages(ws: Worksheet, results: Sequence[SummaryRow], include_hints: bool) -> None:
    columns = [("级别", TEXT), ("单位名称", TEXT), ("状态", TEXT), ("位置", TEXT), ("问题", TEXT),
               ("处理办法", TEXT), ("工作簿", TEXT)]
    listed = sorted(((LEVEL_ORDER.get(m.level, 3), n, k, res, m)
                     for n, res in enumerate(results) if res.outcome is not None
                     for k, m in enumerate(res.outcome.messages) if include_hints or m.level != "提示"),
                    key=lambda t: t[:3])
    rows = []
    for _, _, _, res, m in listed[:MAX_MESSAGE_ROWS]:
        rows.append([m.level, res.unit or res.shown or None, res.status or None, m.where or None, m.what,
                     m.todo or None, res.shown or None])
    if len(listed) > len(rows):
        rows.append(["提示", None, None, None, f"另有{len(listed) - len(rows)}条问题未列入本表（本表最多 {MAX_MESSAGE_ROWS} 行）",
                     "请用 jixiao check 查看各工作簿的全部问题。", None])
    _table(ws, columns, rows, freeze="A2", wrap={4, 5})


def _distribution(ws: Worksheet, results: Sequence[SummaryRow]) -> None:
    totals = [r.outcome.total for r in results
              if r.outcome is not None and r.outcome.total is not None and not r.failed]
    counts = [sum((lo is None or t >= lo) and (hi is None or t < hi) for t in totals) for lo, hi, _ in BANDS]
    rows = [[label, n] for (_, _, label), n in zip(BANDS, counts)]
    rows.append(["无总分", len(results) - len(totals)])
    _table(ws, [("总分", TEXT), ("单位数", INTEGER)], rows, freeze="A2", autofilter=False)
    chart = BarChart()
    chart.type = "col"
    chart.title = "总分分布"
    chart.y_axis.title = "单位数"
    chart.x_axis.title = "总分"
    chart.x_axis.delete = chart.y_axis.delete = False     # openpyxl 3.1 hides axes by default
    chart.legend = None
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(BANDS) + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(BANDS) + 1))
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, "D2")
    statuses: dict[str, int] = {}
    for r in results:
        statuses[r.status or "—"] = statuses.get(r.status or "—", 0) + 1
    first = len(rows) + 3
    ws.cell(first, 1, "状态").font = HEADER_FONT
    ws.cell(first, 2, "单位数").font = HEADER_FONT
    for i, (name, n) in enumerate(statuses.items(), start=first + 1):
        ws.cell(i, 1, name)
        ws.cell(i, 2, n)
    ws.cell(first + len(statuses) + 1, 1, "合计").font = HEADER_FONT
    ws.cell(first + len(statuses) + 1, 2, len(results)).font = HEADER_FONT


def _table(ws: Worksheet, columns: list[tuple[str, str]], rows: list[list], freeze: str,
           wrap: set[int] = frozenset(), autofilter: bool = True) -> None:
    """A header row and the rows under it, styled for sorting and filtering."""
    ws.append([name for name, _ in columns])
    for c in ws[1]:
        c.font, c.fill, c.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    shown = [[_excel_width(name)] for name, _ in columns]
    for r, row in enumerate(rows, start=2):
        row = [clean_cell(v) for v in row]
        ws.append(row)
        for i, value in enumerate(row):
            if value is None:
                continue
            number_format = columns[i][1]
            if isinstance(value, str) and value.startswith("="):
                ws.cell(r, i + 1).data_type = "s"       # text from a workbook is never a formula
            if number_format != TEXT or i in wrap:
                cell = ws.cell(r, i + 1)
                if number_format != TEXT:
                    cell.number_format = number_format
                if i in wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            shown[i].append(_excel_width(_as_text(value, number_format)))
    for i, widths in enumerate(shown):
        cap = WRAP_WIDTH if i in wrap else MAX_WIDTH
        ws.column_dimensions[get_column_letter(i + 1)].width = max(MIN_WIDTH, min(cap, max(widths) + 2))
    ws.freeze_panes = freeze
    if autofilter and columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    ws.print_title_rows = "1:1"                      # printed: landscape, one page wide, header on each
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def clean_cell(value):
    """Text without the control characters a worksheet cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _as_text(value, number_format: str) -> str:
    """How wide a cell shows (for the column width only; the cell keeps its number)."""
    if number_format == MONEY:
        return fmt.money(value)
    if number_format == RATE:
        return fmt.pct(value)
    return str(value)


def _excel_width(text: str) -> int:
    """A column width (in Excel's character widths) that shows `text`: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
