"""Unit tests of jixiao.read.celltext: a value as Excel shows it through its number format."""
from datetime import date, datetime, time, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.read.celltext import cell_text
from jixiao.read.numfmt import is_percent_format


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
