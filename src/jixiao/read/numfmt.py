"""Excel number-format codes: the built-in formats by id (the East Asian date formats among
them), whether a code shows a date or a duration, and a code split into its sections and tokens
(positive; negative; zero; text) — what celltext.py renders a number through, and what tells a
percent format from 0"%"."""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

MAX_FORMAT_CHARS = 255           # characters of a number format Excel accepts; longer: General
LIMITS = ("MAX_FORMAT_CHARS",)

BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)", 41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
# Ids 27–36 and 50–58 are the East Asian built-in date and time formats: Chinese Excel writes
# them by id alone (a 填报日期 shown as 2024年1月1日 has numFmtId 31 and no formatCode).
EAST_ASIAN_FORMATS = {27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy",
                      31: 'yyyy"年"m"月"d"日"', 32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"',
                      34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"', 36: 'yyyy"年"m"月"',
                      50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
                      54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"',
                      57: 'yyyy"年"m"月"', 58: 'm"月"d"日"'}
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")


def is_date_format(code: str) -> bool:
    first = _STRIP.sub("", code.split(";")[0])
    return _DATE_CODE.search(first) is not None


def is_duration_format(code: str) -> bool:
    """[h]:mm and the like: elapsed time, read as a duration (26:00), not a time of day."""
    return _TIMEDELTA.search(code.split(";")[0]) is not None


def format_code(format_id: int, custom: dict[int, str]) -> str:
    """The code of a cell style's numFmtId: the workbook's own, else a built-in one, else General."""
    return custom.get(format_id) or BUILTIN_FORMATS.get(format_id) or EAST_ASIAN_FORMATS.get(format_id) or "General"


# One token of a number-format code: a quoted literal, an escaped character, _x (a space as
# wide as x), *x (fill), a [...] section (colour, condition, locale, or [h] elapsed time),
# General, a digit placeholder, E+ (scientific), or one character.
_FMT_TOKEN = re.compile(r'"[^"]*"?|\\.|_.|\*.|\[[^\]]*\]?|(?i:general)|[Ee][+-]|上午/下午|(?i:am/pm|a/p)'
                               r'|(?i:y+|m+|d+|h+|s+|a{3,4})|.', re.S)
ELAPSED = re.compile(r"\[(h+|m+|s+)\]", re.I)
_CONDITION = re.compile(r"\[[<>=]")


@lru_cache(maxsize=512)
def format_sections(code: str) -> list[list[str]]:
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


def section_for(code: str, d: Decimal | None) -> tuple[list[str], bool]:
    """The tokens of the section Excel uses for the number `d` (the first when d is None), and
    whether the number is shown as its absolute value (a negative section of its own)."""
    sections = format_sections(code)
    numeric = sections[:3]
    if d is None or len(numeric) == 1 or any(_CONDITION.match(t) for s in numeric for t in s):
        return numeric[0], False
    if d < 0:
        return numeric[1], True
    if d == 0 and len(numeric) >= 3:
        return numeric[2], False
    return numeric[0], False


def literal_text(tok: str) -> str | None:
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
    tokens, _ = section_for(code, value)
    return "%" in tokens


def has_letters(tokens: list[str], letters: str) -> bool:
    return any(t[:1] in letters for t in tokens if literal_text(t) is None)


def is_date_section(tokens: list[str]) -> bool:
    return has_letters(tokens, "yYdDhHsSmM") or any(ELAPSED.fullmatch(t) for t in tokens) \
        or any(t in ("上午/下午",) or t.upper() in ("AM/PM", "A/P") for t in tokens)

