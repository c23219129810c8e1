"""jixiao.write.tables: the w:tbl of a document.Table — grid, merges, repeated headers, rows kept whole."""
from __future__ import annotations

import dataclasses
import io
import time

import docx
import pytest

from jixiao.write import gbt9704 as G
from jixiao.render.document import Cell, Paragraph, Row, Table
from jixiao.write.body import write_docx
from jixiao.write.tables import CELL_STYLE

from .docx_xml import NS, body_children, grid_layout, only_table, ppr, report, sample, style, w

# ---------------------------------------------------------------------------- tables
def test_table_properties_grid_and_borders():
    t = Table((20, 35.5), (Row((Cell("h1", bold=True), Cell("h2")), header=True),
                            Row((Cell("1.00", align="right"), Cell("左\n第二行", align="left"))),
                            Row((Cell("x"), Cell("y")), header=True)), font_pt=12)
    data = write_docx(report(body=[t]))
    tbl = only_table(data)
    assert tbl.find("w:tblPr/w:tblLayout", NS).get(w("type")) == "fixed"
    assert tbl.find("w:tblPr/w:jc", NS).get(w("val")) == "center"
    borders = tbl.find("w:tblPr/w:tblBorders", NS)
    assert [(b.tag.split("}")[1], b.get(w("val")), b.get(w("sz"))) for b in borders] == \
        [(s, "single", "4") for s in ("top", "left", "bottom", "right", "insideH", "insideV")]
    assert [g.get(w("w")) for g in tbl.findall("w:tblGrid/w:gridCol", NS)] == ["1134", "2013"]
    trs = tbl.findall("w:tr", NS)
    assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in trs)
    assert [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in trs] == [True, False, False]
    tcs = trs[1].findall("w:tc", NS)
    assert [tc.find("w:tcPr/w:tcW", NS).get(w("w")) for tc in tcs] == ["1134", "2013"]
    assert all(tc.find("w:tcPr/w:vAlign", NS).get(w("val")) == "center" for tc in tbl.iter(w("tc")))
    assert tcs[0].find("w:p/w:pPr/w:jc", NS).get(w("val")) == "right"
    assert len(tcs[1].findall("w:p", NS)) == 2  # "\n" → two paragraphs
    assert tcs[1].find("w:p/w:pPr/w:jc", NS).get(w("val")) == "left"
    assert tcs[1].find("w:p/w:pPr/w:pStyle", NS).get(w("val")) == CELL_STYLE
    assert tcs[0].find(".//w:rPr/w:sz", NS).get(w("val")) == "24"  # font_pt 12 …
    assert tcs[0].find("w:p/w:pPr/w:spacing", NS).get(w("line")) == str(round(12 * 1.3 * 20))  # … and its line
    first = trs[0].findall("w:tc", NS)
    assert first[0].find(".//w:rPr/w:b", NS) is not None and first[1].find(".//w:rPr/w:b", NS) is None
    kids = body_children(data)
    assert kids[0].tag == w("tbl") and kids[1].tag == w("p")  # a table is followed by a paragraph


def test_default_font_size_comes_from_the_cell_style():
    tbl = only_table(write_docx(report(body=[Table((30,), (Row((Cell("x"),)),))])))
    assert tbl.find(".//w:r/w:rPr/w:sz", NS) is None and tbl.find(".//w:pPr/w:spacing", NS) is None


def test_rowspan_and_colspan_html_style():
    # A spans 3 rows; B spans 2 columns and 2 rows; the rows below omit covered positions.
    t = Table((10, 10, 10, 10), (
        Row((Cell("A", rowspan=3), Cell("B", colspan=2, rowspan=2), Cell("C"))),
        Row((Cell("D"),)),
        Row((Cell("E"), Cell("F"), Cell("G"))),
        Row((Cell("H", colspan=4),)),
    ))
    data = write_docx(report(body=[t]))
    assert grid_layout(only_table(data)) == [
        [(0, 1, "restart", "A"), (1, 2, "restart", "B"), (3, 1, None, "C")],
        [(0, 1, "cont", ""), (1, 2, "cont", ""), (3, 1, None, "D")],
        [(0, 1, "cont", ""), (1, 1, None, "E"), (2, 1, None, "F"), (3, 1, None, "G")],
        [(0, 4, None, "H")],
    ]
    tbl = only_table(data)
    assert tbl.findall("w:tr", NS)[0].findall("w:tc", NS)[1].find("w:tcPr/w:tcW", NS).get(w("w")) == \
        str(G.mm(10).twips * 2)
    table = docx.Document(io.BytesIO(data)).tables[0]
    assert table.cell(2, 0)._tc is table.cell(0, 0)._tc
    assert table.cell(1, 2)._tc is table.cell(0, 1)._tc
    assert table.cell(1, 3).text == "D"


def test_merge_in_middle_column():
    t = Table((10, 10, 10), (Row((Cell("a"), Cell("M", rowspan=2), Cell("c"))), Row((Cell("d"), Cell("f")))))
    assert grid_layout(only_table(write_docx(report(body=[t])))) == [
        [(0, 1, None, "a"), (1, 1, "restart", "M"), (2, 1, None, "c")],
        [(0, 1, None, "d"), (1, 1, "cont", ""), (2, 1, None, "f")],
    ]


