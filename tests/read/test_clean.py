"""Unit tests of jixiao.read.clean: cleaning one cell value (pure functions, no openpyxl)."""
from datetime import date, datetime, time, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.read.celltext import cell_text
from jixiao.read.clean import (clean_text, format_plain, to_date, to_decimal, to_int, to_percent, to_year)


# ---------------------------------------------------------------- clean_text

@pytest.mark.parametrize("value, expected", [
    (None, ""),
    ("", ""),
    ("a\x00b\x01c\x02d\x03e\x04f\x05g\x06h\x07i\x08j", "abcdefghij"),   # \x00-\x08 dropped
    ("第一行\x0b第二行", "第一行\n第二行"),          # soft line break from Excel → newline
    ("分页\x0c符", "分页符"),                         # form feed dropped
    ("a\x0e\x1f\x7fb", "ab"),
    ("a\ufffeb\uffffc", "abc"),
    ("一\r\n二\r三\n四", "一\n二\n三\n四"),
    ("\u3000\u3000正文内容\u3000", "正文内容"),       # full-width spaces trimmed
    ("\u00a0 \t正文\t \u00a0", "正文"),
    ("  第一段  \n\n \u3000\n  第二段 ", "第一段\n第二段"),   # blank lines dropped, each line trimmed
    ("中\u3000间", "中\u3000间"),                     # inner full-width space kept
    ("第一行_x000D_\n第二行", "第一行\n第二行"),   # Excel's escaped CR (openpyxl leaves it encoded)
    ("第一行_x000B_第二行", "第一行\n第二行"),      # escaped soft line break
    ("a_x0001_b_x007F_c", "abc"),                     # escaped control characters dropped
    ("a_x0041_b", "a_x0041_b"),                       # not a control character: left as typed
    (1506.95, "1506.95"),
    (0.1, "0.1"),
    (1.0, "1"),
    (100.0, "100"),
    (2023.5, "2023.5"),
    (1e20, "100000000000000000000"),                # no exponent
    (3, "3"),
    (True, "是"),
    (False, "否"),
    (date(2024, 1, 2), "2024-01-02"),
    (datetime(2024, 1, 2, 13, 5), "2024-01-02"),
    (D("1506.950"), "1506.95"),                      # an evaluated formula: shown plainly
    (D("1.2E+3"), "1200"),
    (D("-0"), "0"),
    (-0.0, "0"),
    (timedelta(days=1, hours=2), "26:00"),           # a duration: total hours, as [h]:mm shows it
    (time(18, 0), "18:00"),
    (time(18, 0, 5), "18:00:05"),
])
def test_clean_text(value, expected):
    assert clean_text(value) == expected


def test_clean_text_never_cuts():
    """Excel holds 32,767 characters in a cell; the reader bounds lengths, cleaning never cuts."""
    assert clean_text("字" * 32767) == "字" * 32767


def test_clean_text_float_noise_from_formula():
    assert clean_text(1.1 + 2.2) == "3.3"
    assert cell_text(0.1 + 0.2, "0%") == "30%"


@given(st.text())
def test_clean_text_never_leaves_xml_forbidden_characters(s):
    out = clean_text(s)
    assert not any(ord(c) < 0x20 and c not in "\t\n" for c in out)   # XML 1.0 allows \t and \n
    assert "\r" not in out and "\ufffe" not in out and "\uffff" not in out
    assert out == out.strip(" \t\u3000\u00a0\n")


@pytest.mark.parametrize("d, expected", [
    (D("1506.950"), "1506.95"), (D("1E+1"), "10"), (D("0.000"), "0"), (D("-2.50"), "-2.5"), (D("7"), "7"),
])
def test_format_plain(d, expected):
    assert format_plain(d) == expected


# ---------------------------------------------------------------- to_decimal

