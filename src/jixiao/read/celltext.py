"""A cell's value as the clerk sees it in Excel (Kind.CELLTEXT, the 指标值 columns): a number
rendered through its number format (95% for 0.95 formatted 0%, 7.00 for 0.00, 10户 for 0"户"),
a date, time or duration through a date/time format (2024年6月1日, 18时05分, 26:00)."""
from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

from jixiao.read.clean import clean_text, float_decimal, format_plain, no_negative_zero
from jixiao.read.dates import duration_text, time_text
from jixiao.read.numfmt import (ELAPSED, format_sections, has_letters, is_date_section, literal_text,
                                section_for)


def cell_text(value: object, number_format: str = "") -> str:
    """A value kept as the clerk sees it in Excel (指标值): a number through its number format
    (95% for 0.95 formatted 0%, 7.00 for 0.00, 10户 for 0"户"; plainly under General), a
    duration as total hours (26:00), a time as 18:00, a date in the Chinese form when the
    format has 年/月/日; text as written."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                return clean_text(value)
            d = float_decimal(value)
        else:
            d = no_negative_zero(Decimal(value))
        if not d.is_finite():
            return clean_text(value)
        return clean_text(_number_shown(d, number_format))
    if isinstance(value, (datetime, date, dt.time, dt.timedelta)):
        return clean_text(_moment_shown(value, number_format))
    return clean_text(value)


def _number_shown(d: Decimal, code: str) -> str:
    tokens, absolute = section_for(code, d)
    plain = format_plain(d)
    if not tokens and len(format_sections(code)) == 1:
        return plain                                   # no format at all
    kinds = [t for t in tokens if literal_text(t) is None]
    shown = format_plain(abs(d)) if absolute else plain
    if any(t.lower() == "general" or t == "@" for t in kinds) \
            and not any(t in ("0", "#", "?") for t in kinds):
        # General (or @), perhaps with literals: General"元" shows 5元
        return "".join(shown if t.lower() == "general" or t == "@" else
                       literal_text(t) if literal_text(t) is not None else t for t in tokens)
    if is_date_section(tokens) or any(t[:1] in "Ee" and len(t) == 2 for t in kinds) \
            or "/" in kinds or abs(d.adjusted()) > 40:
        return plain        # a date format on a number, scientific, a fraction: shown plainly
    if not any(t in ("0", "#", "?") for t in kinds):
        # no digit placeholder: the section's literals alone (0;-0;; hides zeros)
        return "".join(literal_text(t) if literal_text(t) is not None else t for t in tokens)
    return _render_number(d, tokens, absolute)


def _render_number(d: Decimal, tokens: list[str], absolute: bool) -> str:
    """A number through one section of digit placeholders (0 # ?), decimal point, thousands
    commas, scaling commas, % and literals, as Excel shows it."""
    point = next((i for i, t in enumerate(tokens) if t == "."), len(tokens))
    places = [i for i, t in enumerate(tokens) if t in ("0", "#", "?")]
    int_places = [i for i in places if i < point]
    frac_places = [i for i in places if i > point]
    if len(frac_places) > 30 or len(int_places) > 40 or tokens.count("%") > 3:
        return format_plain(d)          # beyond what Excel allows in a format
    commas = [i for i, t in enumerate(tokens) if t == ","]
    group = any(int_places and int_places[0] < i < int_places[-1] for i in commas)
    scale = sum(1 for i in commas if int_places and int_places[-1] < i < point
                or i > point and i > places[-1])
    with localcontext() as ctx:
        ctx.prec = 100
        x = abs(d) * 100 ** tokens.count("%") / 1000 ** min(scale, 5)
        x = x.quantize(Decimal(1).scaleb(-len(frac_places)), rounding=ROUND_HALF_UP)
    whole, _, frac = format(x, "f").partition(".")
    # fraction digits: # drops a trailing zero, ? shows it as a space, 0 keeps it
    frac_digits = list(frac)
    for k in range(len(frac_digits) - 1, -1, -1):
        if frac_digits[k] != "0" or tokens[frac_places[k]] == "0":
            break
        frac_digits[k] = " " if tokens[frac_places[k]] == "?" else ""
    # integer digits: at least as many as the placeholders from the first 0 on
    first_zero = next((n for n, i in enumerate(int_places) if tokens[i] == "0"), len(int_places))
    digits = whole.lstrip("0").rjust(len(int_places) - first_zero, "0")
    if group and digits:
        digits = f"{int(digits):,}"

    def shown(t: str) -> str:
        lit = literal_text(t)
        return lit if lit is not None else "" if t in ("@", ",") else t

    out: list[str] = []
    if not int_places:
        out.extend(shown(t) for t in tokens[:point])
        out.append(digits)
    else:
        first, last = int_places[0], int_places[-1]
        out.extend(shown(t) for t in tokens[:first])
        inner = tokens[first:last + 1]
        if group or all(t in ("0", "#", "?", ",") for t in inner):
            out.append(digits)
        else:           # literals among the placeholders (000-0000): digits fill from the right
            rest, part = digits, []
            for i in range(last, first - 1, -1):
                if i == first:
                    part.append(rest)
                elif i in int_places:
                    part.append(rest[-1:])
                    rest = rest[:-1]
                else:
                    part.append(shown(tokens[i]))
            out.extend(reversed(part))
        out.extend(shown(t) for t in tokens[last + 1:point])
    k = 0
    for i in range(point, len(tokens)):
        if i in frac_places:
            out.append(frac_digits[k])
            k += 1
        else:
            out.append(shown(tokens[i]))
    text = "".join(out)
    return "-" + text if d < 0 and not absolute and x != 0 else text


_WEEKDAY = "一二三四五六日"


def _moment_shown(value, code: str) -> str:
    """A date, time or duration through a date/time format."""
    tokens, _ = section_for(code, None)
    has_seconds = has_letters(tokens, "sS") or any(t.lower().startswith("[s") for t in tokens)
    if any(ch in "".join(tokens) for ch in "年月日时分秒") or "上午/下午" in tokens \
            or isinstance(value, dt.timedelta) and any(ELAPSED.fullmatch(t) for t in tokens):
        shown = _render_moment(value, tokens)
        if shown is not None:
            return shown
    if isinstance(value, dt.timedelta):
        return duration_text(value, has_seconds)
    if isinstance(value, dt.time):
        return time_text(value, has_seconds)
    has_date = has_letters(tokens, "yYdD") or _month_in(tokens)
    has_time = has_letters(tokens, "hHsS") or _minute_in(tokens)
    if isinstance(value, datetime) and has_time and not has_date:
        return time_text(value.time(), has_seconds)
    text = value.strftime("%Y-%m-%d")
    if isinstance(value, datetime) and has_time:
        text += " " + time_text(value.time(), has_seconds)
    return text


def _date_letters(tokens: list[str]) -> list[tuple[int, str]]:
    return [(i, t) for i, t in enumerate(tokens) if literal_text(t) is None and t[:1] in "yYmMdDhHsS"
            or ELAPSED.fullmatch(t)]


def _minutes(tokens: list[str]) -> set[int]:
    """Positions of m tokens that mean minutes: after an hour or before a second."""
    letters = _date_letters(tokens)
    out = set()
    for n, (i, t) in enumerate(letters):
        if t[:1] not in "mM":
            continue
        before = letters[n - 1][1].lower().lstrip("[")[:1] if n else ""
        after = letters[n + 1][1].lower().lstrip("[")[:1] if n + 1 < len(letters) else ""
        if before == "h" or after == "s":
            out.add(i)
    return out


def _month_in(tokens: list[str]) -> bool:
    minutes = _minutes(tokens)
    return any(t[:1] in "mM" and i not in minutes for i, t in _date_letters(tokens))


def _minute_in(tokens: list[str]) -> bool:
    return bool(_minutes(tokens))


def _render_moment(value, tokens: list[str]) -> str | None:
    """A date/time format with 年/月/日/时/分/秒 rendered token by token, as Excel shows it
    (2024年6月1日, 6月1日, 18时05分); None when the value lacks what the format shows."""
    if isinstance(value, dt.timedelta):
        total = int(value.total_seconds() // 1) if value >= dt.timedelta(0) else None
        if total is None:
            return None
        day = None
        hour, minute, second = total // 3600 % 24, total // 60 % 60, total % 60
    elif isinstance(value, dt.time):
        day, total = None, None
        hour, minute, second = value.hour, value.minute, value.second
    else:
        day = value if isinstance(value, date) else None
        moment = value if isinstance(value, datetime) else None
        total = None
        hour, minute, second = (moment.hour, moment.minute, moment.second) if moment else (0, 0, 0)
    twelve = any(t == "上午/下午" or t.upper() in ("AM/PM", "A/P") for t in tokens)
    minutes = _minutes(tokens)
    out: list[str] = []
    for i, t in enumerate(tokens):
        elapsed = ELAPSED.fullmatch(t)
        lit = literal_text(t)
        if lit is not None and not elapsed:
            out.append(lit)
            continue
        low = t.lower()
        n = len(t)
        if elapsed:
            if total is None:
                return None
            unit = elapsed.group(1).lower()
            amount = total // 3600 if unit[0] == "h" else total // 60 if unit[0] == "m" else total
            out.append(str(amount).rjust(len(unit), "0"))
        elif low[:1] == "y" or (low[:1] in "md" and i not in minutes and low[:1] != "h"):
            if day is None:
                return None
            if low[:1] == "y":
                out.append(str(day.year)[-2:] if n <= 2 else str(day.year))
            elif low[:1] == "m":
                out.append(str(day.month).rjust(2, "0") if n == 2 else f"{day.month}月" if n >= 3 else str(day.month))
            else:
                out.append(str(day.day).rjust(2, "0") if n == 2 else
                           f"周{_WEEKDAY[day.weekday()]}" if n == 3 else
                           f"星期{_WEEKDAY[day.weekday()]}" if n >= 4 else str(day.day))
        elif low[:1] == "h":
            h = (hour % 12 or 12) if twelve else hour
            out.append(str(h).rjust(2, "0") if n >= 2 else str(h))
        elif low[:1] == "m":
            out.append(str(minute).rjust(2, "0") if n >= 2 else str(minute))
        elif low[:1] == "s":
            out.append(str(second).rjust(2, "0") if n >= 2 else str(second))
        elif t == "上午/下午":
            out.append("上午" if hour < 12 else "下午")
        elif low == "am/pm":
            out.append("AM" if hour < 12 else "PM")
        elif low == "a/p":
            out.append("A" if hour < 12 else "P")
        elif low == "aaaa" or low == "aaa":
            if day is None:
                return None
            out.append(("星期" if low == "aaaa" else "") + _WEEKDAY[day.weekday()])
        elif t in ("@", ",") or low == "general":
            continue
        else:
            out.append(t)
    return "".join(out)
