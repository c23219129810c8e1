"""Unit tests of jixiao.read.package: the sheets a package lists, the files and parts it refuses, and
mutated packages that must never make the reader raise."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.read.limits import MAX_ZIP_ENTRIES
from jixiao.read.package import open_package
from jixiao.read.refused import Refused
from jixiao.read.sheet import read_sheet
from tests.broken_factory import GOOD_BYTES, rezip, set_cell_xml, sheet_part, to_shared_strings


def test_chart_sheet_and_hidden_sheet_are_listed(tmp_path):
    with zipfile.ZipFile(io.BytesIO(GOOD_BYTES)) as z:
        wbxml = z.read("xl/workbook.xml").decode()
    wbxml = wbxml.replace('name="年度目标" sheetId="6" state="visible"', 'name="年度目标" sheetId="6" state="hidden"')
    path = tmp_path / "x.xlsx"
    path.write_bytes(rezip(GOOD_BYTES, {"xl/workbook.xml": wbxml.encode()}))
    assert next(e for e in open_package(path).sheets if e.name == "年度目标").state == "hidden"


# ---------------------------------------------------------------- refusals

def _refused(path: Path) -> str:
    with pytest.raises(Refused) as e:
        p = open_package(path)
        for entry in p.sheets:
            read_sheet(p, entry)
    return str(e.value)


def test_doctype_is_refused(tmp_path):
    data = set_cell_xml(GOOD_BYTES, "年度目标", "A2", '<c r="A2" t="inlineStr"><is><t>x</t></is></c>')
    part = sheet_part(data, "年度目标")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(part).decode()
    path = tmp_path / "x.xlsx"
    path.write_bytes(rezip(data, {part: ('<!DOCTYPE worksheet [<!ENTITY a "b">]>' + xml).encode()}))
    assert "DTD" in _refused(path)


def test_too_many_zip_entries(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(MAX_ZIP_ENTRIES + 1):
            z.writestr(f"x/{i}", b"")
    path = tmp_path / "x.xlsx"
    path.write_bytes(buf.getvalue())
    assert "个文件" in _refused(path)


def test_workbook_with_a_relative_office_document_and_odd_case(tmp_path):
    """The workbook part found through _rels/.rels, part names matched case-insensitively."""
    with zipfile.ZipFile(io.BytesIO(GOOD_BYTES)) as z:
        rels = z.read("_rels/.rels").decode()
    assert "xl/workbook.xml" in rels
    path = tmp_path / "x.xlsx"
    path.write_bytes(rezip(GOOD_BYTES, {"_rels/.rels": rels.replace("xl/workbook.xml", "XL/Workbook.xml").encode()}))
    plain = tmp_path / "plain.xlsx"
    plain.write_bytes(GOOD_BYTES)
    assert [s.name for s in open_package(path).sheets] == [s.name for s in open_package(plain).sheets]
    assert len(open_package(path).sheets) >= 13


# ---------------------------------------------------------------- mutated packages

SHARED = to_shared_strings(GOOD_BYTES)      # the good example as Excel writes text
with zipfile.ZipFile(io.BytesIO(SHARED)) as _z:
    PARTS = [n for n in _z.namelist() if n.endswith((".xml", ".rels"))]
    PART_BYTES = {n: _z.read(n) for n in PARTS}

SNIPPETS = [b"<", b">", b"</c>", b'<c r="A2" t="s"><v>7</v></c>', b'<c r="B9" t="e"><v>#N/A</v></c>',
            b'<row r="3" hidden="1">', b'<mergeCell ref="A1:XFD1048576"/>', b'<f t="shared" si="0"/>',
            b"&#0;", b"&amp;", b"\xff\xfe", b"\x00", b'<?xml version="1.0"?>', b'<c r="A0"><v>1</v></c>',
            b'<c r="A3" s="-7"><v>45292</v></c>', b'<c r="ZZZZ1"><v>1</v></c>', b'<c t="d"><v>x</v></c>',
            b'<c t="b"><v>2</v></c>', b'<c><f>SUM(A:A)</f></c>', b'<c><is><t>x</t></is></c>']


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(part=st.sampled_from(PARTS), data=st.data())
def test_mutated_package_never_raises(part, data, tmp_path):
    """Any damage to any XML part of a good workbook ends in a model or located messages."""
    from jixiao.read.workbook import read_workbook
    from jixiao.contract import SHEET_BY_NAME
    xml = PART_BYTES[part]
    at = data.draw(st.integers(0, len(xml)), label="at")
    cut = data.draw(st.integers(0, 200), label="cut")
    insert = data.draw(st.one_of(st.sampled_from(SNIPPETS), st.binary(max_size=20)), label="insert")
    path = tmp_path / "x.xlsx"
    path.write_bytes(rezip(SHARED, {part: xml[:at] + insert + xml[at + cut:]}))
    wb, msgs = read_workbook(path)
    assert wb is not None or any(m.is_error for m in msgs)
    for m in msgs:
        assert m.where == "" and "x.xlsx" in m.what or m.where.split("!")[0] in SHEET_BY_NAME, m


def test_a_workbook_rewritten_while_it_is_read_is_said_to_be(tmp_path, monkeypatch):
    """Borderline decided: a workbook whose size or time changes during the read (being saved,
    a sync client) is refused as 在读取时被改动, not reported as a CSV or an empty file."""
    import os

    from jixiao.read import package
    from jixiao.read.refused import Refused
    from tests.broken_factory import GOOD_BYTES

    path = tmp_path / "x.xlsx"
    path.write_bytes(GOOD_BYTES)
    real = os.fstat
    calls = []

    def changing(fd):
        st = real(fd)
        calls.append(fd)
        if len(calls) == 2:                     # after the read: the writer has moved on
            values = list(st)
            values[6] += 1                      # st_size
            return os.stat_result(values)
        return st
    monkeypatch.setattr(package.os, "fstat", changing)
    with pytest.raises(Refused) as info:
        package.open_package(path)
    assert "读取时被改动" in info.value.what
    monkeypatch.setattr(package.os, "fstat", real)
    assert package.open_package(path).sheets             # unchanged: read as ever