@pytest.mark.parametrize("value, expected", [
    ("1,506.95", D("1506.95")),
    ("１５０６．９５", D("1506.95")),
    ("１，５０６．９５", D("1506.95")),
    (" 1506.95 ", D("1506.95")),
    ("\u30001506.95\u3000", D("1506.95")),
    ("1506.95万元", D("1506.95")),
    ("1506.95 万元", D("1506.95")),
    ("-3", D("-3")),
    ("－3", D("-3")),
    (".5", D("0.5")),
    (1506.95, D("1506.95")),          # via repr, not the binary expansion
    (0.1, D("0.1")),
    (12, D(12)),
    (D("2.50"), D("2.50")),
])
def test_to_decimal_numbers(value, expected):
    got, problem = to_decimal(value)
    assert problem == ""
    assert got == expected
    assert isinstance(got, D)


def test_to_decimal_float_is_exact_text_value():
    got, _ = to_decimal(1506.95)
    assert str(got) == "1506.95"


@pytest.mark.parametrize("value", [None, "", "   ", "—", "——", "-", "/", "无"])
def test_to_decimal_blank_like(value):
    assert to_decimal(value) == (None, "")


@pytest.mark.parametrize("value, fragment", [
    ("abc", "“abc”不是数字"),
    ("1e5", "不是数字"),
    ("12元", "不是数字"),
    ("1.2.3", "不是数字"),
    (True, "“是”不是数字"),
    (False, "“否”不是数字"),
    (float("nan"), "不是有效数字"),
    (float("inf"), "不是有效数字"),
    (float("-inf"), "不是有效数字"),
    (1e20, "超出合理范围"),
    (10 ** 12, "超出合理范围"),
    ("1000000000000", "超出合理范围"),
    (D("NaN"), "超出合理范围"),
    (date(2024, 1, 1), "是日期"),
])
def test_to_decimal_problems(value, fragment):
    got, problem = to_decimal(value)
    assert got is None
    assert fragment in problem


def test_to_decimal_just_below_limit_is_a_number():
    assert to_decimal(999999999999) == (D(999999999999), "")


def test_to_decimal_float_noise_from_formula():
    assert to_decimal(1.1 + 2.2) == (D("3.3"), "")


# ---------------------------------------------------------------- to_percent

@pytest.mark.parametrize("value, fmt, expected", [
    (0.9639, "0.00%", D("0.9639")),
    (0.9639, "", D("0.9639")),
    ("96.39%", "", D("0.9639")),
    ("９６．３９％", "", D("0.9639")),
    (96.39, "", D("0.9639")),        # typed as a plain number into a percent column
    (1, "", D("1")),
    (None, "", None),
])
def test_to_percent(value, fmt, expected):
    assert to_percent(value, fmt) == (expected, "")


def test_to_percent_problem():
    got, problem = to_percent("很好")
    assert got is None and "不是数字" in problem


# ---------------------------------------------------------------- to_int

@pytest.mark.parametrize("value, expected", [(34, 34), (34.0, 34), ("34", 34), ("34.0", 34), ("３４", 34),
                                             (None, None), ("", None)])
def test_to_int(value, expected):
    assert to_int(value) == (expected, "")


@pytest.mark.parametrize("value, fragment", [(5.5, "“5.5”应为整数"), ("5.5", "应为整数"), ("x", "不是数字"),
                                             (True, "不是数字")])
def test_to_int_problems(value, fragment):
    got, problem = to_int(value)
    assert got is None and fragment in problem


# ---------------------------------------------------------------- to_year

@pytest.mark.parametrize("value, expected", [
    (2023, 2023), (2023.0, 2023), ("2023", 2023), ("2023年", 2023), ("2023年度", 2023),
    ("２０２３年度", 2023), (" 2023 年 ", 2023), (date(2023, 5, 1), 2023), (datetime(2024, 1, 1), 2024),
    (2000, 2000), (2100, 2100),
])
def test_to_year(value, expected):
    assert to_year(value) == (expected, "")


@pytest.mark.parametrize("value", [23, "23", "二〇二三", "二〇二三年", 1999, 2101, 2023.5, "2023年3月", True, "abc"])
def test_to_year_problems(value):
    got, problem = to_year(value)
    assert got is None
    assert "不是年度" in problem


@pytest.mark.parametrize("value", [None, ""])
def test_to_year_blank(value):
    assert to_year(value) == (None, "")


# ---------------------------------------------------------------- to_date

