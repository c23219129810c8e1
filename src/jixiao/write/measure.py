"""Text widths and heights, estimated without a layout engine: text → ems, lines, points.

The official fonts (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体, 宋体) draw every Chinese
character and full-width mark one em wide and every ASCII character half an em. The writer uses
these estimates where a decision needs a width before any application lays the page out: where to
break a title, how far to indent a 署名, whether a table row could be taller than a page.
"""
from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from jixiao.write.gbt9704 import Length, pt


def ems(text: str) -> float:
    """Width of `text` in ems: 1 for a Chinese character or full-width mark, 0.5 for ASCII."""
    if text.isascii():
        return len(text) * 0.5
    return sum(_char_ems(c) for c in text)


@lru_cache(maxsize=4096)
def _char_ems(c: str) -> float:
    if c.isascii():
        return 0.5
    return 1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5


def fast_ems(text: str) -> float:
    """`ems` for bulk use (table cells): counts UTF-8 bytes, so CJK (3 bytes) is 1 em, ASCII 0.5."""
    n = len(text)
    return 0.5 * n + 0.25 * (len(text.encode("utf-8")) - n)


def advance(text: str, size: Length, spacing: Length = pt(0)) -> Length:
    """The advance of `text` set at `size` with `spacing` added to every character."""
    return Length(ems(text) * size.points + len(text) * spacing.points)


def line_count(text: str, available: Length, size: Length, spacing: Length = pt(0)) -> int:
    """Lines `text` (with "\\n" breaks) takes in a column `available` wide; at least 1."""
    per_line = max(available.points, size.points)
    total = 0
    for line in text.split("\n"):
        w = fast_ems(line) * size.points + len(line) * spacing.points
        # line breaking leaves the end of a line short: count 5% of a line as lost
        total += max(1, math.ceil(w * 1.05 / per_line)) if line else 1
    return total


# ---------------------------------------------------------------- titles (GB/T 9704 7.3.1)

_PLACE_END = re.compile(r"(?<=[省市区县州盟旗镇乡])")


def break_title(segments: list[str], size: Length, line_width: Length) -> list[str]:
    """Lines of a title made of unbreakable `segments` (e.g. 2024年度 | 某某街道办事处 |
    整体支出绩效自评报告), broken between segments only (7.3.1: 回行时，要做到词意完整).

    Fewest lines first; among those, a 梯形 (each line no longer than the next: the longer line
    below) or a 菱形 (three or more lines, the middle ones longest); then the most even lengths.
    A segment wider than a line by itself is cut — after a place-name suffix (省 市 区 县 …) if one
    falls late enough, else where the line is full."""
    capacity = line_width.points / size.points  # ems a line holds
    parts: list[str] = []
    for seg in segments:
        parts += _cut_segment(seg, capacity) if ems(seg) > capacity else [seg] if seg else []
    if not parts:
        return [""]
    widths = [ems(p) for p in parts]
    n = len(parts)
    fewest = None  # the smallest number of lines that fits at all
    best: tuple | None = None
    for k in range(1, min(n, 6) + 1):
        if fewest is not None and k > fewest + 1:
            break  # one extra line buys a proper shape; more does not
        for cuts in _compositions(n, k):
            lines = [sum(widths[a:b]) for a, b in zip((0,) + cuts, cuts + (n,))]
            if max(lines) > capacity + 1e-9:
                continue
            fewest = k if fewest is None else fewest
            shape_ok = _trapezoid(lines) or _diamond(lines)
            score = (0 if shape_ok else 1, k, max(lines) - min(lines), -lines[-1])
            if best is None or score < best[0]:
                best = (score, cuts)
        if best is not None and best[0][0] == 0:
            break
    if best is None:  # longer than six lines: fill lines greedily
        lines, room = [""], 0.0
        for p, w in zip(parts, widths):
            if room + w > capacity + 1e-9 and lines[-1]:
                lines.append("")
                room = 0.0
            lines[-1] += p
            room += w
        return lines
    cuts = best[1]
    return ["".join(parts[a:b]) for a, b in zip((0,) + cuts, cuts + (n,))]


def _trapezoid(lines: list[float]) -> bool:
    return all(a <= b + 1e-9 for a, b in zip(lines, lines[1:]))


def _diamond(lines: list[float]) -> bool:
    if len(lines) < 3:
        return False
    top = max(lines)
    i = lines.index(top)
    return 0 < i < len(lines) - 1 and _trapezoid(lines[: i + 1]) and _trapezoid(lines[i:][::-1])


def _compositions(n: int, k: int):
    """Every way to cut n parts into k non-empty runs, as the tuple of cut positions."""
    if k == 1:
        yield ()
        return
    from itertools import combinations
    yield from combinations(range(1, n), k - 1)


def _cut_segment(seg: str, capacity: float) -> list[str]:
    out = []
    while ems(seg) > capacity:
        room, i = 0.0, 0
        while i < len(seg) and room + _char_ems(seg[i]) <= capacity:
            room += _char_ems(seg[i])
            i += 1
        places = [m.start() for m in _PLACE_END.finditer(seg, 1, i + 1)]
        at = places[-1] if places and places[-1] >= i // 2 else i
        out.append(seg[:at])
        seg = seg[at:]
    return out + ([seg] if seg else [])
