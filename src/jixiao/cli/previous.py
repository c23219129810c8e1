"""A new report against the previous version in the output folder: the same bytes, what changed
(`diff.Changes`), or a note why it was not compared.

A previous version beyond MAX_OLD_REPORT_BYTES or diff.py's limits is not compared (a 提示 says so)
and is simply replaced; a link, a folder or anything unreadable in its place is never read (there
is no previous report). Without lxml, or when the previous report cannot be parsed, the new one
simply replaces it.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.messages import Message, note

if TYPE_CHECKING:
    from jixiao.cli.diff import Changes

MAX_OLD_REPORT_BYTES = 16 * 1024 * 1024      # a previous "report" larger than this is not read
                                             # (2,000 indicator rows make a 92 KB report)


@dataclass
class Comparison:
    unchanged: bool = False                  # the previous report has the very same bytes
    changes: Changes | None = None           # what changed, when it could be told
    note: Message | None = None              # why it was not compared
    edits: list[str] | None = None           # paragraphs the clerk changed in Word (own_text.hand_edits)


def compare_with_previous(data: bytes, target: Path) -> Comparison:
    """The report `data` against the previous one at `target`."""
    old = _previous(target)
    if isinstance(old, str):
        return Comparison(note=_not_compared(old))
    if old == data:
        return Comparison(unchanged=True)
    if old is None:
        return Comparison()
    edits = _hand_edits(old)
    try:
        from jixiao.cli.diff import TooLarge, compare   # lxml: only when a previous report is there
    except ImportError:                       # no lxml: the old report is simply replaced
        return Comparison()
    try:
        return Comparison(changes=compare(old, data), edits=edits)
    except TooLarge as e:
        return Comparison(note=_not_compared(e.what), edits=edits)
    except Exception:  # noqa: BLE001 — an unreadable old report is simply replaced
        return Comparison(edits=edits)


def _hand_edits(old: bytes) -> list[str] | None:
    """What the clerk changed in the previous report after the program wrote it (the report
    embeds its own text: write/own_text.py); None when it cannot tell (an older report)."""
    from jixiao.write.figures_part import read_own_texts
    from jixiao.write.own_text import document_texts, hand_edits
    own = read_own_texts(old)
    now = document_texts(old) if own is not None else None
    if own is None or now is None:
        return None
    return hand_edits(own, now) or None


def _not_compared(why: str) -> Message:
    return note("", f"上一版报告太大（{why}），未与新报告逐项比较，将直接替换")


def _previous(target: Path) -> bytes | str | None:
    """The previous report's bytes; None when there is none (or a link, a folder, something
    unreadable in its place); why not, when it is too large to read."""
    try:
        st = os.lstat(target)
        if not stat.S_ISREG(st.st_mode):
            return None
        if st.st_size > MAX_OLD_REPORT_BYTES:
            return f"{st.st_size // (1024 * 1024)} MB，超过 {MAX_OLD_REPORT_BYTES // (1024 * 1024)} MB"
        with open(target, "rb") as f:
            return f.read(MAX_OLD_REPORT_BYTES + 1)
    except OSError:
        return None
