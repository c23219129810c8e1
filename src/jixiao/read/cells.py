"""Cleaning one cell value: pure functions, no openpyxl. Each returns (value, problem) where
problem is a Chinese description of what was found, or "" when the value is fine."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container
from functools import lru_cache
from datetime import date, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

# XML 1.0 forbids these; \x0b arrives from soft line breaks pasted into Excel. C1 controls
# (\x80-\x9f) are invisible too.
_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Invisible characters: the format characters (Unicode category Cf, as of Unicode 14) —
# zero-width spaces and joiners (U+200B–U+200D, U+2060, U+FEFF), bidi controls that reorder what
# is shown (U+200E/F, U+202A–U+202E, U+2066–U+2069, U+061C), soft hyphen, tags — and the blank
# fillers U+034F, U+115F, U+1160, U+2800, U+3164, U+FFA0. None belongs in a name, a figure or a
# file name; they are removed wherever they stand.
_INVISIBLE = re.compile(
    "[\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890-\u0891\u08E2\u180E\u200B-\u200F"
    "\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\U000110BD\U000110CD"
    "\U00013430-\U00013438\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0001"
    "\U000E0020-\U000E007F\u034F\u115F\u1160\u2800\u3164\uFFA0]")
# Spaces trimmed from each line's ends: every Unicode space separator (category Zs: U+00A0,
# U+2000–U+200A em/en spaces, U+202F, U+205F, U+3000, …) and tab.
_EDGE_SPACE = " \t\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A" \
              "\u202F\u205F\u3000"
_ESCAPED = re.compile(r"_x(00[01][0-9A-Fa-f]|007[Ff])_")
_EDGE = "[" + _EDGE_SPACE + "\n]"
# Text that clean_text would change: most cells match nothing and are returned as they are.
_UNTIDY = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029" + _INVISIBLE.pattern[1:-1] + "]"
                     "|_x[0-9A-Fa-f]{4}_|^" + _EDGE + "|" + _EDGE + "$|[" + _EDGE_SPACE + "]\n|\n" + _EDGE)
# Digits and the signs around them as a clerk types them: ASCII or full-width, nothing else
# (NFKC would turn "1²" into 12 and "①" into 1).
_ASCII = {0xFF10 + i: ord("0") + i for i in range(10)}
_ASCII.update({ord(a): ord(b) for a, b in zip("．，＋－−％／：\u3000", ".,+--%/: ")})
# A number typed as text: an optional sign, digits with commas only between groups of three
# (1,506.95), at most one decimal point.
_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|[+-]?\.[0-9]+", re.ASCII)
MAX_AMOUNT = Decimal("1e12")     # 万元: anything larger is a typing accident
MAX_DECIMALS = 15                # decimal places kept of a number read (more: cut, never rounded up)
MAX_FORMAT_CHARS = 255           # characters of a number format Excel accepts; longer: General
LIMITS = ("MAX_AMOUNT", "MAX_DECIMALS", "MAX_FORMAT_CHARS")


def clean_text(value: object) -> str:
    """Any cell value as tidy text: control and invisible format characters gone, line breaks
    normalised, spaces trimmed from each line's ends, blank lines dropped. Never shortened (the
    reader bounds the length of what it reads). Numbers are shown plainly (no exponent, no
    trailing zeros), durations as total hours (26:00), times as 18:00."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        value = format_plain(float_decimal(value))
    elif isinstance(value, Decimal):
        value = format_plain(value)
    elif isinstance(value, (datetime, date)):
        value = value.strftime("%Y-%m-%d")
    elif isinstance(value, dt.timedelta):
        value = _duration_text(value, None)
    elif isinstance(value, dt.time):
        value = _time_text(value, None)
    text = value if type(value) is str else str(value)
    if not _UNTIDY.search(text):
        return text
    return _tidy(text)


