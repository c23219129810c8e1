"""Formulas without a cached value (a workbook written by a program and never opened in Excel):
formula text and the sheet's cells in, a Decimal out — or None when this program cannot be sure
of the figure Excel would show; the reader then names the cell and asks the clerk to open and
save the workbook in Excel/WPS.

What is evaluated, as Excel does it: numbers, references and ranges on the same sheet
(`B3`, `$B$3`, `B2:B9`, `F:F`, `2:5`), `+ - * / ^ %`, unary minus and plus (`=500--7.83` is
507.83, `=--B3` is B3, `-2^2` is 4: negation binds tighter than `^`), parentheses, `SUM(...)`
(text, logical values and blanks in referenced cells ignored, as Excel ignores them) and
`ROUND(x, n)` (halves away from zero). Anything else — other functions, other sheets, names,
text operators, comparisons, a division by zero, a referenced error value, a number typed as
text inside a SUM range (Excel skips it; the clerk probably did not mean that) — is None.
Memoised and cycle-safe; the work per sheet is bounded, so no formula can hang the read.
"""
from __future__ import annotations

import re
from decimal import (ROUND_HALF_UP, Context, Decimal, DecimalException, DivisionByZero,
                     InvalidOperation, Overflow, localcontext)
from typing import Callable

from jixiao.read.clean import float_decimal, no_negative_zero
from jixiao.read.limits import MAX_COLS, MAX_ROWS
from jixiao.read.refs import column_index, column_letter
from jixiao.read.sheetdata import ExcelError, SheetData

MAX_FORMULA_CHARS = 8192        # Excel's own limit for one formula
MAX_NESTING = 64                # parentheses and functions nested in one formula (Excel: 64)
MAX_FORMULA_DEPTH = 50          # a formula referring to a formula referring to …
MAX_FORMULA_VISITS = 200_000    # referenced cells visited per sheet

LIMITS = ("MAX_FORMULA_CHARS", "MAX_NESTING", "MAX_FORMULA_DEPTH", "MAX_FORMULA_VISITS")
EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384     # Excel's grid: A1:XFD1048576


class Unevaluable(Exception):
    pass


