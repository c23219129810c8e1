"""jixiao.write.figures_part: the figures a report embeds come back as written (read_figures); anything else
(absent, foreign, broken, hostile) reads as None, never raises, and reads a bounded amount."""
from __future__ import annotations

import io
import uuid
import zipfile
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.render.document import Paragraph, Report
from jixiao.write.body import write_docx
from jixiao.write.figures_part import FIGURES_ITEM_ID, FIGURES_NS, MAX_FIGURES_PART_BYTES, read_figures

from .. import reports

NS = FIGURES_NS


def docx_with(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def test_round_trip_of_a_report():
    data = write_docx(reports.full())
    assert read_figures(data) == list(reports.FIGURES)


def test_the_datastore_item_id_is_fixed_per_schema():
    assert FIGURES_ITEM_ID == "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, NS)).upper() + "}"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=30)), max_size=8))
def test_any_names_and_values_come_back(figures):
    """Whatever the names hold — markup, quotes, line breaks, tabs — they come back; characters
    XML cannot carry are dropped (as everywhere in the report)."""
    from jixiao.write.wml import clean
    data = write_docx(Report.of("t", "a", date(2024, 1, 1), body=(Paragraph.of("body", "x"),),
                                figures=tuple(figures)))
    assert read_figures(data) == [(clean(n), clean(v)) for n, v in figures]


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken", docx_with({"word/document.xml": b"<x/>"})])
def test_not_a_report_is_none(data):
    assert read_figures(data) is None


def test_foreign_or_broken_custom_xml_is_none():
    assert read_figures(docx_with({"customXml/item1.xml": b"<foo/>"})) is None
    assert read_figures(docx_with({"customXml/item1.xml": b"<figures xmlns='urn:other'/>"})) is None
    assert read_figures(docx_with({"customXml/item1.xml": b"<figures xmlns='" + NS.encode() + b"'>"})) is None
    assert read_figures(docx_with({"customXml/item1.xml": b"\xff\xfe garbage"})) is None


def test_the_figures_part_is_found_among_other_custom_xml():
    ours = f'<figures xmlns="{NS}"><figure name="总分">99.00</figure><figure>no name</figure><other/></figures>'
    data = docx_with({"customXml/item1.xml": b"<b:Sources xmlns:b='urn:bib'/>",
                      "customXml/item2.xml": ours.encode()})
    assert read_figures(data) == [("总分", "99.00")]


def test_entities_and_dtds_are_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<figures xmlns="' + NS.encode() + b'"><figure name="x">&b;</figure></figures>')
    assert read_figures(docx_with({"customXml/item1.xml": bomb})) is None
    external = (b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b'<figures xmlns="' + NS.encode() + b'"><figure name="x">&e;</figure></figures>')
    assert read_figures(docx_with({"customXml/item1.xml": external})) is None


def test_a_zip_bomb_is_not_inflated():
    huge = b"<figures xmlns='" + NS.encode() + b"'>" + b" " * (MAX_FIGURES_PART_BYTES + 10) + b"</figures>"
    data = docx_with({"customXml/item1.xml": huge})
    assert len(data) < MAX_FIGURES_PART_BYTES // 100          # compresses to almost nothing
    assert read_figures(data) is None


def test_too_many_entries_is_none():
    parts = {f"x/{i}.xml": b"" for i in range(10_001)}
    assert read_figures(docx_with(parts)) is None