def _tidy(text: str) -> str:
    text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    lines = [ln.strip(_EDGE_SPACE) for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def no_negative_zero(d: Decimal) -> Decimal:
    """-0 (a cell holding -0, "－0", a formula's -0.00) is 0: the report never shows "-0.00"."""
    return d.copy_abs() if d.is_zero() and d.is_signed() else d


def float_decimal(value: float) -> Decimal:
    """A float from a cell as the number Excel shows: 15 significant digits, so a formula's
    3.3000000000000003 is 3.3 (Excel itself keeps and displays 15 digits)."""
    return no_negative_zero(Decimal(format(value, ".15g")))


def format_plain(d: Decimal) -> str:
    """Decimal without exponent or trailing zeros: 1506.950 → 1506.95, 1E+1 → 10."""
    if not d.is_finite():
        return str(d)
    s = format(no_negative_zero(d), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def number_text(text: str) -> str:
    """Full-width digits and signs (０-９ ．，＋－％) as ASCII, surrounding spaces gone; nothing
    else changes (1² stays 1², ① stays ①)."""
    return text.translate(_ASCII).strip(_EDGE_SPACE)


def to_decimal(value: object) -> tuple[Decimal | None, str]:
    """A number cell: None for blank; text like "1,506.95" or "１５０６．９５" is a number (an
    optional sign, digits with commas only between groups of three, one decimal point); "0,5",
    "1.506,95", "1 5", "1²", "①" are not."""
    if value is None:
        return None, ""
    if isinstance(value, bool):
        return None, f"“{clean_text(value)}”不是数字"
    if isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None, "不是有效数字"
        d = float_decimal(value)
    elif isinstance(value, Decimal):
        d = value
    elif isinstance(value, (datetime, date, dt.time, dt.timedelta)):
        return None, f"是日期或时间（{clean_text(value)}），不是数字"
    else:
        text = clean_text(value)
        if not text or text in ("-", "—", "——", "/", "无"):
            return None, ""
        s = number_text(text)
        if s.endswith("万元"):
            s = s[:-2].rstrip(_EDGE_SPACE)
        if not _NUMBER.fullmatch(s):
            return None, f"“{text[:30]}”不是数字"
        try:
            d = Decimal(s.replace(",", ""))
        except InvalidOperation:
            return None, f"“{text[:30]}”不是数字"
    if not d.is_finite() or abs(d) >= MAX_AMOUNT:
        return None, f"数值 {clean_text(value)[:30]} 超出合理范围"
    if d.as_tuple().exponent < -MAX_DECIMALS:     # 5.8e-137 from a formula: cut (never rounded
        d = d.quantize(_PLACES, rounding=ROUND_DOWN)   # up, so no half-up result changes side)
    return no_negative_zero(d), ""


_PLACES = Decimal(1).scaleb(-MAX_DECIMALS)


def to_percent(value: object, number_format: str = "") -> tuple[Decimal | None, str]:
    """0.9639, 96.39% (formatted) or "96.39%" → Decimal("0.9639")."""
    if isinstance(value, str):
        s = number_text(clean_text(value))
        if s.endswith("%"):
            d, problem = to_decimal(s[:-1])
            return (no_negative_zero(d / 100) if d is not None else None), problem
    d, problem = to_decimal(value)
    if d is not None and d > 1 and not is_percent_format(number_format, d):
        d = d / 100     # "96.39" typed into a percent column
    return d, problem


def to_int(value: object) -> tuple[int | None, str]:
    d, problem = to_decimal(value)
    if d is None:
        return None, problem
    if d != d.to_integral_value():
        return None, f"“{clean_text(value)}”应为整数"
    return int(d), ""


def year_like(serial: object) -> bool:
    """A date cell's serial number that is a year typed into it (2023 shows as 1905-07-15)."""
    return isinstance(serial, (int, float, Decimal)) and not isinstance(serial, bool) \
        and serial == serial and abs(serial) != float("inf") and serial == int(serial) and 1000 <= serial <= 9999


def to_year(value: object) -> tuple[int | None, str]:
    if isinstance(value, (datetime, date)):
        return value.year, ""
    text = clean_text(value)
    m = re.fullmatch(r"([0-9]{4})\s*(年度|年)?", number_text(text))
    if not text:
        return None, ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) or m:
        y, problem = to_int(m.group(1) if m else value)
        if y is not None and 2000 <= y <= 2100:
            return y, ""
    return None, f"“{text[:30]}”不是年度（应为四位数年份，如 2024）"


_DATE_TEXT = re.compile(r"([0-9]{4})\s*[年./\-]\s*([0-9]{1,2})\s*[月./\-]\s*([0-9]{1,2})\s*日?")


def to_date(value: object) -> tuple[date | None, str]:
    """Dates typed as text (2024.1.1, 2024年1月1日, 2024-01-01) are dates too."""
    if value is None:
        return None, ""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    text = clean_text(value)
    if not text:
        return None, ""
    m = _DATE_TEXT.fullmatch(number_text(text).replace(" ", ""))
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), ""
        except ValueError:
            pass
    return None, f"“{text[:30]}”不是日期（应如 2025-04-28 或 2025年4月28日）"


# ---------------------------------------------------------------- number formats

