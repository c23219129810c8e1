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


MAX_TITLE_CANDIDATES = 20_000   # ways of breaking a title tried before the greedy breaking is taken


def break_title(segments: list[str], size: Length, line_width: Length) -> list[str]:
    """Lines of a title made of unbreakable `segments` (e.g. 2024年度 | 某某街道办事处 |
    整体支出绩效自评报告), broken between segments only (7.3.1: 回行时，要做到词意完整).

    Fewest lines first; among those, a 梯形 (each line no longer than the next: the longer line
    below) or a 菱形 (three or more lines, the middle ones longest); then the most even lengths.
    A segment wider than a line by itself is cut — after a place-name suffix (省 市 区 县 …) if one
    falls late enough, else where the line is full.

    Bounded time for any length: the fewest lines come from filling lines greedily (which is
    optimal for that); the shapes are searched only among breakings whose every line fits, at most
    MAX_TITLE_CANDIDATES of them, and only for six lines or fewer. Past either, the greedy lines."""
    capacity = line_width.points / size.points  # ems a line holds
    parts: list[str] = []
    for seg in segments:
        parts += _cut_segment(seg, capacity) if ems(seg) > capacity else [seg] if seg else []
    if not parts:
        return [""]
    widths = [ems(p) for p in parts]
    n = len(parts)
    greedy = _greedy(parts, widths, capacity)
    fewest = len(greedy)
    if fewest > 6:
        return greedy
    best: tuple | None = None
    budget = [MAX_TITLE_CANDIDATES]
    for k in range(fewest, min(n, 6, fewest + 1) + 1):
        for cuts in _fitting_cuts(widths, k, capacity, budget):
            lines = [sum(widths[a:b]) for a, b in zip((0,) + cuts, cuts + (n,))]
            shape_ok = _trapezoid(lines) or _diamond(lines)
            score = (0 if shape_ok else 1, k, max(lines) - min(lines), -lines[-1])
            if best is None or score < best[0]:
                best = (score, cuts)
        if budget[0] <= 0:
            return greedy
        if best is not None and best[0][0] == 0:
            break
    if best is None:
        return greedy
    cuts = best[1]
    return ["".join(parts[a:b]) for a, b in zip((0,) + cuts, cuts + (n,))]


def _greedy(parts: list[str], widths: list[float], capacity: float) -> list[str]:
    """Lines filled one after another: the fewest lines any breaking between parts can have."""
    lines, room = [""], 0.0
    for p, w in zip(parts, widths):
        if room + w > capacity + 1e-9 and lines[-1]:
            lines.append("")
            room = 0.0
        lines[-1] += p
        room += w
    return lines


def _fitting_cuts(widths: list[float], k: int, capacity: float, budget: list[int]):
    """Every way to cut the parts into k non-empty runs each no wider than `capacity`, as the
    tuple of cut positions, in increasing order (as itertools.combinations gives them); stops when
    `budget[0]` candidates have been tried."""
    n = len(widths)
    ends = [0.0]
    for w in widths:
        ends.append(ends[-1] + w)

    def extend(start: int, left: int, cuts: tuple):
        if budget[0] <= 0:
            return
        if left == 1:
            budget[0] -= 1
            if ends[n] - ends[start] <= capacity + 1e-9:
                yield cuts
            return
        for cut in range(start + 1, n - left + 2):
            if ends[cut] - ends[start] > capacity + 1e-9:
                break
            yield from extend(cut, left - 1, cuts + (cut,))
            if budget[0] <= 0:
                return

    yield from extend(0, k, ())


def _trapezoid(lines: list[float]) -> bool:
    return all(a <= b + 1e-9 for a, b in zip(lines, lines[1:]))


def _diamond(lines: list[float]) -> bool:
    if len(lines) < 3:
        return False
    top = max(lines)
    i = lines.index(top)
    return 0 < i < len(lines) - 1 and _trapezoid(lines[: i + 1]) and _trapezoid(lines[i:][::-1])


def _cut_segment(seg: str, capacity: float) -> list[str]:
    """A segment wider than a line, cut into lines: each as full as it can be, or ending after a
    place-name suffix in its second half. One pass over the segment."""
    out = []
    start = 0
    while start < len(seg):
        room, i = 0.0, start
        while i < len(seg) and room + _char_ems(seg[i]) <= capacity:
            room += _char_ems(seg[i])
            i += 1
        if i == len(seg):
            break
        i -= start          # as a position in seg[start:]
        places = [m.start() for m in _PLACE_END.finditer(seg, start + 1, start + i + 1)]
        at = places[-1] - start if places and places[-1] - start >= i // 2 else i
        at = max(at, 1)
        out.append(seg[start:start + at])
        start += at
    return out + ([seg[start:]] if start < len(seg) else [])