def test_ragged_rows_are_padded_or_clipped_never_invalid():
    t = Table((10, 10, 10), (
        Row((Cell("short"),)),                                    # padded
        Row((Cell("a"), Cell("b"), Cell("c"), Cell("extra"))),    # extra dropped
        Row((Cell("wide", colspan=9),)),                          # clipped to the grid
        Row((Cell("x"), Cell("tall", rowspan=9))),                # rowspan past the end
        Row((Cell("y", colspan=3),)),                             # must stop at the covered column
        Row(()),                                                  # empty row
    ))
    data = write_docx(report(body=[t]))
    rows = grid_layout(only_table(data))
    assert all(sum(span for _, span, _, _ in r) == 3 for r in rows)
    assert rows[0][0][3] == "short" and len(rows[0]) == 3
    assert "extra" not in str(rows)
    assert rows[2] == [(0, 3, None, "wide")]
    assert rows[4] == [(0, 1, None, "y"), (1, 1, "cont", ""), (2, 1, None, "")]
    assert rows[5][1] == (1, 1, "cont", "")
    assert docx.Document(io.BytesIO(data)).tables[0].cell(5, 1)._tc is not None


def test_header_rows_repeat_only_whole():
    head = Row((Cell("一级指标", rowspan=2), Cell("值")), header=True)
    rows = (head, Row((Cell("x"),), header=True), Row((Cell("a"), Cell("b"))))
    tbl = only_table(write_docx(report(body=[Table((20, 20), rows)])))
    assert [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in tbl.findall("w:tr", NS)] == [True, True, False]
    # a heading cell merged down into the data: nothing of it can repeat
    rows = (Row((Cell("财政供养人员", rowspan=2), Cell("编制数")), header=True), Row((Cell("34"),)))
    tbl = only_table(write_docx(report(body=[Table((20, 20), rows)])))
    assert not list(tbl.iter(w("tblHeader")))


def test_a_row_that_could_outgrow_a_page_may_break():
    long = "年度总体目标。" * 400          # far more than half a page in a 60 mm column
    t = Table((30, 60, 60), (Row((Cell("h"), Cell("h"), Cell("h")), header=True),
                             Row((Cell("目标"), Cell(long, align="left"), Cell("短"))), Row((Cell("a"), Cell("b"), Cell("c")))))
    trs = only_table(write_docx(report(body=[t]))).findall("w:tr", NS)
    assert [tr.find("w:trPr/w:cantSplit", NS) is not None for tr in trs] == [True, False, True]


def test_adjacent_tables_are_kept_apart_and_a_continued_table_glued():
    t = Table((30,), (Row((Cell("x"),)),))
    kids = body_children(write_docx(report(body=[t, t])))
    assert [k.tag for k in kids] == [w("tbl"), w("p"), w("tbl"), w("p"), w("sectPr")]
    assert ppr(kids[1], "pStyle", "val") == "GwTableNote" and ppr(kids[1], "keepNext") is not None
    three = dataclasses.replace(t, continued=Table((10, 20), (Row((Cell("y"), Cell("z")), header=True),),
                                                   continued=t))
    kids = body_children(write_docx(report(body=[three, Paragraph.of("table-note", "填表人")])))
    assert [k.tag for k in kids] == [w("tbl"), w("p"), w("tbl"), w("p"), w("tbl"), w("p"), w("sectPr")]
    for sep in (kids[1], kids[3]):
        assert ppr(sep, "pStyle", "val") == "GwJoin" and sep.find("w:pPr/w:rPr/w:vanish", NS) is not None
    assert kids[2].find("w:tr/w:trPr/w:tblHeader", NS) is not None         # its own heading repeats
    keep = [bool(list(k.iter(w("keepNext")))) for k in (kids[0], kids[2], kids[4])]
    assert keep == [False, False, True]   # only the form's last row stays with the 填表人 line
    s = style(write_docx(sample()), "GwJoin")
    assert s.find("w:rPr/w:vanish", NS) is not None and s.find("w:pPr/w:keepNext", NS) is not None
    assert s.find("w:pPr/w:spacing", NS).get(w("line")) == "2"


def test_the_footer_line_is_kept_with_the_last_row():
    data = write_docx(sample())
    trs = only_table(data).findall("w:tr", NS)
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in trs[-1].iter(w("p")))
    assert style(data, "GwTableNote").find("w:pPr/w:keepLines", NS) is not None
    t = Table((30,), (Row((Cell("x"),)), Row((Cell("y"),))))
    trs = only_table(write_docx(report(body=[t, Paragraph.of("body", "正文")]))).findall("w:tr", NS)
    assert not list(trs[-1].iter(w("keepNext")))


@pytest.mark.slow                  # its openxml-audit, not its writing, takes the time
def test_large_table_writes(capsys):
    rows = tuple(Row(tuple(Cell(f"{r}.{c}", align="right") for c in range(7)), header=r < 2) for r in range(800))
    rpt = report(body=[Paragraph.of("attachment-label", "附件1"), Table((22,) * 7, rows)])
    t0 = time.perf_counter()
    data = write_docx(rpt)
    elapsed = time.perf_counter() - t0
    with capsys.disabled():
        print(f"\n800-row table: {elapsed:.3f} s, {len(data)} bytes")
    assert len(only_table(data).findall("w:tr", NS)) == 800
