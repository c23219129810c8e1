"""What one report's templates may cost, and the measures that hold a template to it (the sandbox,
sandbox.py, calls these): the limits, the step allowance, and the size of a value a template
builds, counted *before* an operation allocates — never only on its result.

The rule that makes every operation bounded: each string, list, tuple or dict a template builds is
at most MAX_TEMPLATE_STRING in `size` — characters of its strings plus one for every other item,
counted through nested lists (a list of 2,000 references to one 1,000-character string has size
2,000,000; an int counts its decimal digits). Every operation a template can do (compare, search,
turn into text, join, map) is then linear in sizes already bounded, and the ones that are not
(sum, +, membership, sorting) count their work against MAX_TEMPLATE_STEPS, WORK_PER_STEP items a
step. Every step checks the clock, so MAX_RENDER_SECONDS — and a SIGTERM, whose handler runs
between two steps — stops a runaway template within a fraction of a second.
"""
from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jinja2.sandbox import SecurityError
from jinja2.utils import Namespace

MAX_TEMPLATE_STEPS = 2_000_000     # loop iterations + calls + counted work while rendering one report
MAX_TEMPLATE_STRING = 2_000_000    # size of one string/list/dict a template builds (see `size`)
MAX_RENDERED_CHARS = 10_000_000    # characters of markup one report's templates produce (5 × a workbook's text)
MAX_RENDERED_LINES = 100_000       # lines (paragraphs, headings) of markup one report's templates produce
MAX_RENDERED_MARKS = 400_000       # `*` in that markup: each bold run takes two, and a run costs memory
MAX_RENDER_SECONDS = 20            # wall-clock time for rendering one report
MAX_INT_ARGUMENT = 100_000         # widths and counts passed to filters and methods
MAX_INT_DIGITS = 1_000             # decimal digits of a whole number a template computes
MAX_FORMAT_WIDTH = 1_000           # width or precision in a %-format ("%1000d", "%.*f" % (1000, x))
WORK_PER_STEP = 100                # items copied, compared or sorted that count as one step
MAX_TEMPLATE_BYTES = 1_000_000     # size of one template file
MAX_TEMPLATE_TOKENS = 50_000       # tokens of one template ({{, names, operators, text runs …})
MAX_TEMPLATE_NODES = 20_000        # nodes of one template once parsed (what compiling costs)
MAX_TEMPLATE_NESTING = 40          # tags in tags, brackets in brackets in a template; lists in lists it builds

_INT_LIMIT = 10 ** MAX_INT_DIGITS      # the first whole number with more than MAX_INT_DIGITS digits


class LimitExceeded(SecurityError):
    """A template went past one of the bounds above."""


def too_long() -> LimitExceeded:
    return LimitExceeded(f"模板生成的文字或列表过长（超过{MAX_TEMPLATE_STRING}）")


