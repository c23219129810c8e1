"""A1 cell references: column letters ↔ numbers, "B7" → (row, column), "A2:C5" → bounds."""
from __future__ import annotations

import re

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
_COLS: dict[str, int] = {}


def column_index(letters: str) -> int:
    """'A' → 1, 'AB' → 28."""
    n = _COLS.get(letters)
    if n is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + ord(ch) - 64
        _COLS[letters] = n
    return n


def column_letter(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def split_ref(ref: str) -> tuple[int, int] | None:
    """'B7' → (7, 2); None when it is no cell reference."""
    m = _REF.fullmatch(ref)
    if m is None:
        return None
    return int(m.group(2)), column_index(m.group(1))


def range_bounds(ref: str) -> tuple[int, int, int, int] | None:
    """'A2:C5' → (2, 1, 5, 3) (r1, c1, r2, c2), ordered; a single cell is its own range."""
    a, _, b = ref.partition(":")
    p, q = split_ref(a), split_ref(b or a)
    if p is None or q is None:
        return None
    return min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])
