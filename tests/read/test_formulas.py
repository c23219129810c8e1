"""Unit tests of jixiao.read.formulas: what Excel computes, or None (the reader then asks the clerk to
open and save the workbook in Excel/WPS). Never a different number."""
from __future__ import annotations

import time
from datetime import datetime
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.read.formulas import (MAX_FORMULA_DEPTH, MAX_FORMULA_VISITS, MAX_NESTING, Evaluator, tokens,
                             translate)
from jixiao.read.limits import MAX_ROWS
from jixiao.read.refs import split_ref
from jixiao.read.sheetdata import ExcelError, SheetCell, SheetData


def sheet(**cells) -> SheetData:
    """A sheet from B3=… keywords: formulas are strings starting with "=" (no cached value)."""
    s = SheetData("资金情况")
    for ref, v in cells.items():
        pos = split_ref(ref)
        if isinstance(v, str) and v.startswith("="):
            s.cells[pos] = SheetCell(None, "General", v)
        elif isinstance(v, SheetCell):
            s.cells[pos] = v
        else:
            s.cells[pos] = SheetCell(v)
    s.last_row = max(r for r, _ in s.cells)
    s.extent = (s.last_row, max(c for _, c in s.cells))
    return s


def ev(formula: str, **cells):
    s = sheet(A1="=" + formula, **cells)
    return Evaluator(s).value(1, 1)


@pytest.mark.parametrize("formula, expected", [
    ("500--7.83", D("507.83")),            # Excel: 500 minus minus 7.83
    ("500+-7.83", D("492.17")),
    ("--B3", D("7.83")),
    ("+B3", D("7.83")),
    ("-B3", D("-7.83")),
    ("---B3", D("-7.83")),
    ("-2^2", D(4)),                        # negation binds tighter than ^ in Excel
    ("2^3^2", D(64)),                      # left to right
    ("2^-1", D("0.5")),
    ("50%", D("0.5")),
    ("-B3%", D("-0.0783")),
    ("B3*2-B4/4", D("15.66") - D("2.5")),
    ("(B3+B4)*2", D("35.66")),
    ("SUM(B3:B5)", D("17.83")),            # B5 is text: SUM skips it, as Excel does
    ("SUM(B3,B4,1)", D("18.83")),
    ("SUM(3:4)", D("17.83")),
    ("sum(b3:b4)", D("17.83")),
    ("SUM(B3:B4)-SUM(B3)", D(10)),
    ("ROUND(B3*1.005,1)", D("7.9")),
    ("ROUND(2.5,0)", D(3)),
    ("ROUND(-2.5,0)", D(-3)),              # halves away from zero
    ("ROUND(1234,-2)", D(1200)),
    ("B6+1", D(1)),                        # a blank is 0
    ("B7+1", D(2)),                        # TRUE is 1
    ("B8+0", D("1.5")),                    # numeric text is coerced by an operator
    ("$B$3+B$4+$B4", D("27.83")),
    ("0.1+0.2", D("0.3")),
    ("1E3+1", D(1001)),
    ("B9", D("3.3")),                      # float noise from a cached value: 15 digits
])
def test_what_excel_computes(formula, expected):
    got = ev(formula, B3=7.83, B4=10, B5="说明", B7=True, B8=" 1.5 ", B9=1.1 + 2.2)
    assert got == expected


@pytest.mark.parametrize("formula", [
    "VLOOKUP(A3,H:I,2,FALSE)", "1/0", "B3/B6", "Sheet2!B3", "'其他表'!B3", "名称+1", '"a"&"b"',
    "B3>1", "B3:B4", "B3:B4+1", "(B3", "B3)", "", "SUM()", "ROUND(1)", "2^0.5", "B10+1", "B11+1",
    "SUM(B3,B8)",                          # "1.5" typed as text inside SUM: Excel skips it; ask
    "SUM(B:B)",
    "SUM(B8:B8)", "A0+1", "ZZZZ9", "B3 B4", "=B3",
])
def test_what_is_left_to_excel(formula):
    assert ev(formula, B3=7.83, B4=10, B8="1.5", B10=ExcelError("#N/A"), B11="abc") is None


def test_whole_column():
    assert ev("SUM(B:B)", B3=7.83, B4=10, B5="说明") == D("17.83")


def test_dates_compute_with_their_serial():
    s = sheet(A1="=B2+1", B2=SheetCell(datetime(2024, 1, 1), "yyyy-mm-dd", None, 45292))
    assert Evaluator(s).value(1, 1) == D(45293)


def test_formula_referring_to_formulas():
    s = sheet(A1="=B2+B3", B2="=SUM(C2:C3)", B3="=B2*2", C2=1, C3=2)
    assert Evaluator(s).value(1, 1) == D(9)


def test_cycle_is_none():
    s = sheet(A1="=B2+1", B2="=A1+1")
    assert Evaluator(s).value(1, 1) is None


def test_self_reference_is_none():
    assert Evaluator(sheet(A1="=A1+1")).value(1, 1) is None


def test_depth_is_bounded():
    cells = {f"B{i}": f"=B{i + 1}" for i in range(1, MAX_FORMULA_DEPTH + 5)}
    cells[f"B{MAX_FORMULA_DEPTH + 5}"] = 1
    assert Evaluator(sheet(**cells)).value(1, 2) is None
    short = {f"B{i}": f"=B{i + 1}" for i in range(1, 10)} | {"B10": 1}
    assert Evaluator(sheet(**short)).value(1, 2) == 1


