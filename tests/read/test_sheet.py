"""Unit tests of jixiao.read.sheet, the worksheet streamer: every cell it streams equals what openpyxl
(the oracle, loading the whole workbook) reads, for the examples, for LibreOffice's re-saves and
for random workbooks; and the sheet-level details openpyxl does not show (hidden rows,
autofilter, merges, shared formulas, Strict, limits)."""
from __future__ import annotations

import io
import shutil
import subprocess
import warnings
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.read.limits import MAX_ROWS
from jixiao.read.numfmt import is_date_format
from jixiao.read.package import open_package
from jixiao.read.refused import Refused
from jixiao.read.sheet import read_sheet
from jixiao.read.sheetdata import ExcelError
from tests.broken_factory import (GOOD_BYTES, set_cell_xml, sheet_part, sheet_stream, stream_part,
                                  to_shared_strings, to_strict)

from ..conftest import EXAMPLES


# ---------------------------------------------------------------- the oracle

def _openpyxl_cells(data: bytes) -> dict[str, dict[tuple[int, int], tuple[object, str]]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    out = {}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None and type(c).__name__ != "MergedCell":
                    v = ExcelError(c.value) if c.data_type == "e" else c.value
                    cells[(c.row, c.column)] = (v, c.number_format)
        out[ws.title] = cells
    return out


def _our_cells(data: bytes, tmp: Path) -> dict[str, dict[tuple[int, int], tuple[object, str]]]:
    path = tmp / "x.xlsx"
    path.write_bytes(data)
    package = open_package(path)
    # a formula's cached empty string (<c t="str"><v></v></c>, as LibreOffice and Excel save
    # =IF(C3="","",C3)) is kept as "" — blank to the reader, text to a formula referring to it —
    # where openpyxl reads nothing
    return {e.name: {k: (c.value, c.fmt) for k, c in read_sheet(package, e).cells.items() if c.value not in (None, "")}
            for e in package.sheets if e.kind == "worksheet"}


def assert_same_cells(data: bytes, tmp: Path) -> None:
    theirs, ours = _openpyxl_cells(data), _our_cells(data, tmp)
    assert ours.keys() == theirs.keys()
    for sheet in theirs:
        for k, (v, fmt) in theirs[sheet].items():
            if v == ExcelError("#VALUE!") and is_date_format(fmt) and ours[sheet][k] != (v, fmt):
                # openpyxl turns a number too large for a date into #VALUE!; the file holds
                # no error, so the number is kept (Excel shows ####)
                assert isinstance(ours[sheet][k][0], (int, float)) and ours[sheet][k][1] == fmt
                theirs[sheet][k] = ours[sheet][k]
        assert ours[sheet] == theirs[sheet], sheet


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_examples_cells_as_openpyxl_reads_them(key, tmp_path):
    assert_same_cells(EXAMPLES[key].read_bytes(), tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_resaves_as_openpyxl_reads_them(tmp_path):
    """LibreOffice writes shared strings, styles with number formats, and its own layout."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"),
                    str(EXAMPLES["000"])], check=True, capture_output=True, timeout=300)
    data = (tmp_path / "lo" / EXAMPLES["000"].name).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "xl/sharedStrings.xml" in z.namelist()
    assert_same_cells(data, tmp_path)


CELL_VALUES = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.sampled_from(["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "_x000B_", "  lead", "1,506.95", "≥95%"]),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.times(),
)
FORMATS = st.sampled_from(["General", "0%", "0.00%", "yyyy-mm-dd", 'yyyy"年"m"月"d"日"', "@", "h:mm:ss",
                           "[h]:mm:ss", "#,##0.00", '"date"0.00', "[Red]0.00", "mm:ss"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.integers(1, 40), st.integers(1, 12), CELL_VALUES, FORMATS), max_size=30),
       epoch1904=st.booleans())
def test_random_cells_as_openpyxl_reads_them(cells, epoch1904, tmp_path):
    wb = openpyxl.Workbook()
    if epoch1904:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    for r, c, v, fmt in cells:
        ws.cell(r, c).value = v
        ws.cell(r, c).number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    assert_same_cells(buf.getvalue(), tmp_path)


# ---------------------------------------------------------------- values

def _package(tmp_path: Path, rows: list[str], tail: str = "", data: bytes = GOOD_BYTES, sheet="年度目标"):
    path = tmp_path / "x.xlsx"
    path.write_bytes(stream_part(data, sheet_part(data, sheet), sheet_stream(rows, tail=tail)))
    package = open_package(path)
    return package, read_sheet(package, next(e for e in package.sheets if e.name == sheet))


def test_value_kinds(tmp_path):
    _, s = _package(tmp_path, [
        '<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="e"><v>#N/A</v></c>'
        '<c r="C2" t="str"><v>text</v></c><c r="D2"><v>12</v></c><c r="E2"><v>1.5E3</v></c>'
        '<c r="F2" t="inlineStr"><is><r><t>富</t></r><r><t xml:space="preserve">文本 </t></r>'
        '<rPh><t>ふりがな</t></rPh></is></c><c r="G2" t="d"><v>2024-01-02T00:00:00</v></c>'
        '<c r="H2"><v>abc</v></c><c r="I2"><v></v></c></row>'])
    got = {c: s.cells[(2, c)].value for c in range(1, 9)}
    assert got == {1: True, 2: ExcelError("#N/A"), 3: "text", 4: 12, 5: 1500.0, 6: "富文本 ",
                   7: datetime(2024, 1, 2), 8: "abc"}
    assert (2, 9) not in s.cells                      # an empty <v/> is blank


def test_a_cached_empty_string_is_kept_as_empty_text(tmp_path):
    """=IF(C3="","",C3) saved by Excel or LibreOffice: <c t="str"><f>…</f><v></v></c> (or <v/>).
    The result is an empty string, not a missing one; a number formula with an empty <v> has
    no cached value."""
    _, s = _package(tmp_path, [
        '<row r="2"><c r="A2" t="str"><f>IF(C3="","",C3)</f><v></v></c>'
        '<c r="B2" t="str"><f>IF(C3="","",C3)</f><v/></c><c r="C2"><f>1+1</f><v></v></c>'
        '<c r="D2" t="str"><v/></c><c r="E2" t="str"><f>"a"</f></c></row>'])
    assert s.cells[(2, 1)].value == "" and s.cells[(2, 1)].formula is None
    assert s.cells[(2, 2)].value == "" and s.cells[(2, 2)].formula is None
    assert s.cells[(2, 3)].value is None and s.cells[(2, 3)].formula == "=1+1"
    assert s.cells[(2, 4)].value == ""
    assert s.cells[(2, 5)].value is None and s.cells[(2, 5)].formula == '="a"'


def test_cells_without_addresses_take_their_place(tmp_path):
    _, s = _package(tmp_path, ['<row><c><v>1</v></c><c><v>2</v></c></row>', '<row r="3"><c r="C3"><v>3</v></c><c><v>4</v></c></row>',
                               '<row><c><v>5</v></c></row>'])
    assert {k: c.value for k, c in s.cells.items()} == {(1, 1): 1, (1, 2): 2, (3, 3): 3, (3, 4): 4, (4, 1): 5}


def test_date_serial_kept_beside_the_date(tmp_path):
    wb = openpyxl.load_workbook(io.BytesIO(GOOD_BYTES))
    ws = wb["年度目标"]
    ws["C2"], ws["C2"].number_format = 2023, "yyyy-mm-dd"
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "x.xlsx"
    path.write_bytes(buf.getvalue())
    p = open_package(path)
    cell = read_sheet(p, next(e for e in p.sheets if e.name == "年度目标")).cells[(2, 3)]
    assert cell.value == datetime(1905, 7, 15) and cell.serial == 2023


# ---------------------------------------------------------------- sheet facts

def test_hidden_rows_autofilter_and_merges(tmp_path):
    _, s = _package(tmp_path, [
        '<row r="2" hidden="1"><c r="A2"><v>1</v></c></row>', '<row r="3"><c r="A3"><v>2</v></c></row>',
        '<row r="4" hidden="true"/>'],
        tail='<autoFilter ref="A1:B3"><filterColumn colId="0"><filters><filter val="2"/></filters>'
             '</filterColumn></autoFilter><mergeCells count="3"><mergeCell ref="A2:A3"/>'
             '<mergeCell ref="A2:A3"/><mergeCell ref="C1"/></mergeCells>')
    assert s.hidden_rows == {2}
    assert s.filter_ref == "A1:B3" and s.filtering
    assert s.merged == [(2, 1, 3, 1)]                # copies counted once, single cells dropped


def test_autofilter_without_criteria_is_not_filtering(tmp_path):
    _, s = _package(tmp_path, ['<row r="2"><c r="A2"><v>1</v></c></row>'], tail='<autoFilter ref="A1:B3"/>')
    assert s.filter_ref == "A1:B3" and not s.filtering


def test_formula_text_only_without_cached_value(tmp_path):
    _, s = _package(tmp_path, [
        '<row r="2"><c r="A2"><f>B2+1</f><v>3</v></c><c r="B2"><f>SUM(C2:C3)</f></c>'
        '<c r="C2"><f t="shared" si="0" ref="C2:C4">D2*2</f><v>4</v></c></row>',
        '<row r="3"><c r="C3"><f t="shared" si="0"/></c><c r="D3"><f t="shared" si="1"/></c></row>',
        '<row r="4"><c r="C4"><f t="array" ref="C4">$D$2+D4</f></c></row>'])
    assert s.cells[(2, 1)].formula is None and s.cells[(2, 1)].value == 3
    assert s.cells[(2, 2)].formula == "=SUM(C2:C3)"
    assert s.cells[(3, 3)].formula == "=D3*2"           # the shared formula moved down a row
    assert s.cells[(3, 4)].formula == "=（共享公式缺失）"   # its master is missing: unevaluable
    assert s.cells[(4, 3)].formula == "=$D$2+D4"


def test_rows_beyond_the_limit_are_counted_not_kept(tmp_path):
    r = MAX_ROWS + 2
    _, s = _package(tmp_path, ['<row r="2"><c r="A2"><v>1</v></c><c r="BZ2"><v>1</v></c></row>',
                               f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>'])
    assert s.rows_beyond == r and s.extent == (r, 78)
    assert set(s.cells) == {(2, 1)}


def test_shared_strings_read_as_inline_strings(tmp_path):
    from dataclasses import replace
    from jixiao.read.workbook import read_workbook
    (tmp_path / "a.xlsx").write_bytes(GOOD_BYTES)
    (tmp_path / "b.xlsx").write_bytes(to_shared_strings(GOOD_BYTES))
    inline, shared = read_workbook(tmp_path / "a.xlsx"), read_workbook(tmp_path / "b.xlsx")
    assert replace(shared[0], source="a.xlsx") == inline[0] and shared[1] == inline[1]


def test_strict_open_xml(tmp_path):
    path = tmp_path / "strict.xlsx"
    path.write_bytes(to_strict(GOOD_BYTES))
    strict = open_package(path)
    path2 = tmp_path / "good.xlsx"
    path2.write_bytes(GOOD_BYTES)
    good = open_package(path2)
    assert [e.name for e in strict.sheets] == [e.name for e in good.sheets]
    for a, b in zip(strict.sheets, good.sheets):
        assert {k: c.value for k, c in read_sheet(strict, a).cells.items()} == \
               {k: c.value for k, c in read_sheet(good, b).cells.items()}


def test_missing_shared_string_is_located(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(set_cell_xml(GOOD_BYTES, "年度目标", "A2", '<c r="A2" t="s"><v>99</v></c>'))
    with pytest.raises(Refused) as e:
        p = open_package(path)
        read_sheet(p, next(x for x in p.sheets if x.name == "年度目标"))
    assert e.value.where == "年度目标!A2" and "共享字符串" in e.value.what


@pytest.mark.parametrize("cell", ['<c r="A2" t="s"><v>-1</v></c>', '<c r="A2" t="s"><v>1e0</v></c>'])
def test_shared_string_index_must_be_a_plain_index(tmp_path, cell):
    from tests.broken_factory import with_shared_strings
    data = with_shared_strings(GOOD_BYTES, ["一", "二"])
    path = tmp_path / "x.xlsx"
    path.write_bytes(set_cell_xml(data, "年度目标", "A2", cell))
    with pytest.raises(Refused) as e:
        p = open_package(path)
        read_sheet(p, next(x for x in p.sheets if x.name == "年度目标"))
    assert e.value.where == "年度目标!A2"


def test_bad_style_index_is_general(tmp_path):
    _, s = _package(tmp_path, ['<row r="2"><c r="A2" s="-1"><v>0.5</v></c><c r="B2" s="99999"><v>0.5</v></c></row>'])
    assert s.cells[(2, 1)].fmt == s.cells[(2, 2)].fmt == "General"
