"""The blank roster (`jixiao template --roster`): the header row read/roster.py looks for
(ROSTER_COLUMNS), a sample row to overwrite, and 填写说明 on a second sheet."""
from __future__ import annotations

from openpyxl import Workbook

from jixiao.read.roster import ROSTER_COLUMNS
from jixiao.workbooks.save import xlsx_bytes
from jixiao.workbooks.summary import HEADER_BORDER, HEADER_FILL, HEADER_FONT

ROSTER_SHEET = "名单"
ROSTER_GUIDE = (
    "名单：本局应提交绩效自评工作簿的单位，每行一个。",
    "“单位名称”必填，须与各单位工作簿“基本信息”中的单位名称一致；“主管部门”“联系人”“联系电话”可不填。",
    "列的顺序可以调整，但列标题不能改；名单须是第一张工作表。",
    "使用：jixiao build 收件文件夹 -o 报告 --summary 汇总.xlsx --roster 名单.xlsx",
    "名单上没有交工作簿的单位在汇总表中为“未提交”；不在名单上的工作簿会被标出，并给出名单上最接近的名称。",
)


def blank_roster() -> bytes:
    wb = Workbook()
    wb.properties.creator = "jixiao"
    ws = wb.active
    ws.title = ROSTER_SHEET
    ws.append(list(ROSTER_COLUMNS))
    for c in ws[1]:
        c.font, c.fill, c.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
    for letter, width in zip("ABCD", (36, 24, 12, 18)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    guide = wb.create_sheet("填写说明")
    for line in ROSTER_GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    return xlsx_bytes(wb)
