"""Unit tests of jixiao.read.numfmt: number-format codes (dates, durations, percentages)."""
from decimal import Decimal as D

import pytest

from jixiao.read.numfmt import is_date_format, is_percent_format


# ---------------------------------------------------------------- number formats

@pytest.mark.parametrize("code, value, percent", [
    ("0%", None, True), ("0.00%", None, True), ('"a"0%', None, True), ("0%;-0%", None, True),
    ('0"%"', None, False), ("0.0\\%", None, False), ("[%]0", None, False), ("0_%", None, False),
    ("0*%", None, False), ('0"%";0%', D(-1), True), ('0%;0"%"', D(-1), False), ("General", None, False),
    ("", None, False), ("\\\\%0", None, True),   # an escaped backslash, then a real percent
])
def test_is_percent_format(code, value, percent):
    assert is_percent_format(code, value) is percent

@pytest.mark.parametrize("code, is_date", [
    ("yyyy-mm-dd", True), ('yyyy"年"m"月"d"日"', True), ("h:mm", True), ("0.00%", False),
    ('"day"0.00', False), ("[Red]0.00", False), ("[$-804]yyyy年m月d日", True), ("General", False),
    ("#,##0.00_);[Red](#,##0.00)", False), ("0.00;[Red]-0.00;;@", False),
])
def test_is_date_format(code, is_date):
    assert is_date_format(code) is is_date
