"""Excel dates and times: a serial number as a date, time or duration in the workbook's 1900 or
1904 date system (as openpyxl reads it), an ISO 8601 date cell, and a duration or a time of day
as the clerk reads it (26:00, 18:00)."""
from __future__ import annotations

import datetime as dt

from jixiao.read.numfmt import is_duration_format


def date_value(serial, code: str, date1904: bool) -> object:
    """A number shown through a date format (a formula's result evaluated here), as the reader
    gives a date cell: a date, a time or a duration; the number itself when it is no date."""
    if isinstance(serial, bool):
        return serial
    try:
        number = float(serial)            # an int, a float or a Decimal
    except (OverflowError, ValueError, TypeError):
        return serial
    if number != number or abs(number) > 2_958_465:       # 9999-12-31: beyond, no date
        return serial
    value = from_serial(number, date1904, is_duration_format(code))
    return serial if isinstance(value, float) else value


_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


def from_serial(value: float | int, date1904: bool, timedelta: bool = False) -> object:
    """An Excel serial number as Python's date/time (as openpyxl reads it); the number itself
    when it is beyond the dates Python knows (openpyxl makes it #VALUE!, an error the file does
    not hold)."""
    try:
        if timedelta:
            td = dt.timedelta(days=value)
            if td.microseconds:
                td = dt.timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
            return td
        epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
        day, fraction = divmod(value, 1)
        diff = dt.timedelta(milliseconds=round(fraction * 86_400_000))
        if 0 <= value < 1 and diff.days == 0:
            seconds = diff.seconds
            return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, diff.microseconds)
        if 0 < value < 60 and not date1904:      # Excel's 1900-02-29
            day += 1
        return epoch + dt.timedelta(days=day) + diff
    except (OverflowError, ValueError):
        return value


def iso_date(text: str) -> object:
    """A t="d" cell (ISO 8601, as Strict files and some programs write dates)."""
    try:
        return dt.datetime.fromisoformat(text.rstrip("Z"))
    except ValueError:
        try:
            return dt.time.fromisoformat(text)
        except ValueError:
            return text


def duration_text(td: dt.timedelta, seconds: bool | None) -> str:
    """A duration as total hours: 1 day 2 hours is 26:00 (Excel's [h]:mm); seconds shown when
    asked for (None: when there are any)."""
    total = round(td.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    h, m, s = total // 3600, total // 60 % 60, total % 60
    if seconds or (seconds is None and s):
        return f"{sign}{h}:{m:02d}:{s:02d}"
    return f"{sign}{h}:{m:02d}"


def time_text(t: dt.time, seconds: bool | None) -> str:
    """A time of day as 18:00 (18:00:05 when the format shows seconds; None: when there are any)."""
    if seconds or (seconds is None and t.second):
        return f"{t.hour}:{t.minute:02d}:{t.second:02d}"
    return f"{t.hour}:{t.minute:02d}"