# One token of a number-format code: a quoted literal, an escaped character, _x (a space as
# wide as x), *x (fill), a [...] section (colour, condition, locale, or [h] elapsed time),
# General, a digit placeholder, E+ (scientific), or one character.
_FMT_TOKEN = re.compile(r'"[^"]*"?|\\.|_.|\*.|\[[^\]]*\]?|(?i:general)|[Ee][+-]|上午/下午|(?i:am/pm|a/p)'
                        r'|(?i:y+|m+|d+|h+|s+|a{3,4})|.', re.S)
_ELAPSED = re.compile(r"\[(h+|m+|s+)\]", re.I)
_CONDITION = re.compile(r"\[[<>=]")


@lru_cache(maxsize=512)
def _format_tokens(code: str) -> list[list[str]]:
    """The sections of a number-format code (positive; negative; zero; text), each a list of
    tokens. Quoted, escaped and bracketed text never splits a section. (Cached: never mutate.)"""
    sections: list[list[str]] = [[]]
    if len(code or "") > MAX_FORMAT_CHARS:
        return sections                 # not written by Excel: shown as General
    for tok in _FMT_TOKEN.findall(code or ""):
        if tok == ";":
            sections.append([])
        else:
            sections[-1].append(tok)
    return sections


def _section(code: str, d: Decimal | None) -> tuple[list[str], bool]:
    """The tokens of the section Excel uses for the number `d` (the first when d is None), and
    whether the number is shown as its absolute value (a negative section of its own)."""
    sections = _format_tokens(code)
    numeric = sections[:3]
    if d is None or len(numeric) == 1 or any(_CONDITION.match(t) for s in numeric for t in s):
        return numeric[0], False
    if d < 0:
        return numeric[1], True
    if d == 0 and len(numeric) >= 3:
        return numeric[2], False
    return numeric[0], False


def _literal(tok: str) -> str | None:
    """A token's shown text when it is a literal, else None."""
    if tok.startswith('"'):
        return tok[1:-1] if tok.endswith('"') and len(tok) > 1 else tok[1:]
    if tok.startswith("\\"):
        return tok[1:]
    if tok.startswith("[$"):              # [$¥-804]: a currency symbol (and a locale)
        return tok[2:].rstrip("]").split("-")[0]
    if tok.startswith(("_", "*", "[")):
        return ""
    return None


def is_percent_format(code: str, value: Decimal | None = None) -> bool:
    """A number format that multiplies by 100: a % outside double quotes, not escaped by a
    backslash and outside [...] (the section `value` uses; the first one when None). 0"%" and
    0.0\\% show 85 as "85%" and are not percent formats."""
    if not code or "%" not in code:
        return False
    tokens, _ = _section(code, value)
    return "%" in tokens


def _has(tokens: list[str], letters: str) -> bool:
    return any(t[:1] in letters for t in tokens if _literal(t) is None)


def _is_date_section(tokens: list[str]) -> bool:
    return _has(tokens, "yYdDhHsSmM") or any(_ELAPSED.fullmatch(t) for t in tokens) \
        or any(t in ("上午/下午",) or t.upper() in ("AM/PM", "A/P") for t in tokens)


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
    tokens, absolute = _section(code, d)
    plain = format_plain(d)
    if not tokens and len(_format_tokens(code)) == 1:
        return plain                                   # no format at all
    kinds = [t for t in tokens if _literal(t) is None]
    shown = format_plain(abs(d)) if absolute else plain
    if any(t.lower() == "general" or t == "@" for t in kinds) \
            and not any(t in ("0", "#", "?") for t in kinds):
        # General (or @), perhaps with literals: General"元" shows 5元
        return "".join(shown if t.lower() == "general" or t == "@" else
                       _literal(t) if _literal(t) is not None else t for t in tokens)
    if _is_date_section(tokens) or any(t[:1] in "Ee" and len(t) == 2 for t in kinds) \
            or "/" in kinds or abs(d.adjusted()) > 40:
        return plain        # a date format on a number, scientific, a fraction: shown plainly
    if not any(t in ("0", "#", "?") for t in kinds):
        # no digit placeholder: the section's literals alone (0;-0;; hides zeros)
        return "".join(_literal(t) if _literal(t) is not None else t for t in tokens)
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
        lit = _literal(t)
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
    tokens, _ = _section(code, None)
    has_seconds = _has(tokens, "sS") or any(t.lower().startswith("[s") for t in tokens)
    if any(ch in "".join(tokens) for ch in "年月日时分秒") or "上午/下午" in tokens \
            or isinstance(value, dt.timedelta) and any(_ELAPSED.fullmatch(t) for t in tokens):
        shown = _render_moment(value, tokens)
        if shown is not None:
            return shown
    if isinstance(value, dt.timedelta):
        return _duration_text(value, has_seconds)
    if isinstance(value, dt.time):
        return _time_text(value, has_seconds)
    has_date = _has(tokens, "yYdD") or _month_in(tokens)
    has_time = _has(tokens, "hHsS") or _minute_in(tokens)
    if isinstance(value, datetime) and has_time and not has_date:
        return _time_text(value.time(), has_seconds)
    text = value.strftime("%Y-%m-%d")
    if isinstance(value, datetime) and has_time:
        text += " " + _time_text(value.time(), has_seconds)
    return text


