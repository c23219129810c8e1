"""What a streamed worksheet holds: its cells (`SheetCell`, with `ExcelError` for cached error
values) and `SheetData`, the cells with the sheet's merged ranges, hidden rows and filter."""
from __future__ import annotations

from dataclasses import dataclass, field


class ExcelError:
    """A cached error value (#N/A, #REF!, #VALUE!, #DIV/0!, …): never text, never a number."""
    __slots__ = ("code",)

    def __init__(self, code: str):
        self.code = code

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ExcelError) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)

    def __repr__(self) -> str:
        return f"ExcelError({self.code!r})"


class SheetCell:
    """One cell as stored. `serial` is the number behind a date-formatted value (2023 typed into
    a date cell shows as 1905-07-15; the serial keeps the 2023). `formula` is set only where
    there is no cached value ("=SUM(B2:B5)")."""
    __slots__ = ("value", "fmt", "formula", "serial")

    def __init__(self, value: object, fmt: str = "General", formula: str | None = None,
                 serial: float | int | None = None):
        self.value, self.fmt, self.formula, self.serial = value, fmt, formula, serial

    def __repr__(self) -> str:
        return f"SheetCell({self.value!r}, {self.fmt!r}, {self.formula!r}, {self.serial!r})"


@dataclass
class SheetData:
    """The cells of one sheet within MAX_ROWS + 1 rows (the header and the data) and MAX_COLS
    columns (read/limits.py), with what else the reader must know about them."""
    name: str
    cells: dict[tuple[int, int], SheetCell] = field(default_factory=dict)   # (row, column), 1-based
    last_row: int = 0                 # the last stored row holding a cell
    extent: tuple[int, int] = (0, 0)  # (row, column) of the farthest non-blank cell anywhere
    rows_beyond: int = 0              # the first row beyond the limit holding a value (0: none)
    hidden_rows: set[int] = field(default_factory=set)
    filter_ref: str = ""              # the autofilter's range, "" when none
    filtering: bool = False           # the autofilter has criteria (rows may be filtered out)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)   # r1, c1, r2, c2
    date1904: bool = False            # the workbook's date system (serials of formulas evaluated)
