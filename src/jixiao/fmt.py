"""The one way figures become text, for the report's text, its tables, the messages and the
summary: money and scores with two decimals, rates as percentages with two decimals, all half-up
(四舍五入); amounts in messages as entered, every decimal kept (money_as_entered). Decimal in,
str out; None is shown as "" (the caller decides what a blank reads as)."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def _cents(d: Decimal) -> Decimal:
    q = d.quantize(CENT, rounding=ROUND_HALF_UP)
    return q.copy_abs() if q == 0 else q          # never "-0.00"


def money(d: Decimal | int | None) -> str:
    """1506.955 → "1506.96"; 0.125 → "0.13"; -0.001 → "0.00"; None → ""."""
    return "" if d is None else f"{_cents(Decimal(d)):.2f}"


def money_as_entered(d: Decimal | int | None) -> str:
    """An amount in a message, every decimal it has: two decimals, or all of them when it has
    more ("500.004"), so a message never says 500.00 + 300.00 = 800.01 (money() would round)."""
    if d is None:
        return ""
    d = Decimal(d)
    return money(d) if d == _cents(d) else format(d.normalize(), "f")


def pct(r: Decimal | None) -> str:
    """A ratio as a percentage with two decimals: 0.4865 → "48.65%"."""
    return "" if r is None else f"{_cents(Decimal(r) * 100):.2f}%"


def number(d: Decimal | int | None) -> str:
    """A weight as the forms print it: 40 → "40", 2.5 → "2.50"."""
    if d is None:
        return ""
    d = Decimal(d)
    return str(int(d)) if d == d.to_integral_value() else money(d)


# How a format may show one kind of number (docs/formats.md, [numbers]): "0.00" two decimals (the
# default), "0.0" one, "0" none (rounded half-up), "whole" none when it is a whole number (10,
# 86) and two otherwise (8.50).
NUMBER_STYLES = ("0.00", "0.0", "0", "whole")


def styled(d: Decimal | int | None, style: str = "0.00") -> str:
    """A number in one of NUMBER_STYLES: styled(Decimal("86.00"), "whole") → "86"."""
    if d is None:
        return ""
    d = Decimal(d)
    if style == "whole":
        return number(d)
    places = len(style) - 2 if "." in style else 0
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    q = q.copy_abs() if q == 0 else q
    return f"{q:.{places}f}"


def styled_pct(r: Decimal | None, style: str = "0.00") -> str:
    """A ratio as a percentage in one of NUMBER_STYLES: styled_pct(Decimal("1.48"), "0") → "148%"."""
    return "" if r is None else styled(Decimal(r) * 100, style) + "%"


def count(n: int | None) -> str:
    return "" if n is None else str(n)


def date_cn(d: date | None) -> str:
    """2025年4月28日 (GB/T 9704 7.3.5: Arabic numerals, year in full, no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def date_dots(d: date | None) -> str:
    """2025.4.28, as the forms' 填报日期 is usually written."""
    return f"{d.year}.{d.month}.{d.day}" if d else ""


def figure(value, kind: str) -> str:
    """A named figure (score.figures.NamedFigure) as the report shows it."""
    if value is None:
        return ""
    return {"money": money, "score": money, "rate": pct}.get(kind, str)(value)
