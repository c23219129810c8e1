"""Errors and warnings, each located at `sheet!cell`, in Chinese."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .contract import SHEET_ORDER

Level = Literal["错误", "警告", "提示"]


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


def sort_messages(msgs: list[Message]) -> list[Message]:
    seen: set[Message] = set()
    out = []
    for m in sorted(msgs, key=Message.sort_key):
        if m not in seen:
            seen.add(m)
            out.append(m)
    return out
