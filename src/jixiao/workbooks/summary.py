"""The bureau's summary: one `SummaryRow` per workbook in (the command line makes them of its
results), one .xlsx out.

- 汇总: one row per workbook — 单位名称, 年度, 报告格式, 全年预算数, 全年执行数, 执行率, the score
  of each 一级指标 (one column per name found in the batch, 预算执行率 first, then in order of
  first appearance), 总分, 等级, the numbers of errors and warnings, the report file and the
  workbook. Numbers are stored as numbers (formats 0.00 and 0.00%), the header is bold and
  filled and frozen with the unit column, an autofilter covers the table.
- 问题清单: every message, with its workbook and `sheet!cell` — at most MAX_MESSAGE_ROWS rows
  (each workbook keeps at most messages.MAX_MESSAGES), then one row saying how many are left out.
- 分数分布: the number of units per 总分 band, and a bar chart of it.

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
    """One workbook in the summary."""
    shown: str              # the workbook, as the command line named it
    outcome: Outcome        # what reading, checking (or building) it gave
    failed: bool            # it had errors (or its report could not be written): its 总分 not counted
    errors: int
    warnings: int


def level_names(rows: Sequence[SummaryRow]) -> list[str]:
    """Every 一级指标 name in the batch, in order of first appearance (预算执行率 comes first)."""
    names: dict[str, None] = {}
    for row in rows:
        for name, _ in row.outcome.levels:
            names.setdefault(name, None)
    return list(names)


def summary_workbook(results: Sequence[SummaryRow]) -> bytes:
    """The summary .xlsx of `results` (in their order)."""
    wb = Workbook()
    wb.properties.creator = "jixiao"
    _overview(wb.active, results)
    _messages(wb.create_sheet(SHEETS[1]), results)
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


def _overview(ws: Worksheet, results: Sequence[SummaryRow]) -> None:
    ws.title = "汇总"
    levels = level_names(results)
    columns = ([("单位名称", TEXT), ("年度", INTEGER), ("报告格式", TEXT), ("全年预算数（万元）", MONEY),
                ("全年执行数（万元）", MONEY), ("执行率", RATE)]
               + [(f"{name}得分", MONEY) for name in levels]
               + [("总分", MONEY), ("等级", TEXT), ("错误数", INTEGER), ("警告数", INTEGER),
                  ("报告文件", TEXT), ("工作簿", TEXT)])
    rows = []
    for res in results:
        out = res.outcome
        scores = dict(out.levels)
        rows.append([out.unit or None, out.year, out.format or None, out.budget, out.actual, out.rate]
                    + [scores.get(name) for name in levels]
                    + [out.total, out.grade or None, res.errors, res.warnings, out.filename or None, res.shown])
    _table(ws, columns, rows, freeze="B2")


def _messages(ws: Worksheet, results: Sequence[SummaryRow]) -> None:
    columns = [("工作簿", TEXT), ("单位名称", TEXT), ("级别", TEXT), ("位置", TEXT), ("问题", TEXT),
               ("处理办法", TEXT)]
    total = sum(len(res.outcome.messages) for res in results)
    rows = []
    for res in results:
        for m in res.outcome.messages:
            if len(rows) == MAX_MESSAGE_ROWS:
                break
            rows.append([res.shown, res.outcome.unit or None, m.level, m.where or None, m.what, m.todo or None])
    if total > len(rows):
        rows.append([None, None, "提示", None, f"另有{total - len(rows)}条问题未列入本表（本表最多 {MAX_MESSAGE_ROWS} 行）",
                     "请用 jixiao check 查看各工作簿的全部问题。"])
    _table(ws, columns, rows, freeze="A2", wrap={4, 5})


def _distribution(ws: Worksheet, results: Sequence[SummaryRow]) -> None:
    totals = [r.outcome.total for r in results if r.outcome.total is not None and not r.failed]
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


def _table(ws: Worksheet, columns: list[tuple[str, str]], rows: list[list], freeze: str,
           wrap: set[int] = frozenset(), autofilter: bool = True) -> None:
    """A header row and the rows under it, styled for sorting and filtering."""
    ws.append([name for name, _ in columns])
    for c in ws[1]:
        c.font, c.fill, c.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    shown = [[_excel_width(name)] for name, _ in columns]
    for r, row in enumerate(rows, start=2):
        row = [_clean(v) for v in row]
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


def _clean(value):
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
