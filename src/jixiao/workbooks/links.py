"""单位链接.xlsx: the private link of each unit on a bureau's roster (`jixiao serve --bureau`),
for the bureau to send out."""
from __future__ import annotations

from openpyxl import Workbook

from jixiao.workbooks.save import xlsx_bytes


def links_workbook(rows: list[tuple[str, str]]) -> bytes:
    """单位链接.xlsx: each unit and its private link."""
    book = Workbook()
    ws = book.active
    ws.title = "单位链接"
    ws.append(["单位名称", "专用链接（请只发给该单位）"])
    for unit, url in rows:
        ws.append([unit, url])
        ws.cell(ws.max_row, 1).data_type = "s"     # a roster's name is text, never a formula
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 80
    return xlsx_bytes(book)
