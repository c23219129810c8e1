"""A blank workbook for a new year, written from the one contract declaration (contract.py):
every sheet with its header row, the label sheets' labels, drop-downs for the choice columns, and
a 填写说明 sheet."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .contract import SHEETS, Kind

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")


def blank_workbook(year: int | None = None) -> bytes:
    wb = Workbook()
    guide = wb.active
    guide.title = "填写说明"
    guide.append(["jixiao 绩效自评工作簿：每个工作表第1行为表头（文字不要改），数据从第2行开始。"])
    guide.append(["金额单位万元；不必输入“1.”“（一）”等序号；橙色为必填项。"])
    for spec in SHEETS:
        guide.append([f"{spec.name}：{spec.hint}"])
    guide.column_dimensions["A"].width = 100
    lists = wb.create_sheet("_选项")
    lists.sheet_state = "hidden"
    list_col = 0
    for spec in SHEETS:
        ws = wb.create_sheet(spec.name)
        ws.append([c.header for c in spec.columns])
        for i, col in enumerate(spec.columns, start=1):
            cell = ws.cell(1, i)
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
            ws.column_dimensions[get_column_letter(i)].width = col.width
            letter = get_column_letter(i)
            if col.kind is Kind.MONEY or col.kind is Kind.NUMBER:
                for r in range(2, 201):
                    ws.cell(r, i).number_format = "0.00"
            if col.choices:
                list_col += 1
                lc = get_column_letter(list_col)
                for r, choice in enumerate(col.choices, start=1):
                    lists.cell(r, list_col, choice)
                dv = DataValidation(type="list", allow_blank=True, showDropDown=False,
                                    formula1=f"{quote_sheetname('_选项')}!${lc}$1:${lc}${len(col.choices)}",
                                    errorTitle="请从列表中选择", error=f"{col.header}须为列表中的一项")
                dv.add(f"{letter}2:{letter}500")
                ws.add_data_validation(dv)
        for r, lab in enumerate(spec.labels, start=2):
            ws.cell(r, 1, lab.label)
            if lab.required:
                ws.cell(r, 1).fill = REQUIRED_FILL
            if lab.label == "年度" and year:
                ws.cell(r, 2, year)
        ws.freeze_panes = "A2"
        for row in ws.iter_rows(min_row=2, max_row=60):
            for c in row:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    wb.move_sheet("_选项", offset=len(wb.sheetnames))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