def _date_letters(tokens: list[str]) -> list[tuple[int, str]]:
    return [(i, t) for i, t in enumerate(tokens) if _literal(t) is None and t[:1] in "yYmMdDhHsS"
            or _ELAPSED.fullmatch(t)]


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
        elapsed = _ELAPSED.fullmatch(t)
        lit = _literal(t)
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


def _duration_text(td: dt.timedelta, seconds: bool | None) -> str:
    """A duration as total hours: 1 day 2 hours is 26:00 (Excel's [h]:mm); seconds shown when
    asked for (None: when there are any)."""
    total = round(td.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    h, m, s = total // 3600, total // 60 % 60, total % 60
    if seconds or (seconds is None and s):
        return f"{sign}{h}:{m:02d}:{s:02d}"
    return f"{sign}{h}:{m:02d}"


def _time_text(t: dt.time, seconds: bool | None) -> str:
    """A time of day as 18:00 (18:00:05 when the format shows seconds; None: when there are any)."""
    if seconds or (seconds is None and t.second):
        return f"{t.hour}:{t.minute:02d}:{t.second:02d}"
    return f"{t.hour}:{t.minute:02d}"


# ---------------------------------------------------------------- labels

_DIGIT = "0-9０-９"
_NUMERAL = "〇零一二三四五六七八九十百"
_ENUMERATOR = f"(?:[{_DIGIT}]{{1,2}}|[{_NUMERAL}]{{1,3}})"
# A real enumerator (1、 2. （3） 十一、 (4)) — not the start of a figure (10.5万吨, 2024.防汛,
# 一.五工程) or of a name ((1)号楼): after . or a bracket never a digit, a numeral or 号; after 、
# anything (“1、3.15宣传经费” is item 1, “3.15宣传经费”).
_LABEL_NOISE = re.compile(
    rf"^\s*(?:(?:(?:[（(]{_ENUMERATOR}[)）]|{_ENUMERATOR}[.．)）])(?!\s*[{_DIGIT}{_NUMERAL}号])"
    rf"|{_ENUMERATOR}、)\s*)?"
    r"(?:其中[：:]\s*)?")
# The numbering as the old reader stripped it, for standard labels only ("1、三公经费").
_LOOSE_NOISE = re.compile(
    rf"^\s*(?:[（(]?[{_DIGIT}{_NUMERAL}]+[)）、.．]\s*)?(?:其中[：:]\s*)?")


def _label_tail(s: str) -> str:
    s = s.replace(" ", "").replace("\u3000", "").rstrip("：:")
    return s.replace("(", "（").replace(")", "）").replace(":", "：")


def strip_numbering(text: object) -> str:
    """A label as the clerk wrote it, without a leading enumerator, 其中： or a trailing ：
    ("（1）其中：公车购置" → "公车购置"; "(1)号楼维修" stays)."""
    s = clean_text(text).replace("\n", "")
    return _LABEL_NOISE.sub("", s, count=1).strip(_EDGE_SPACE).rstrip("：:").rstrip(_EDGE_SPACE)


def label_key(text: object, known: Container[str] | None = None) -> str:
    """A label as matched: a leading enumerator (1、 （1） 十一、), 其中：, a trailing ：, brackets'
    width and spaces ignored. "1、公务用车购置和维护经费" → "公务用车购置和维护经费"; a name that
    only starts with a figure keeps it ("10.5万吨污水处理项目", "(1)号楼维修", "2024.防汛专项").
    With `known` (the keys of the standard labels), "1、三公经费" still finds 三公经费."""
    key = _label_tail(strip_numbering(text))
    if known is not None and key not in known:
        loose = _label_tail(_LOOSE_NOISE.sub("", clean_text(text).replace("\n", ""), count=1))
        if loose in known:
            return loose
    return key