_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<func>[A-Za-z_][A-Za-z0-9_.]*)\(
  | (?P<cells>\$?[A-Za-z]{1,3}\$?\d{1,7}(?::\$?[A-Za-z]{1,3}\$?\d{1,7})?)(?![\w(!])
  | (?P<cols>\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3})(?![\w(!])
  | (?P<rows>\$?\d{1,7}:\$?\d{1,7})(?![\w(!.])
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<bool>TRUE|FALSE)(?![\w(!])
  | (?P<op>[-+*/^%(),])
""", re.X | re.I)
_PART = re.compile(r"(\$?)([A-Za-z]{1,3})?(\$?)(\d{1,7})?")


def tokens(formula: str) -> list[tuple[str, str]]:
    """(kind, text) pairs; raises Unevaluable on anything not listed in the module docstring."""
    text = formula[1:] if formula.startswith("=") else formula
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise Unevaluable(text[pos:pos + 10])
        kind = m.lastgroup
        if kind == "func":
            out.append((kind, m.group("func").upper()))
        elif kind != "space":
            out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def translate(formula: str, dr: int, dc: int) -> str:
    """A shared formula moved from its master cell by (dr, dc): relative references shift,
    $-anchored ones stay. Text the tokenizer does not know is kept as is (it will not evaluate)."""
    out, pos = [], 0
    text = formula
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            out.append(text[pos:])
            break
        kind = m.lastgroup
        piece = m.group(0)
        if kind in ("cells", "cols", "rows"):
            piece = ":".join(_shift(p, dr, dc) for p in piece.split(":"))
        out.append(piece)
        pos = m.end()
    return "".join(out)


def _shift(ref: str, dr: int, dc: int) -> str:
    """One end of a reference moved; off Excel's grid it is #REF! (as in Excel), which never
    evaluates."""
    m = _PART.fullmatch(ref)
    if m is None:
        return ref
    col_abs, col, row_abs, row = m.groups()
    s = ""
    if col:
        c = column_index(col) if col_abs else column_index(col) + dc
        if not 1 <= c <= EXCEL_COLS:
            return "#REF!"
        s += col_abs + column_letter(c)
    if row:
        n = int(row) if row_abs else int(row) + dr
        if not 1 <= n <= EXCEL_ROWS:
            return "#REF!"
        s += row_abs + str(n)
    return s


class _Range:
    """A reference as an operand: rows r1..r2, columns c1..c2 (a single cell when equal)."""
    __slots__ = ("r1", "c1", "r2", "c2")

    def __init__(self, r1, c1, r2, c2):
        self.r1, self.c1, self.r2, self.c2 = r1, c1, r2, c2

    @property
    def single(self) -> bool:
        return self.r1 == self.r2 and self.c1 == self.c2


def _bounds(kind: str, text: str) -> _Range:
    """A reference's cells; anything that is not a cell of Excel's grid (XYZ1, a defined name
    that looks like a cell, a column beyond XFD, row 0 or beyond 1,048,576) is Unevaluable —
    never a blank cell."""
    a, _, b = text.replace("$", "").upper().partition(":")
    b = b or a
    if kind == "cols":
        c1, c2 = column_index(a), column_index(b)
        r1 = r2 = 1
        rng = _Range(1, min(c1, c2), EXCEL_ROWS, max(c1, c2))
    elif kind == "rows":
        r1, r2 = int(a), int(b)
        c1 = c2 = 1
        rng = _Range(min(r1, r2), 1, max(r1, r2), EXCEL_COLS)
    else:
        ma, mb = _PART.fullmatch(a), _PART.fullmatch(b)
        c1, r1 = column_index(ma.group(2)), int(ma.group(4))
        c2, r2 = column_index(mb.group(2)), int(mb.group(4))
        rng = _Range(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))
    if not (1 <= min(r1, r2) and max(r1, r2) <= EXCEL_ROWS and 1 <= min(c1, c2) and max(c1, c2) <= EXCEL_COLS):
        raise Unevaluable(f"not a cell of the grid: {text}")
    return rng


class Evaluator:
    """The formulas of one sheet. `value(r, c)` is the number a formula cell without a cached
    value would show in Excel, or None."""

    def __init__(self, sheet: SheetData):
        self.sheet = sheet
        self.cells = sheet.cells
        self.rows = min(max(sheet.last_row, 0), MAX_ROWS + 1)   # what is stored
        self.extent = sheet.extent                              # what exists anywhere
        self.memo: dict[tuple[int, int], Decimal | None] = {}
        self.left = MAX_FORMULA_VISITS
        self.depth = 0
        self.context = Context(prec=28, traps=[InvalidOperation, DivisionByZero, Overflow])

    # -- cells ---------------------------------------------------------------------------------

    def value(self, r: int, c: int) -> Decimal | None:
        """A formula cell's number (memoised; a cycle or anything unevaluable is None)."""
        key = (r, c)
        if key in self.memo:
            return self.memo[key]
        cell = self.cells.get(key)
        if cell is None or cell.formula is None:
            return None
        self.memo[key] = None                   # in progress: a cycle is unevaluable
        self.depth += 1
        try:
            if self.depth <= MAX_FORMULA_DEPTH:
                self.memo[key] = self.evaluate(cell.formula)
        finally:
            self.depth -= 1
        return self.memo[key]

    def evaluate(self, formula: str) -> Decimal | None:
        if len(formula) > MAX_FORMULA_CHARS:
            return None
        try:
            with localcontext(self.context):
                parser = _Parser(tokens(formula), self)
                result = parser.parse()
                if isinstance(result, _Range):
                    result = self.scalar(result)
                return no_negative_zero(+result)
        except (Unevaluable, DecimalException, ValueError, OverflowError, RecursionError):
            return None

    def visit(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise Unevaluable("budget")

    def outside(self, r: int, c: int) -> bool:
        """Beyond what the reader keeps: blank if nothing exists there, else unknown
        (Unevaluable). Inside, the stored cells are the whole truth."""
        if r > MAX_ROWS + 1 or c > MAX_COLS:
            if r <= self.extent[0] and c <= self.extent[1]:
                raise Unevaluable("beyond the cells read")
            return True
        return False

    def cell_number(self, r: int, c: int) -> Decimal:
        """A single referenced cell in arithmetic: numbers, blanks (0), logicals (1/0), numeric
        text coerced (Excel does); anything else is unevaluable."""
        self.visit()
        if self.outside(r, c):
            return Decimal(0)
        cell = self.cells.get((r, c))
        if cell is None:
            return Decimal(0)
        if cell.formula is not None and cell.value is None:
            v = self.value(r, c)
            if v is None:
                raise Unevaluable("formula")
            return v
        return _formula_number(cell.value, cell.serial, coerce=True)

    def scalar(self, rng: _Range) -> Decimal:
        if not rng.single:
            raise Unevaluable("a range where one value is needed")
        return self.cell_number(rng.r1, rng.c1)

    def sum_range(self, rng: _Range) -> Decimal:
        """SUM over a reference: numbers only; blanks, text and logicals skipped as Excel does,
        but a number typed as text is unevaluable (Excel would skip it)."""
        r2 = min(rng.r2, max(self.rows, self.extent[0]))
        c2 = min(rng.c2, max(MAX_COLS, self.extent[1]))
        if max(r2 - rng.r1 + 1, 0) * max(c2 - rng.c1 + 1, 0) > self.left:
            raise Unevaluable("range too large")
        total = Decimal(0)
        for r in range(rng.r1, r2 + 1):
            for c in range(rng.c1, c2 + 1):
                self.visit()
                if self.outside(r, c):
                    continue
                cell = self.cells.get((r, c))
                if cell is None:
                    continue
                if cell.formula is not None and cell.value is None:
                    v = self.value(r, c)
                    if v is None:
                        raise Unevaluable("formula")
                    total += v
                    continue
                v = cell.value
                if v is None or isinstance(v, bool):
                    continue
                if isinstance(v, str):
                    if _NUMERIC_TEXT.fullmatch(v.strip()):
                        raise Unevaluable("a number typed as text in a SUM range")
                    continue
                total += _formula_number(v, cell.serial, coerce=False)
        return total


_NUMERIC_TEXT = re.compile(r"[+-]?(\d[\d,]*\.?\d*|\.\d+)([eE][+-]?\d+)?%?|[＋－]?[０-９，．]+％?")
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _formula_number(v: object, serial, coerce: bool) -> Decimal:
    if isinstance(v, ExcelError):
        raise Unevaluable(v.code)
    if isinstance(v, bool):
        return Decimal(int(v))
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            raise Unevaluable("not finite")
        return float_decimal(v)
    if isinstance(v, Decimal):
        return v
    if serial is not None:                     # a date or time: Excel computes with its serial
        return _formula_number(serial, None, coerce)
    if isinstance(v, str) and coerce:
        s = v.strip(" ")
        if _PLAIN_NUMBER.fullmatch(s):
            return Decimal(s)
    raise Unevaluable(f"not a number: {str(v)[:20]}")


class _Parser:
    """Recursive descent over Excel's precedence: + - < * / < ^ < % < unary - + < primary."""

    def __init__(self, toks: list[tuple[str, str]], ev: Evaluator):
        self.toks = toks
        self.i = 0
        self.ev = ev
        self.nesting = 0

    def peek(self) -> tuple[str, str]:
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "")

    def take(self) -> tuple[str, str]:
        t = self.peek()
        self.i += 1
        return t

    def expect(self, op: str) -> None:
        if self.take() != ("op", op):
            raise Unevaluable(f"expected {op}")

    def parse(self):
        if not self.toks:
            raise Unevaluable("empty")
        v = self.additive()
        if self.peek()[0] != "end":
            raise Unevaluable("trailing")
        return v

    def num(self, v) -> Decimal:
        return self.ev.scalar(v) if isinstance(v, _Range) else v

    def additive(self):
        v = self.multiplicative()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            w = self.num(self.multiplicative())
            v = self.num(v) + w if op == "+" else self.num(v) - w
        return v

    def multiplicative(self):
        v = self.power()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            w = self.num(self.power())
            if op == "*":
                v = self.num(v) * w
            else:
                if w == 0:
                    raise Unevaluable("#DIV/0!")
                v = self.num(v) / w
        return v

    def power(self):
        v = self.percent()
        while self.peek() == ("op", "^"):
            self.take()
            w = self.num(self.percent())
            if w != w.to_integral_value() or abs(w) > 100:
                raise Unevaluable("power")
            base = self.num(v)
            if base == 0 and w < 0:
                raise Unevaluable("#DIV/0!")
            v = base ** int(w)
        return v

    def percent(self):
        v = self.unary()
        while self.peek() == ("op", "%"):
            self.take()
            v = self.num(v) / 100
        return v

    def unary(self):
        kind, text = self.peek()
        if (kind, text) in (("op", "-"), ("op", "+")):
            self.take()
            self.nest()
            try:
                v = self.num(self.unary())
            finally:
                self.nesting -= 1
            return -v if text == "-" else v
        return self.primary()

    def nest(self) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise Unevaluable("nesting")

    def primary(self):
        kind, text = self.take()
        if kind == "number":
            return Decimal(text)
        if kind == "bool":
            return Decimal(1 if text.upper() == "TRUE" else 0)
        if kind in ("cells", "cols", "rows"):
            return _bounds(kind, text)
        if kind == "op" and text == "(":
            self.nest()
            v = self.additive()
            self.expect(")")
            self.nesting -= 1
            return v
        if kind == "func":
            self.nest()
            v = self.function(text)
            self.nesting -= 1
            return v
        raise Unevaluable(f"unexpected {text}")

    def arguments(self) -> list:
        args = []
        if self.peek() == ("op", ")"):
            self.take()
            return args
        while True:
            args.append(self.additive())
            kind, text = self.take()
            if (kind, text) == ("op", ")"):
                return args
            if (kind, text) != ("op", ","):
                raise Unevaluable("argument list")

    def function(self, name: str):
        fn: Callable | None = {"SUM": self.fn_sum, "ROUND": self.fn_round}.get(name)
        if fn is None:
            raise Unevaluable(f"function {name}")
        return fn(self.arguments())

    def fn_sum(self, args: list) -> Decimal:
        if not args:
            raise Unevaluable("SUM()")
        total = Decimal(0)
        for a in args:
            total += self.ev.sum_range(a) if isinstance(a, _Range) else a
        return total

    def fn_round(self, args: list) -> Decimal:
        if len(args) != 2:
            raise Unevaluable("ROUND arguments")
        x, n = (self.num(a) for a in args)
        n = int(n)                           # Excel truncates the digits argument
        if abs(n) > 15:
            raise Unevaluable("ROUND digits")
        return x.quantize(Decimal(1).scaleb(-n), rounding=ROUND_HALF_UP)
