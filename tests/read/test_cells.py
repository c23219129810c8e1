"""Unit tests of jixiao.read.cells: cleaning one cell value (pure functions, no openpyxl)."""
from datetime import date, datetime, time, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.read.cells import (cell_text, clean_text, format_plain, is_percent_format, label_key,
                          strip_numbering, to_date, to_decimal, to_int, to_percent, to_year)


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


# ---------------------------------------------------------------- cell_text

@pytest.mark.parametrize("value, fmt, expected", [
    (0.95, "0%", "95%"),
    (0.9639, "0.00%", "96.39%"),
    (1, "0%", "100%"),
    (0.07, "0%", "7%"),               # no 7.000000000000001%
    (0.95, "General", "0.95"),
    (0.95, "", "0.95"),
    ("≥95%", "0%", "≥95%"),           # text stays as typed
    ("6次", "General", "6次"),
    (True, "0%", "是"),
    (None, "0%", ""),
    (12.0, "General", "12"),
    (D("0.95"), "0%", "95%"),         # a formula's result evaluated here
])
def test_cell_text(value, fmt, expected):
    assert cell_text(value, fmt) == expected


# ---------------------------------------------------------------- label_key

@pytest.mark.parametrize("text, expected", [
    ("1、公务用车购置和维护经费", "公务用车购置和维护经费"),
    ("（1）其中：公车购置", "公车购置"),
    ("(1)其中:公车购置", "公车购置"),
    ("其中：办公经费", "办公经费"),
    ("项目支出：", "项目支出"),
    ("项目支出:", "项目支出"),
    ("  3、公务接待 ", "公务接待"),
    ("２、出国经费", "出国经费"),
    ("三、公用经费", "公用经费"),
    ("（十）会议费、培训费", "会议费、培训费"),
    ("1.办公经费", "办公经费"),
    ("水费、电费、差旅费", "水费、电费、差旅费"),     # the inner 、 is not numbering
    ("三公经费", "三公经费"),                         # 三 without punctuation is not numbering
    ("公 务 接 待", "公务接待"),
    ("收入：一般公共预算", "收入：一般公共预算"),     # inner colon kept
    ("收入:一般公共预算", "收入：一般公共预算"),      # half-width colon normalised
    ("运行维护经费(专项)", "运行维护经费（专项）"),
    ("业务工作\n经费", "业务工作经费"),
    ("", ""),
    ("十一、会议费", "会议费"),
    ("（十二）会议费", "会议费"),
    ("1)办公经费", "办公经费"),
    ("1. 办公经费", "办公经费"),
    ("1、3.15宣传经费", "3.15宣传经费"),          # after 、 it is numbering, whatever follows
    # figures and names that only start like numbering keep their text
    ("10.5万吨污水处理项目", "10.5万吨污水处理项目"),
    ("(1)号楼维修", "（1）号楼维修"),
    ("（1）号楼维修", "（1）号楼维修"),
    ("2024.防汛专项", "2024.防汛专项"),
    ("一.五工程", "一.五工程"),
    ("1.5亿元项目", "1.5亿元项目"),
    ("123、项目", "123、项目"),
    ("一二三四、项目", "一二三四、项目"),
    ("3号楼", "3号楼"),
])
def test_label_key(text, expected):
    assert label_key(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1、三公经费", "三公经费"), ("一、三公经费", "三公经费"), ("（三）三公经费", "三公经费"),
    ("1、公务接待", "公务接待"), ("一.五工程", "一.五工程"), ("10.5万吨", "10.5万吨"),
])
def test_label_key_finds_standard_labels_with_any_numbering(text, expected):
    known = {"三公经费", "公务接待"}
    assert label_key(text, known) == expected


@pytest.mark.parametrize("text, expected", [("(1)号楼维修", "(1)号楼维修"), ("1、 业务 工作经费：", "业务 工作经费"),
                                            ("（1）其中：公车购置", "公车购置"), ("10.5万吨污水处理项目", "10.5万吨污水处理项目")])
def test_strip_numbering_keeps_the_clerks_text(text, expected):
    assert strip_numbering(text) == expected


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


# ---------------------------------------------------------------- number formats

@pytest.mark.parametrize("code, value, percent", [
    ("0%", None, True), ("0.00%", None, True), ('"a"0%', None, True), ("0%;-0%", None, True),
    ('0"%"', None, False), ("0.0\\%", None, False), ("[%]0", None, False), ("0_%", None, False),
    ("0*%", None, False), ('0"%";0%', D(-1), True), ('0%;0"%"', D(-1), False), ("General", None, False),
    ("", None, False), ("\\\\%0", None, True),   # an escaped backslash, then a real percent
])
def test_is_percent_format(code, value, percent):
    assert is_percent_format(code, value) is percent


def test_literal_percent_sign_is_not_a_percentage():
    assert to_percent(85, '0"%"') == (D("0.85"), "")       # 85 shown as 85%: 85 percent
    assert to_percent(85, "0.0\\%") == (D("0.85"), "")
    assert to_percent(0.85, "0%") == (D("0.85"), "")
    assert cell_text(85, '0"%"') == "85%" and cell_text(85, "0.0\\%") == "85.0%"


