"""The bureau's roster (名单.xlsx): the units expected to submit a workbook. Its layout
(docs/workbook.md, "The roster"): one worksheet (the first visible one), a header row with
ROSTER_COLUMNS — 单位名称 required, 主管部门, 联系人, 联系电话 optional, in any order — and one unit a
row under it. `jixiao template --roster` writes the blank one (workbooks/roster.py).

`read_roster(path) -> (units, messages)`: never raises; a unit named twice is a warning and
kept once.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jixiao.messages import Message, warning
from jixiao.read.clean import clean_text
from jixiao.read.table import read_table

ROSTER_COLUMNS = ("单位名称", "主管部门", "联系人", "联系电话")
MAX_ROSTER_UNITS = 10_000     # rows of a roster read (a district has hundreds at most)


@dataclass(frozen=True)
class RosterUnit:
    """One unit on the roster."""
    name: str
    department: str = ""      # 主管部门
    contact: str = ""         # 联系人
    phone: str = ""           # 联系电话
    where: str = ""           # its 单位名称 cell, `sheet!cell`


def name_key(unit: str) -> str:
    """A unit's name as compared: width, spaces and invisible characters ignored."""
    s = unicodedata.normalize("NFKC", unit)
    return "".join(ch for ch in s if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc")).casefold()


def read_roster(path: Path | str) -> tuple[list[RosterUnit], list[Message]]:
    table = read_table(path, ROSTER_COLUMNS, what="名单")
    msgs = list(table.messages)
    units: list[RosterUnit] = []
    seen: dict[str, RosterUnit] = {}
    for row in table.rows[:MAX_ROSTER_UNITS]:
        if "单位名称" not in row:
            continue
        text = {c: clean_text(row[c][0]) if c in row else "" for c in ROSTER_COLUMNS}
        unit = RosterUnit(text["单位名称"], text["主管部门"], text["联系人"], text["联系电话"], row["单位名称"][1])
        key = name_key(unit.name)
        if key in seen:
            msgs.append(warning(unit.where, f"名单中“{unit.name}”出现了两次（另见 {seen[key].where}），只计一次",
                                "请删除名单中重复的一行。"))
            continue
        seen[key] = unit
        units.append(unit)
    if len(table.rows) > MAX_ROSTER_UNITS:
        msgs.append(warning(table.sheet, f"名单超过 {MAX_ROSTER_UNITS} 行，只读了前 {MAX_ROSTER_UNITS} 行",
                            "请检查名单是否选对。"))
    if table.ok and not units:
        msgs.append(warning(table.sheet, "名单中没有单位", "请在“单位名称”列下每行填一个单位。"))
    return units, msgs
