"""Cleaning one cell value: tidy text, numbers, percentages, integers, years and dates. Pure
functions, no openpyxl. Each to_* returns (value, problem) where problem is a Chinese description
of what was found, or "" when the value is fine."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from jixiao.read.dates import duration_text, time_text
from jixiao.read.numfmt import is_percent_format

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
EDGE_SPACE = " \t\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A" \
              "\u202F\u205F\u3000"
_ESCAPED = re.compile(r"_x(00[01][0-9A-Fa-f]|007[Ff])_")
_EDGE = "[" + EDGE_SPACE + "\n]"
# Text that clean_text would change: most cells match nothing and are returned as they are.
_UNTIDY = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029" + _INVISIBLE.pattern[1:-1] + "]"
                     "|_x[0-9A-Fa-f]{4}_|^" + _EDGE + "|" + _EDGE + "$|[" + EDGE_SPACE + "]\n|\n" + _EDGE)
# Digits and the signs around them as a clerk types them: ASCII or full-width, nothing else
# (NFKC would turn "1²" into 12 and "①" into 1).
_ASCII = {0xFF10 + i: ord("0") + i for i in range(10)}
_ASCII.update({ord(a): ord(b) for a, b in zip("．，＋－−％／：\u3000", ".,+--%/: ")})
# A number typed as text: an optional sign, digits with commas only between groups of three
# (1,506.95), at most one decimal point.
_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|[+-]?\.[0-9]+", re.ASCII)
MAX_AMOUNT = Decimal("1e12")     # 万元: anything larger is a typing accident
MAX_DECIMALS = 15                # decimal places kept of a number read (more: cut, never rounded up)
LIMITS = ("MAX_AMOUNT", "MAX_DECIMALS")


# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt), derived as Unicode derives it:
# Other_Default_Ignorable_Code_Point + category Cf + Variation_Selector, less White_Space, the
# interlinear annotation and Egyptian format marks, and the prepended concatenation marks. The
# two sets named here are those short property lists (PropList.txt); the rest comes from
# unicodedata, so a format character a later Unicode adds is covered without a change here.
_OTHER_DEFAULT_IGNORABLE = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x2065, 0x2065),
                            (0x3164, 0x3164), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0xE0000, 0xE0000),
                            (0xE0002, 0xE001F), (0xE0080, 0xE00FF), (0xE01F0, 0xE0FFF))
_VARIATION_SELECTORS = ((0x180B, 0x180D), (0x180F, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
_NOT_IGNORABLE_CF = frozenset(range(0x0600, 0x0606)) | {0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD} \
    | frozenset(range(0xFFF9, 0xFFFC)) | frozenset(range(0x13430, 0x13441))
# Blank glyphs: characters of a visible category that draw nothing (the braille blank).
_BLANK_GLYPHS = frozenset({0x2800})


def default_ignorable(ch: str) -> bool:
    """Unicode's Default_Ignorable_Code_Point property of one character (see above)."""
    cp = ord(ch)
    if any(a <= cp <= b for a, b in _OTHER_DEFAULT_IGNORABLE + _VARIATION_SELECTORS):
        return True
    return unicodedata.category(ch) == "Cf" and cp not in _NOT_IGNORABLE_CF


def visible(ch: str) -> bool:
    """Whether a character shows something by itself: a letter, digit, punctuation or symbol
    (Unicode categories L, N, P, S) that is not default-ignorable and not a blank glyph. Marks
    (M: accents, variation selectors), separators (Z), controls and format characters (C) do not."""
    return unicodedata.category(ch)[0] in "LNPS" and not default_ignorable(ch) and ord(ch) not in _BLANK_GLYPHS


def has_visible(text: str) -> bool:
    """Whether `text` has at least one visible character (see `visible`)."""
    return any(visible(c) for c in text)


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
        value = duration_text(value, None)
    elif isinstance(value, dt.time):
        value = time_text(value, None)
    text = value if type(value) is str else str(value)
    if not _UNTIDY.search(text):
        return text
    return _tidy(text)


def _tidy(text: str) -> str:
    text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    lines = [ln.strip(EDGE_SPACE) for ln in text.split("\n")]
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
    return text.translate(_ASCII).strip(EDGE_SPACE)


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
            s = s[:-2].rstrip(EDGE_SPACE)
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
