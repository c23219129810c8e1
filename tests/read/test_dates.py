"""Unit tests of jixiao.read.dates: Excel serial numbers as dates, times and durations."""
from datetime import datetime, time, timedelta

import pytest

from jixiao.read.dates import from_serial


@pytest.mark.parametrize("serial, date1904, expected", [
    (45292, False, datetime(2024, 1, 1)), (45292 - 1462, True, datetime(2024, 1, 1)),
    (1, False, datetime(1900, 1, 1)), (60, False, datetime(1900, 2, 28)), (61, False, datetime(1900, 3, 1)),
    (0.5, False, time(12, 0)), (45292.75, False, datetime(2024, 1, 1, 18, 0)),
    (-1, False, datetime(1899, 12, 29)), (3e6, False, 3e6),    # beyond 9999: the number itself
])
def test_from_serial(serial, date1904, expected):
    assert from_serial(serial, date1904) == expected


def test_from_serial_duration():
    assert from_serial(1.5, False, timedelta=True) == timedelta(days=1, hours=12)
