"""Why the reader gives up on a file (or a sheet of it): `Refused`, carrying where, what and what to
do in Chinese for the clerk. The package reader raises it without knowing the domain's messages;
read/workbook.py turns it into an error Message."""
from __future__ import annotations

RESAVE = "请用 Excel 或 WPS 打开该工作簿，另存为 .xlsx 后再试。"


class Refused(Exception):
    """The file (or a sheet of it) cannot be read: `where` ("" for the file, a sheet, or
    sheet!cell), `what` is wrong, `todo` for the clerk."""

    def __init__(self, where: str, what: str, todo: str = ""):
        super().__init__(f"{where}：{what} {todo}" if where else f"{what} {todo}")
        self.where, self.what, self.todo = where, what, todo
