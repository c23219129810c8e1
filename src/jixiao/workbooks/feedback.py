"""The feedback file sent back to one unit (`build --feedback DIR`): a small .xlsx, one sheet 反馈 —
the unit, its status (coloured as in 汇总), what to do, the workbooks received and the report
written, then each of its messages (errors first, then warnings, then 提示) with `sheet!cell`
and what to do. The command line makes a `Feedback` per unit of its results (cli/collection.py);
the same content gives the same bytes (save.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from jixiao import fmt
from jixiao.workbooks.save import xlsx_bytes
from jixiao.workbooks.summary import HEADER_FILL, HEADER_FONT, clean_cell

FEEDBACK_SHEET = "反馈"
FEEDBACK_COLUMNS = ("级别", "位置", "问题", "处理办法", "工作簿")
FEEDBACK_WIDTHS = (8, 22, 60, 60, 30)
LEVEL_FILLS = {"错误": "FFC7CE", "警告": "FFEB9C", "提示": "FFFFFF"}


@dataclass
class FeedbackLine:
    shown: str          # the workbook
    level: str
    where: str
    what: str
    todo: str


@dataclass
class Feedback:
    """What goes back to one unit."""
    filename: str                    # safe on every system, unique in the folder
    unit: str
    year: int | None
    status: str
    colour: str                      # the status's fill, as in 汇总
    todo: str                        # what the unit is asked to do
    workbooks: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    total: Decimal | None = None     # only when final
    grade: str = ""
    lines: list[FeedbackLine] = field(default_factory=list)


def feedback_workbook(fb: Feedback) -> bytes:
    wb = Workbook()
    wb.properties.creator = "jixiao"
    ws = wb.active
    ws.title = FEEDBACK_SHEET
    title = f"{fb.year}年度{fb.unit}" if fb.year is not None else fb.unit
    ws.append([clean_cell(f"{title} 绩效自评工作簿反馈")])
    ws["A1"].font = Font(bold=True, size=14)
    head = [("状态", fb.status), ("处理办法", fb.todo), ("收到的工作簿", "、".join(fb.workbooks) or "（未收到）"),
            ("报告文件", "、".join(fb.reports) or "（未生成）")]
    if fb.total is not None:
        head.append(("总分", f"{fmt.money(fb.total)}（{fb.grade}）"))
    for label, value in head:
        ws.append([label, clean_cell(value)])
        ws.cell(ws.max_row, 1).font = HEADER_FONT
        ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=4)
        ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    ws["B2"].fill = PatternFill("solid", fgColor=fb.colour)
    ws["B2"].font = HEADER_FONT
    ws.append([])
    ws.append(list(FEEDBACK_COLUMNS))
    header = ws.max_row
    for c in ws[header]:
        c.font, c.fill = HEADER_FONT, HEADER_FILL
    for line in fb.lines:
        ws.append([clean_cell(v) or None for v in (line.level, line.where, line.what, line.todo, line.shown)])
        r = ws.max_row
        ws.cell(r, 1).fill = PatternFill("solid", fgColor=LEVEL_FILLS.get(line.level, "FFFFFF"))
        for col in (2, 3, 4):
            ws.cell(r, col).data_type = "s"
            ws.cell(r, col).alignment = Alignment(wrap_text=True, vertical="top")
    if not fb.lines:
        ws.append(["", "", "没有问题。"])
    for i, width in enumerate(FEEDBACK_WIDTHS):
        ws.column_dimensions["ABCDE"[i]].width = width
    ws.freeze_panes = f"A{header + 1}"
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    return xlsx_bytes(wb)