class StepAllowance:
    """Steps and time for one rendering; shared by the environment while it renders."""

    def __init__(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS
        self.reprs: dict[int, tuple[Any, int]] = {}     # id → (object, len(repr)): the model's objects

    def tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_TEMPLATE_STEPS:
            raise LimitExceeded(f"模板运行步数超过上限（{MAX_TEMPLATE_STEPS}步），可能有过大的循环或无限递归")
        if time.monotonic() > self.deadline:    # every step: each operation between two is bounded
            raise LimitExceeded(f"模板运行超过{MAX_RENDER_SECONDS}秒")

    def work(self, items: int) -> None:
        """`items` copied, compared or visited: one step per WORK_PER_STEP."""
        self.tick(1 + items // WORK_PER_STEP)


# ---------------------------------------------------------------- the size of a value

def _digits(n: int) -> int:
    return n.bit_length() * 30103 // 100000 + 1


def _leaf(value: Any, allowance: StepAllowance | None) -> int | None:
    """The size of a value that holds no others; None for a container."""
    if isinstance(value, str):
        return len(value) or 1
    if isinstance(value, bool) or value is None or isinstance(value, (float, range)):
        return 1
    if isinstance(value, int):
        return _digits(value)
    if isinstance(value, Decimal):
        return len(value.as_tuple().digits) + 1
    if isinstance(value, (list, tuple, set, frozenset, dict, Namespace)) or \
            type(value).__name__ in ("dict_keys", "dict_values", "dict_items"):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and allowance is not None:
        # the model's objects, handed to the template: as long as their text would be
        known = allowance.reprs.get(id(value))
        if known is None or known[0] is not value:
            known = (value, len(repr(value)))
            allowance.reprs[id(value)] = known
        return known[1] or 1
    return 1


def _children(value: Any):
    if isinstance(value, dict):
        return (x for kv in value.items() for x in kv)
    if isinstance(value, Namespace):
        return (x for kv in value._Namespace__attrs.items() for x in kv)   # noqa: SLF001 — its own storage
    if type(value).__name__ == "dict_items":
        return (x for kv in value for x in kv)
    return iter(value)


def size(value: Any, allowance: StepAllowance | None = None, limit: int = MAX_TEMPLATE_STRING) -> int:
    """Characters of the strings in `value` plus one for every other item, through nested lists,
    tuples, dicts and namespaces (a shared list counted each time it appears, as its text would
    be; a list holding itself once). Stops counting once past `limit`: the result is then only
    known to be larger. Visiting costs work on `allowance`."""
    leaf = _leaf(value, allowance)
    if leaf is not None:
        return leaf
    memo: dict[int, int] = {}
    on_path = {id(value)}
    stack: list[list] = [[value, _children(value), 0]]
    visited = 0
    total = 0
    while stack:
        top = stack[-1]
        pushed = False
        for child in top[1]:
            visited += 1
            s = _leaf(child, allowance)
            if s is None:
                cid = id(child)
                if cid in memo:
                    s = memo[cid]
                elif cid in on_path:
                    s = 1                   # printed as [...]
                else:
                    if len(stack) >= MAX_TEMPLATE_NESTING:
                        raise LimitExceeded(f"模板生成的列表嵌套过深（超过{MAX_TEMPLATE_NESTING}层）")
                    on_path.add(cid)
                    stack.append([child, _children(child), 0])
                    pushed = True
                    break
            top[2] += s
            if top[2] > limit:
                stack.clear()
                total = top[2]
                break
        else:
            stack.pop()
            on_path.discard(id(top[0]))
            done = max(1, top[2])
            memo[id(top[0])] = done
            if stack:
                stack[-1][2] += done
                if stack[-1][2] > limit:
                    total = stack[-1][2]
                    break
            else:
                total = done
        if pushed:
            continue
    if allowance is not None:
        allowance.work(visited)
    return total


def sized(value: Any, allowance: StepAllowance | None = None) -> Any:
    """`value` when within the bounds (a string, list, dict of size ≤ MAX_TEMPLATE_STRING, a whole
    number of ≤ MAX_INT_DIGITS digits); an iterator comes back bounded as it is consumed."""
    if isinstance(value, str):
        if len(value) > MAX_TEMPLATE_STRING:
            raise too_long()
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() >= 3 * MAX_INT_DIGITS and abs(value) >= _INT_LIMIT:
            raise LimitExceeded(f"模板算出的整数过大（超过{MAX_INT_DIGITS}位）")
        return value
    if isinstance(value, Iterator) and not isinstance(value, (str, bytes)):
        return bounded_iter(value, allowance)
    if _leaf(value, None) is None and size(value, allowance) > MAX_TEMPLATE_STRING:
        raise too_long()
    return value


def bounded_iter(items, allowance: StepAllowance | None):
    """An iterator a filter returns (map, select, …), bounded while it is consumed: one step an
    item, and the items together within MAX_TEMPLATE_STRING."""
    total = 0
    for item in items:
        total += size(item, allowance)
        if total > MAX_TEMPLATE_STRING:
            raise too_long()
        if allowance is not None:
            allowance.tick()
        yield item


def repeat(seq: Any, times: Any, allowance: StepAllowance | None) -> None:
    """`seq * times` refused before it is built when its size would pass the bound."""
    if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and not isinstance(times, bool):
        if times > 0 and size(seq, allowance) * times > MAX_TEMPLATE_STRING:
            raise too_long()
        if allowance is not None:
            allowance.work(len(seq) * max(times, 0))


def joined(left: Any, right: Any, allowance: StepAllowance | None) -> None:
    """`left + right` of two strings, lists or tuples refused before it is built when too big."""
    if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        if size(left, allowance) + size(right, allowance) > MAX_TEMPLATE_STRING:
            raise too_long()
        if allowance is not None:
            allowance.work(len(left) + len(right))


# ---------------------------------------------------------------- %-format

_PRINTF_SPEC = re.compile(r"%(?:\(([^)]*)\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.)", re.S)


def printf(fmt: str, args: Any, allowance: StepAllowance | None) -> None:
    """`fmt % args` refused before it is formatted when a width or precision passes
    MAX_FORMAT_WIDTH (written in `fmt`, or given by `*` in `args`) or the result could pass
    MAX_TEMPLATE_STRING (each conversion at most its width plus the largest value's size)."""
    count, widest, star = 0, 0, False
    for m in _PRINTF_SPEC.finditer(fmt):
        if m.group(4) == "%":
            continue
        count += 1
        for g in (m.group(2), m.group(3)):
            if g == "*":
                star = True
            elif g:
                widest = max(widest, int(g))
    if not count:
        return
    values = list(args.values()) if isinstance(args, dict) else list(args) if isinstance(args, tuple) else [args]
    if star:
        widest = max([widest] + [abs(v) for v in values if isinstance(v, int) and not isinstance(v, bool)])
    if widest > MAX_FORMAT_WIDTH:
        raise LimitExceeded(f"模板中的格式宽度过大（上限{MAX_FORMAT_WIDTH}）")
    largest = max((size(v, allowance) for v in values), default=1)
    if len(fmt) + count * (widest + largest) > MAX_TEMPLATE_STRING:
        raise too_long()


# ---------------------------------------------------------------- sum, counted

def bounded_sum(environment, iterable, attribute=None, start=0):
    """Jinja's `sum`, each addition a counted step: adding lists or strings copies what was added
    so far (work), and the total stays within MAX_TEMPLATE_STRING."""
    from jinja2.filters import make_attrgetter

    allowance = environment.allowance
    getter = make_attrgetter(environment, attribute) if attribute is not None else None
    total = start
    total_size = size(start, allowance) if isinstance(start, (str, list, tuple)) else 0
    for item in iterable:
        if getter is not None:
            item = getter(item)
        if isinstance(total, (str, list, tuple)) and isinstance(item, (str, list, tuple)):
            total_size += size(item, allowance)
            if total_size > MAX_TEMPLATE_STRING:
                raise too_long()
            allowance.work(len(total) + len(item))
            total = total + item
        else:
            allowance.tick()
            total = sized(total + item, allowance)    # a number: its digits bounded
    return total


__all__ = ["LimitExceeded", "StepAllowance", "size", "sized", "bounded_iter", "repeat", "joined", "printf",
           "bounded_sum", "too_long"] + [n for n in dir() if n.startswith("MAX_")] + ["WORK_PER_STEP"]
