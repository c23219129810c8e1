"""write/own_text.py: the program's own paragraphs, as embedded when it writes a report (a fast
pattern over its own document.xml) and as read back from any report (an XML parser) — the two
must agree exactly on everything the writer makes, or every rebuild would see hand edits."""
from __future__ import annotations

import io
import zipfile

import pytest

from jixiao.build import build
from jixiao.render.document import Cell, Paragraph, Row, Table
from jixiao.write.body import write_docx
from jixiao.write.own_text import own_paragraph_texts, paragraph_texts

from .docx_xml import report
from ..conftest import EXAMPLES


def _document(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_the_pattern_reads_what_the_parser_reads_in_each_example(key):
    xml = _document(build(EXAMPLES[key]).data)
    texts = paragraph_texts(xml)
    assert len(texts) > 100
    assert own_paragraph_texts(xml) == texts


def test_the_pattern_reads_what_the_parser_reads_in_awkward_text():
    awkward = ["a & b < c > d \"e\" 'f'", "  leading and trailing  ", "tab\there", "line\nbreak",
               "&amp; typed literally", "<w:t>not markup</w:t>", "</w:p> not either", "全角　空格",
               "\U00020000 beyond the BMP"]
    body = [Paragraph.of("body", t) for t in awkward]
    body.append(Table((30.0, 30.0), tuple(Row((Cell(t), Cell(t[::-1]))) for t in awkward)))
    xml = _document(write_docx(report(body=body)))
    texts = paragraph_texts(xml)
    assert len(texts) >= 3 * len(awkward)
    assert own_paragraph_texts(xml) == texts


def test_the_embedded_text_is_what_a_rebuild_reads_back():
    from jixiao.write.figures_part import read_own_texts
    data = build(EXAMPLES["001"]).data
    assert read_own_texts(data) == paragraph_texts(_document(data))