@pytest.mark.parametrize("value, fmt, expected", [
    (D("1.2E+3"), "General", "1200"), (D("110.0"), "General", "110"), (D("7.00"), "", "7"),
    (7, "0.00", "7.00"), (D("7"), "0.00", "7.00"), (1234567.891, "#,##0.00", "1,234,567.89"),
    (1234567.891, "#,##0", "1,234,568"), (1234567, "#,##0,", "1,235"), (2.675, "0.00", "2.68"),
    (2.6749996, "0.00", "2.67"), (-5, "0.00", "-5.00"), (-5, "0.00;(0.00)", "(5.00)"),
    (-5, "0.00;[Red]-0.00", "-5.00"), (0, "0;-0;;@", ""), (0, '0;-0;"—"', "—"), (10, '0"户"', "10户"),
    (10, "0户", "10户"), (10, '#,##0"万元"', "10万元"), (1234, "[$¥-804]#,##0.00", "¥1,234.00"),
    (0.5, "#.00", ".50"), (1.5, "0.0#", "1.5"), (1.25, "0.0#", "1.25"), (7, "000", "007"),
    (5551234, "000-0000", "555-1234"), (12, "@", "12"), (12, 'General"元"', "12元"),
    (12, "[Red]General", "12"), (-12, "General;[Red](General)", "(12)"),
    (0.955, "0%", "96%"), (D("0.85"), "0%", "85%"), (1200, "0.00E+00", "1200"), (0.5, "# ?/?", "0.5"),
    (3, "[Red]0.00", "3.00"), (1e20, "0", "100000000000000000000"), (5, "0" * 300, "5"),
    (5, "0." + "0" * 100, "5"), (5, "0%%%%%%", "5"), (float("nan"), "0.00", "NaN"),
])
def test_cell_text_numbers_through_their_format(value, fmt, expected):
    assert cell_text(value, fmt) == expected


@pytest.mark.parametrize("value, fmt, expected", [
    (timedelta(days=1, hours=2), "[h]:mm", "26:00"), (timedelta(days=1, hours=2), "[h]:mm:ss", "26:00:00"),
    (timedelta(hours=26, minutes=5), '[h]"小时"mm"分"', "26小时05分"), (timedelta(minutes=90), "[mm]:ss", "90:00"),
    (time(18, 0), "h:mm", "18:00"), (time(18, 0, 5), "h:mm:ss", "18:00:05"), (time(8, 5), "hh:mm", "8:05"),
    (time(18, 5), 'h"时"mm"分"', "18时05分"), (time(18, 5), '上午/下午h"时"mm"分"', "下午6时05分"),
    (datetime(1900, 1, 1, 18, 0), "h:mm", "18:00"),
    (datetime(2024, 6, 1), 'yyyy"年"m"月"d"日"', "2024年6月1日"), (datetime(2024, 6, 1), 'yyyy"年"m"月"', "2024年6月"),
    (datetime(2024, 6, 1), 'm"月"d"日"', "6月1日"), (datetime(2024, 6, 1), "yyyy年mm月dd日", "2024年06月01日"),
    (datetime(2024, 6, 1), "yyyy年m月d日 aaaa", "2024年6月1日 星期六"), (datetime(2024, 6, 1), "mm-dd-yy", "2024-06-01"),
    (datetime(2024, 6, 1, 18, 5), "yyyy-mm-dd h:mm", "2024-06-01 18:05"), (date(2024, 6, 1), "", "2024-06-01"),
])
def test_cell_text_dates_times_and_durations(value, fmt, expected):
    assert cell_text(value, fmt) == expected


def test_overlong_format_is_general():
    assert cell_text(5, '0"' + "字" * 300 + '"') == "5"
    assert not is_percent_format("0" * 300 + "%")



@given(st.text(st.sampled_from("ab字 \t\n\r\x0b\x01\u3000\u00a0\u2003\u200b\u202e\u2028_x0B1") | st.characters()))
def test_clean_text_fast_path_changes_nothing_the_full_path_would(s):
    """clean_text returns untouched text without tidying it: only when tidying changes nothing."""
    from jixiao.read.cells import _tidy
    assert clean_text(s) == _tidy(s)


FORMAT_TEXT = st.lists(st.sampled_from(list('0#?.,%;@"\\_*[]$-+E eyYmMdDhHsSaAP/:年月日时分秒')
                                       + ["General", "上午/下午", "[h]", "[Red]", "[>100]", "[$¥-804]"]),
                       max_size=40).map("".join)
VALUES = st.one_of(st.integers(-10**15, 10**15), st.floats(allow_nan=True, allow_infinity=True),
                   st.decimals(allow_nan=False, allow_infinity=False), st.datetimes(), st.dates(), st.times(),
                   st.timedeltas(min_value=timedelta(days=-100), max_value=timedelta(days=3000)))


@given(value=VALUES, code=FORMAT_TEXT)
def test_any_value_through_any_format_is_text(value, code):
    """A hostile number format never raises and never yields an endless text."""
    shown = cell_text(value, code)
    assert isinstance(shown, str) and len(shown) < 2000
    assert isinstance(is_percent_format(code), bool)
