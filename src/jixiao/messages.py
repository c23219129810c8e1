"""Errors and warnings, each located at `sheet!cell`, in Chinese.

A workbook keeps at most MAX_MESSAGES of them (`sort_messages`): errors first, then warnings, then
notes, each kept in sheet and cell order, and one last message "另有N条问题未列出" at the level of
the gravest one left out — so a workbook broken in every row costs check, build and summary a
thousand lines, not a million (and a build with errors left out still has an error)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from jixiao.contract import SHEET_ORDER

Level = Literal["错误", "警告", "提示"]
LEVELS: tuple[Level, ...] = ("错误", "警告", "提示")     # gravest first
MAX_MESSAGES = 1000          # messages kept per workbook; the rest are counted in one more


@dataclass(frozen=True)
class Message:
    level: Level
    where: str        # "资金情况!B7", "绩效指标", or "" for the file itself
    what: str         # what is wrong
    todo: str = ""    # what to do

    def __str__(self) -> str:
        loc = f"{self.where}：" if self.where else ""
        tail = f" {self.todo}" if self.todo else ""
        return f"{self.level} {loc}{self.what}{tail}"

    @property
    def is_error(self) -> bool:
        return self.level == "错误"

    def sort_key(self) -> tuple:
        sheet, _, cell = self.where.partition("!")
        m = re.match(r"([A-Z]+)(\d+)", cell)
        col, row = (m.group(1), int(m.group(2))) if m else ("", 0)
        return (SHEET_ORDER.get(sheet, -1 if not sheet else 99), row, len(col), col,
                {"错误": 0, "警告": 1, "提示": 2}[self.level], self.what)


def error(where: str, what: str, todo: str = "") -> Message:
    return Message("错误", where, what, todo)


def warning(where: str, what: str, todo: str = "") -> Message:
    return Message("警告", where, what, todo)


def note(where: str, what: str, todo: str = "") -> Message:
    return Message("提示", where, what, todo)


def sort_messages(msgs: list[Message], limit: int = MAX_MESSAGES) -> list[Message]:
    """The messages in sheet and cell order, each once, at most `limit` of them plus one saying
    how many more there are (`cap_messages`)."""
    seen: set[Message] = set()
    out = []
    for m in sorted(msgs, key=Message.sort_key):
        if m not in seen:
            seen.add(m)
            out.append(m)
    return cap_messages(out, limit)


def cap_messages(msgs: list[Message], limit: int = MAX_MESSAGES) -> list[Message]:
    """At most `limit` of `msgs` — errors before warnings before notes, in their order — and, when
    some are left out, a last message at the level of the gravest of them saying how many."""
    if len(msgs) <= limit:
        return msgs
    rank = {level: i for i, level in enumerate(LEVELS)}
    kept = set(sorted(range(len(msgs)), key=lambda i: (rank[msgs[i].level], i))[:limit])
    left = [m for i, m in enumerate(msgs) if i not in kept]
    counts = "，".join(f"{level} {n} 条" for level in LEVELS
                      if (n := sum(m.level == level for m in left)))
    gravest = min((m.level for m in left), key=rank.__getitem__)
    return [m for i, m in enumerate(msgs) if i in kept] + [Message(
        gravest, "", f"另有{len(left)}条问题未列出（{counts}）",
        f"只列出了前 {limit} 条；请先改正上面列出的问题，再检查一次。")]