@pytest.mark.parametrize("value, expected", [
    ("2024.1.1", date(2024, 1, 1)),
    ("2024年1月1日", date(2024, 1, 1)),
    ("2024年1月1", date(2024, 1, 1)),
    ("2024-01-01", date(2024, 1, 1)),
    ("2024/4/28", date(2024, 4, 28)),
    ("２０２４年４月２８日", date(2024, 4, 28)),
    ("2024 年 4 月 28 日", date(2024, 4, 28)),
    (datetime(2024, 4, 28, 9, 30), date(2024, 4, 28)),
    (date(2024, 4, 28), date(2024, 4, 28)),
])
def test_to_date(value, expected):
    got, problem = to_date(value)
    assert problem == ""
    assert got == expected and type(got) is date


@pytest.mark.parametrize("value", ["2024/13/40", "2024/2/30", "2024年1月", "明天", "20240101"])
def test_to_date_problems(value):
    got, problem = to_date(value)
    assert got is None
    assert problem.startswith(f"“{value}”不是日期")


@pytest.mark.parametrize("value", [None, "", "  "])
def test_to_date_blank(value):
    assert to_date(value) == (None, "")


def test_to_decimal_cuts_absurd_places_and_never_rounds_twice():
    """A denormal float as a divisor once overflowed Decimal precision downstream: digits beyond
    MAX_DECIMALS places are cut. Nothing else is touched, so 2.6749996 stays below the half and
    prints 2.67 (it was once quantized to 2.675000, which prints 2.68)."""
    got, problem = to_decimal(5.8194789995221715e-137)
    assert problem == "" and got == 0 and not got.is_signed()
    assert to_decimal("1506.95")[0].as_tuple().exponent == -2      # ordinary amounts untouched
    assert to_decimal(2.6749996) == (D("2.6749996"), "")
    assert to_decimal("2.6749996") == (D("2.6749996"), "")
    assert to_decimal("0.1234567890123459999") == (D("0.123456789012345"), "")   # cut, not rounded
    assert to_decimal(-1e-300) == (D(0), "") and not to_decimal(-1e-300)[0].is_signed()


@pytest.mark.parametrize("value", ["0,5", "1.506,95", "12,34", "1,5060", "1,50,600", "1²", "①", "⑴", "1 5",
                                   "１ ５", "٣", "१२", "1.2.3", "1e5", "+-1", "1,506.95.1", ",506", "1,",
                                   "１２，３４", "- 3", "1_000"])
def test_to_decimal_accepts_only_plain_digits_and_thousands_groups(value):
    got, problem = to_decimal(value)
    assert got is None and f"“{value}”不是数字" in problem


@pytest.mark.parametrize("value, expected", [("1,234,567.5", D("1234567.5")), ("１，２３４", D("1234")),
                                             ("+12", D(12)), ("＋12", D(12)), ("−12", D(-12)), ("12.", D(12)),
                                             ("0.5", D("0.5")), (" １５０６．９５ ", D("1506.95"))])
def test_to_decimal_plain_numbers_typed_as_text(value, expected):
    assert to_decimal(value) == (expected, "")


@pytest.mark.parametrize("value", [-0.0, "-0", "－0", "-0.00", D("-0"), D("-0E-5"), "-0万元"])
def test_negative_zero_is_zero(value):
    got, problem = to_decimal(value)
    assert problem == "" and got == 0 and not got.is_signed()
    assert format_plain(D("-0.00")) == "0" and cell_text(-0.0, "0.00") == "0.00"


def test_literal_percent_sign_is_not_a_percentage():
    assert to_percent(85, '0"%"') == (D("0.85"), "")       # 85 shown as 85%: 85 percent
    assert to_percent(85, "0.0\\%") == (D("0.85"), "")
    assert to_percent(0.85, "0%") == (D("0.85"), "")
    assert cell_text(85, '0"%"') == "85%" and cell_text(85, "0.0\\%") == "85.0%"


@given(st.text(st.sampled_from("ab字 \t\n\r\x0b\x01\u3000\u00a0\u2003\u200b\u202e\u2028_x0B1") | st.characters()))
def test_clean_text_fast_path_changes_nothing_the_full_path_would(s):
    """clean_text returns untouched text without tidying it: only when tidying changes nothing."""
    from jixiao.read.clean import _tidy
    assert clean_text(s) == _tidy(s)
