"""The bureau's roster (名单.xlsx) for `jixiao serve --bureau`: the unit names, read through the
project's reader (read/package.py, read/sheet.py: its bounds apply) — the first sheet, the column
headed 单位名称 (or the first column), one unit a row, each once. The links go out as
单位链接.xlsx (workbooks/ writes it through openpyxl)."""
from __future__ import annotations

from pathlib import Path

from jixiao.read.package import open_package
from jixiao.read.refused import Refused
from jixiao.read.sheet import read_sheet

NAME_HEADER = "单位名称"
MAX_UNITS = 5000                       # units on one roster


class RosterError(ValueError):
    """The roster cannot be used; the message says why, in Chinese."""


def read_roster(path: Path) -> list[str]:
    try:
        package = open_package(path)
        sheets = [e for e in package.sheets if e.kind == "worksheet" and e.part]
        if not sheets:
            raise RosterError(f"名单 {Path(path).name} 中没有工作表。")
        data = read_sheet(package, sheets[0])
    except Refused as e:
        raise RosterError(f"名单 {Path(path).name} 无法读取：{e}") from e
    text = {k: str(c.value).strip() for k, c in data.cells.items() if c.value not in (None, "")}
    col, first = 1, 1
    for (r, c), v in sorted(text.items()):
        if v == NAME_HEADER:
            col, first = c, r + 1
            break
    names: list[str] = []
    for (r, c), v in sorted(text.items()):
        if c == col and r >= first and v not in names:
            names.append(v)
    if not names:
        raise RosterError(f"名单 {Path(path).name} 中没有单位：请在第一张工作表的“{NAME_HEADER}”一列填写单位名称。")
    if len(names) > MAX_UNITS:
        raise RosterError(f"名单中的单位超过 {MAX_UNITS} 个。")
    return names
