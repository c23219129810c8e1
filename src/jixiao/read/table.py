"""A plain table in an .xlsx, read with the project's own streaming reader (package.py, sheet.py):
`read_table(path, columns, sheet=...) -> TableRows`. The header row is the first row, among the
first MAX_HEADER_ROW, holding the table's first column's name; its named columns are found by
their header text (spaces, width and a trailing `：` ignored), in any order; the rows under it are
read to the first MAX_BLANK_RUN blank rows in a row. Used for the bureau's roster (roster.py) and
last year's summary (last_scores.py). Never raises: a file that cannot be read is one error.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.messages import Message, error
from jixiao.read.clean import clean_text
from jixiao.read.package import open_package
from jixiao.read.refs import column_letter
from jixiao.read.refused import Refused
from jixiao.read.sheet import read_sheet

MAX_HEADER_ROW = 10           # the header row is looked for in the first rows only
MAX_BLANK_RUN = 50            # this many blank rows in a row end the table


@dataclass
class TableRows:
    """The rows read: column name → (cell value, `sheet!cell`), for each row that has any value."""
    sheet: str = ""
    rows: list[dict[str, tuple[object, str]]] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    ok: bool = False


def _key(text: object) -> str:
    s = unicodedata.normalize("NFKC", clean_text(text))
    return "".join(ch for ch in s if not ch.isspace()).rstrip(":").replace("(", "（").replace(")", "）")


def read_table(path: Path | str, columns: tuple[str, ...], sheet: str = "", what: str = "表") -> TableRows:
    """The table whose first column is columns[0], on the sheet named `sheet` (else the first
    visible worksheet). `what` names the file in messages (名单, 上年汇总表)."""
    path = Path(path)
    out = TableRows()
    try:
        package = open_package(path)
        worksheets = [e for e in package.sheets if e.kind == "worksheet" and e.part]
        chosen = [e for e in worksheets if _key(e.name) == _key(sheet)] if sheet else []
        if sheet and not chosen:
            out.messages.append(error("", f"{what} {path.name} 中没有工作表“{sheet}”",
                                      f"请选择 jixiao 写出的{what}（其中有工作表“{sheet}”）。"))
            return out
        visible = [e for e in worksheets if e.state == "visible"] or worksheets
        if not (chosen or visible):
            out.messages.append(error("", f"{what} {path.name} 中没有工作表", "请检查文件是否选对。"))
            return out
        entry = (chosen or visible)[0]
        data = read_sheet(package, entry)
    except Refused as r:
        out.messages.append(error(r.where, r.what, r.todo))
        return out
    out.sheet = entry.name
    wanted = {_key(c): c for c in columns}
    header_row, at = 0, {}
    for r in range(1, MAX_HEADER_ROW + 1):
        found = {col: wanted[_key(c.value)] for (row, col), c in data.cells.items()
                 if row == r and _key(c.value) in wanted}
        if columns[0] in found.values():
            header_row, at = r, found
            break
    if not header_row:
        out.messages.append(error(entry.name, f"{what} {path.name} 的工作表“{entry.name}”前 {MAX_HEADER_ROW} 行中"
                                              f"没有“{columns[0]}”列标题",
                                  f"请在第一行写列标题“{'”“'.join(columns)}”（可只写“{columns[0]}”），"
                                  "从第二行起每行一个单位。"))
        return out
    blank = 0
    for r in range(header_row + 1, data.last_row + 1):
        row = {}
        for col, name in at.items():
            cell = data.cells.get((r, col))
            if cell is not None and clean_text(cell.value) != "":
                row[name] = (cell.value, f"{entry.name}!{column_letter(col)}{r}")
        if not row:
            blank += 1
            if blank >= MAX_BLANK_RUN:
                break
            continue
        blank = 0
        out.rows.append(row)
    out.ok = True
    return out
