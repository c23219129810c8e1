"""Workbooks for the command-line tests, made from the examples: the same data under another unit
name, year or amount (generated in the tests, never committed)."""
from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

from .conftest import EXAMPLES

PLACEHOLDER = "JIXIAOTESTUNITPLACEHOLDER"


@lru_cache(maxsize=None)
def _members(example: str, edits: tuple = ()) -> tuple[tuple[str, bytes], ...]:
    """The example's zip members with its unit name replaced by PLACEHOLDER (and `edits`:
    ((sheet, cell, value), ...) applied)."""
    wb = openpyxl.load_workbook(EXAMPLES[example])
    for row in wb["基本信息"].iter_rows(min_col=1, max_col=2):
        if row[0].value == "单位名称":
            row[1].value = PLACEHOLDER
    for sheet, cell, value in edits:
        wb[sheet][cell] = value
    buf = io.BytesIO()
    wb.save(buf)
    z = zipfile.ZipFile(buf)
    return tuple((i.filename, z.read(i)) for i in z.infolist())


def workbook(path: Path, unit: str, example: str = "000", edits: tuple = ()) -> Path:
    """A copy of an example at `path` whose 单位名称 is `unit`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in _members(example, edits):
            z.writestr(name, data.replace(PLACEHOLDER.encode(), escape(unit).encode()))
    return path


def report_name(unit: str, year: int = 2023) -> str:
    return f"{year}年度{unit}整体支出绩效自评报告.docx"