def test_doubling_chain_is_memoised():
    cells = {f"B{i}": f"=B{i + 1}+B{i + 1}" for i in range(1, 31)} | {"B31": 1}
    t = time.monotonic()
    assert Evaluator(sheet(**cells)).value(1, 2) == D(2**30)
    assert time.monotonic() - t < 1


def test_visits_are_bounded():
    cells = {f"A{r}": 1 for r in range(1, 3000)} | {"C1": f"=SUM(A1:B{MAX_FORMULA_VISITS})"}
    s = sheet(**cells)
    s.extent = (MAX_FORMULA_VISITS, 2)              # something far down: the range is not all blank
    t = time.monotonic()
    assert Evaluator(s).value(1, 3) is None
    assert time.monotonic() - t < 2


def test_nesting_is_bounded():
    deep = "(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1)
    assert ev(deep) is None
    assert ev("-" * (MAX_NESTING + 1) + "1") is None
    assert ev("(" * 10 + "1" + ")" * 10) == 1


def test_reference_beyond_what_was_read_is_none_unless_blank():
    s = sheet(A1="=SUM(BZ1:BZ3)", B2=1)
    assert Evaluator(s).value(1, 1) == 0          # nothing exists out there: blank
    s.extent = (3, 78)                            # a value exists in BZ (column 78), not kept
    assert Evaluator(s).value(1, 1) is None


def test_rows_kept_are_the_whole_truth_below_the_row_limit():
    s = sheet(A1="=B100+1", B2=1)
    s.extent = (MAX_ROWS + 50, 2)                # something exists beyond the rows kept
    assert Evaluator(s).value(1, 1) == 1         # B100 is within them, and blank


@pytest.mark.parametrize("formula", [
    "1200+XYZ1", "1200+XFE1", "1200+A1048577", "1200+A0", "SUM(B2:XFE3)", "SUM(A1048577:A1048578)",
    "SUM(XFE:XFE)", "SUM(0:1)", "SUM(1048577:1048577)", "1200+$XYZ$1", "1200+Total", "1200+ABCD1",
])
def test_a_reference_off_excels_grid_is_never_a_blank_cell(formula):
    """XYZ1 is a defined name (or nothing) in Excel, never a blank cell: 1200+XYZ1 is not 1200."""
    assert ev(formula) is None


def test_the_grid_s_last_cells_are_cells():
    assert ev("1200+XFD1+A1048576+SUM(XFD:XFD)+SUM(1048576:1048576)") == 1200


def test_a_shared_formula_moved_off_the_grid_is_ref():
    assert translate("B2+1", -2, 0) == "#REF!+1"
    assert translate("XFD1+1", 0, 1) == "#REF!+1"
    assert translate("B1048576", 1, 0) == "#REF!"
    assert translate("SUM(B1:B3)", -1, 0) == "SUM(#REF!:B2)"
    assert translate("$B$1+B1", 5, 5) == "$B$1+G6"
    assert ev(translate("B2+1", -2, 0)) is None


def test_negative_zero_is_zero():
    for formula in ("0*-1", "ROUND(-0.001,2)", "-0", "-B3", "-(1-1)"):
        got = ev(formula, B3=0)
        assert got == 0 and not got.is_signed(), formula


def test_numbers_typed_as_text_are_ascii_digits_only():
    assert ev("B3+1", B3="١٢") is None and ev("B3+1", B3="1²") is None and ev("B3+1", B3=" 12 ") == 13


def test_translate_shared_formula():
    assert translate("SUM(B2:B5)+$C$1+C$1+$C1", 2, 1) == "SUM(C4:C7)+$C$1+D$1+$C3"
    assert translate('B2&"B2"', 1, 0) == 'B3&"B2"'
    assert translate("SUM(B:B)+SUM(2:3)", 1, 1) == "SUM(C:C)+SUM(3:4)"


def test_tokens():
    assert tokens("=SUM($B$2:B9)*-1%") == [("func", "SUM"), ("cells", "$B$2:B9"), ("op", ")"),
                                          ("op", "*"), ("op", "-"), ("number", "1"), ("op", "%")]


@given(a=st.decimals(min_value=-10**9, max_value=10**9, places=2),
       b=st.decimals(min_value=-10**9, max_value=10**9, places=2),
       signs=st.text("+-", max_size=4))
def test_unary_signs_compose_like_excel(a, b, signs):
    """a (op) signs b: an even number of minus signs keeps b, an odd number negates it."""
    got = ev(f"B2+{signs}B3", B2=str(a), B3=str(b))
    expected = a + (-b if signs.count("-") % 2 else b)
    assert got == expected


FORMULA_PIECES = st.sampled_from(["B3", "B4", "$B$3", "B3:B9", "B:B", "3:4", "SUM(", "ROUND(", "VLOOKUP(", "(",
                                  ")", ",", "+", "-", "*", "/", "^", "%", "1", "0", "0.5", "1E400", "TRUE",
                                  '"x"', "A1", " ", "!", "'", "&", "="])


@given(st.lists(FORMULA_PIECES, max_size=25).map("".join))
def test_any_formula_is_a_number_or_none(text):
    got = ev(text, B3=7.83, B4=10, B5="说明", B6=ExcelError("#N/A"), B8="1.5")
    assert got is None or isinstance(got, D) and got.is_finite()
