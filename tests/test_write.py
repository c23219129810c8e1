"""Tests for jixiao.write: assert on the package XML the writer produces."""
from __future__ import annotations

import dataclasses

import io
import time
import typing
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import docx
import pytest
from lxml import etree

from jixiao.document import Cell, PageBreak, Paragraph, ParagraphKind, Report, Row, Run, Table
from jixiao.write import CELL_STYLE, STYLE_IDS, mm_to_twips, write_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
KINDS = typing.get_args(ParagraphKind)


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def part(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def report(cover=(), body=(), created=date(2024, 3, 1)) -> Report:
    return Report.of("2023年度某单位整体支出绩效自评报告", "某单位", created, tuple(cover), tuple(body))


def sample() -> Report:
    return report(
        cover=[Paragraph.of("cover", "部门（单位）名称：某单位（盖章）"), Paragraph.of("title", "报告")],
        body=[Paragraph.of("heading1", "一、基本情况"), Paragraph.of("body", "正文"), PageBreak(),
              Paragraph.of("attachment-label", "附件1"),
              Table((20, 30), (Row((Cell("a"), Cell("b")), header=True),)),
              Paragraph.of("table-note", "填表人：")],
    )


def style(data: bytes, sid: str):
    found = part(data, "word/styles.xml").find(f"w:style[@w:styleId='{sid}']", NS)
    assert found is not None, sid
    return found


def body_children(data: bytes):
    return list(part(data, "word/document.xml").find("w:body", NS))


def only_table(data: bytes):
    tbls = part(data, "word/document.xml").findall(".//w:tbl", NS)
    assert len(tbls) == 1
    return tbls[0]


def grid_layout(tbl) -> list[list[tuple[int, int, str | None, str]]]:
    """Per row: (grid column, span, vMerge value or 'cont', text) for each w:tc."""
    rows = []
    for tr in tbl.findall("w:tr", NS):
        col, cells = 0, []
        for tc in tr.findall("w:tc", NS):
            gs = tc.find("w:tcPr/w:gridSpan", NS)
            span = int(gs.get(w("val"))) if gs is not None else 1
            vm = tc.find("w:tcPr/w:vMerge", NS)
            merge = None if vm is None else vm.get(w("val"), "cont")
            text = "\n".join("".join(p.itertext()) for p in tc.findall("w:p", NS))
            cells.append((col, span, merge, text))
            col += span
        rows.append(cells)
    return rows


# ---------------------------------------------------------------------------- package
def test_same_report_gives_identical_bytes_and_date_changes_them():
    a, b = write_docx(sample()), write_docx(sample())
    assert a == b
    assert write_docx(dataclasses.replace(sample(), created=date(2024, 3, 2))) != a


def test_zip_entries_have_fixed_time_order_and_compression():
    z = zipfile.ZipFile(io.BytesIO(write_docx(sample())))
    infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    assert {(i.create_system, i.external_attr) for i in infos} == {(3, 0o644 << 16)}
    assert not any("thumbnail" in n or "stylesWithEffects" in n for n in z.namelist())
    assert z.testzip() is None


def test_core_properties_come_from_report_not_clock():
    doc = docx.Document(io.BytesIO(write_docx(sample())))
    cp = doc.core_properties
    assert (cp.title, cp.author, cp.last_modified_by) == ("2023年度某单位整体支出绩效自评报告", "某单位", "某单位")
    assert cp.created == cp.modified == datetime(2024, 3, 1, 0, 0, 0, tzinfo=timezone.utc)
    assert cp.revision == 1
    assert cp.comments == "" and cp.subject == "" and cp.keywords == ""


def test_language_and_document_defaults_are_chinese():
    data = write_docx(sample())
    settings = part(data, "word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(w("eastAsia")) == "zh-CN"
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    rpr = part(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = rpr.find("w:rFonts", NS)
    assert fonts.get(w("eastAsia")) == fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == "仿宋_GB2312"
    assert fonts.get(w("eastAsiaTheme")) is None and fonts.get(w("asciiTheme")) is None
    lang = rpr.find("w:lang", NS)
    assert (lang.get(w("val")), lang.get(w("eastAsia"))) == ("en-US", "zh-CN")


def test_template_sample_content_removed():
    kids = body_children(write_docx(report(body=[Paragraph.of("body", "只有一段")])))
    assert [k.tag for k in kids] == [w("p"), w("sectPr")]


# ---------------------------------------------------------------------------- styles
EXPECTED = {  # kind: (eastAsia font, half-points, jc, first-line indent, exact 579 lines)
    "title": ("方正小标宋简体", "44", "center", False, True),
    "cover": ("仿宋_GB2312", "32", "center", False, True),
    "heading1": ("黑体", "32", "both", True, True),
    "heading2": ("楷体_GB2312", "32", "both", True, True),
    "heading3": ("仿宋_GB2312", "32", "both", True, True),
    "heading4": ("仿宋_GB2312", "32", "both", True, True),
    "body": ("仿宋_GB2312", "32", "both", True, True),
    "plain": ("仿宋_GB2312", "32", "both", False, True),
    "right": ("仿宋_GB2312", "32", "right", False, True),
    "attachment-label": ("黑体", "32", "left", False, True),
    "table-title": ("方正小标宋简体", "36", "center", False, True),
    "table-note": ("仿宋_GB2312", "21", "left", False, False),
    "signature": ("仿宋_GB2312", "32", "right", False, True),
    "signature-date": ("仿宋_GB2312", "32", "right", False, True),
    "attachment-list": ("仿宋_GB2312", "32", "both", False, True),
}


def test_every_paragraph_kind_has_a_style_entry():
    assert set(KINDS) == set(EXPECTED) == set(STYLE_IDS)


@pytest.mark.parametrize("kind", KINDS)
def test_style_per_kind(kind):
    data = write_docx(report(body=[Paragraph.of(kind, "文字")]))
    font, hp, jc, indented, exact = EXPECTED[kind]
    s = style(data, STYLE_IDS[kind])
    fonts = s.find("w:rPr/w:rFonts", NS)
    assert {fonts.get(w(a)) for a in ("eastAsia", "ascii", "hAnsi")} == {font}
    assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")]
    assert s.find("w:rPr/w:sz", NS).get(w("val")) == hp
    assert s.find("w:rPr/w:color", NS).get(w("val")) == "auto"
    assert s.find("w:rPr/w:b", NS).get(w("val")) == "0"
    assert s.find("w:pPr/w:jc", NS).get(w("val")) == jc
    ind = s.find("w:pPr/w:ind", NS)
    want = ("200", "640") if indented else ("0", "0")
    assert (ind.get(w("firstLineChars")), ind.get(w("firstLine"))) == want
    spacing = s.find("w:pPr/w:spacing", NS)
    assert (spacing.get(w("before")), spacing.get(w("after"))) == ("0", "0")
    if exact:
        assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")
    # and the paragraph uses it
    p = [k for k in body_children(data) if k.tag == w("p")][0]
    assert p.find("w:pPr/w:pStyle", NS).get(w("val")) == STYLE_IDS[kind]


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_headings_are_outline_levels(level):
    data = write_docx(report(body=[Paragraph.of(f"heading{level}", "一、")]))
    s = style(data, STYLE_IDS[f"heading{level}"])
    assert s.find("w:pPr/w:outlineLvl", NS).get(w("val")) == str(level - 1)
    doc = docx.Document(io.BytesIO(data))
    assert doc.paragraphs[0].style.name == f"Heading {level}"
    # the linked character style must not bring the theme font back
    link = s.find("w:link", NS)
    if link is not None:
        char = style(data, link.get(w("val")))
        assert char.find("w:rPr/w:rFonts", NS).get(w("eastAsiaTheme")) is None


def test_table_cell_and_footer_styles_have_zero_indent_and_own_fonts():
    data = write_docx(sample())
    for sid, font, hp in ((CELL_STYLE, "仿宋_GB2312", "21"), ("Footer", "宋体", "28")):
        s = style(data, sid)
        assert s.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == font
        assert s.find("w:rPr/w:sz", NS).get(w("val")) == hp
        ind = s.find("w:pPr/w:ind", NS)
        assert ind.get(w("firstLineChars")) == "0" and ind.get(w("firstLine")) == "0"
        assert s.find("w:pPr/w:spacing", NS).get(w("lineRule")) == "auto"


# ---------------------------------------------------------------------------- paragraphs
def test_runs_bold_and_text():
    data = write_docx(report(body=[Paragraph("heading3", (Run("1.基本支出。", bold=True), Run("正文 ")))]))
    p = docx.Document(io.BytesIO(data)).paragraphs[0]
    assert [(r.text, bool(r.bold)) for r in p.runs] == [("1.基本支出。", True), ("正文 ", False)]


def test_forbidden_characters_are_stripped_not_raised():
    bad = "甲\x00乙\x0b丙\x1f丁\ufffe戊\uffff"
    data = write_docx(report(cover=[Paragraph.of("cover", bad)],
                             body=[Paragraph.of("body", bad), Table((30,), (Row((Cell(bad),)),))]))
    doc = docx.Document(io.BytesIO(data))
    assert doc.paragraphs[0].text == "甲乙丙丁戊"
    assert doc.tables[0].rows[0].cells[0].text == "甲乙丙丁戊"


# ---------------------------------------------------------------------------- sections, page numbers
def footer_of(data: bytes, sect, kind: str):
    ref = sect.find(f"w:footerReference[@w:type='{kind}']", NS)
    assert ref is not None
    rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = part(data, "word/_rels/document.xml.rels")
    target = [r.get("Target") for r in rels if r.get("Id") == rid][0]
    return part(data, "word/" + target)


def sections(data: bytes):
    return part(data, "word/document.xml").findall(".//w:sectPr", NS)


def test_cover_section_has_empty_footers_and_body_numbers_from_one():
    data = write_docx(sample())
    cover, body = sections(data)
    assert cover.getparent().tag == w("pPr")  # carried by the last cover paragraph
    assert "".join(cover.getparent().getparent().itertext()) == "报告"
    assert cover.find("w:pgNumType", NS) is None
    for kind in ("default", "even"):
        ftr = footer_of(data, cover, kind)
        assert "".join(ftr.itertext()) == "" and ftr.find(".//w:fldChar", NS) is None
    assert body.find("w:type", NS).get(w("val")) == "nextPage"
    assert body.find("w:pgNumType", NS).get(w("start")) == "1"
    for kind, jc in (("default", "right"), ("even", "left")):
        ftr = footer_of(data, body, kind)
        p = ftr.find("w:p", NS)
        assert p.find("w:pPr/w:jc", NS).get(w("val")) == jc
        assert p.find("w:pPr/w:ind", NS).get(w("firstLine")) == "0"
        assert "".join(t.text for t in p.iter(w("t"))) == "— 1 —"
        types = [f.get(w("fldCharType")) for f in p.iter(w("fldChar"))]
        assert types == ["begin", "separate", "end"]
        assert p.find(".//w:instrText", NS).text.strip() == "PAGE"


def test_page_geometry():
    for sect in sections(write_docx(sample())):
        sz, mar = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
        assert (sz.get(w("w")), sz.get(w("h"))) == ("11906", "16838")
        assert [mar.get(w(k)) for k in ("top", "bottom", "left", "right")] == \
            [str(mm_to_twips(v)) for v in (37, 35, 28, 26)] == ["2098", "1984", "1587", "1474"]
        grid = sect.find("w:docGrid", NS)
        assert (grid.get(w("type")), grid.get(w("linePitch"))) == ("lines", "579")


def test_no_cover_gives_single_numbered_section():
    (only,) = sections(write_docx(report(body=[Paragraph.of("body", "x")])))
    assert only.find("w:pgNumType", NS).get(w("start")) == "1"


def test_cover_ending_in_table_gets_a_paragraph_for_the_section_break():
    data = write_docx(report(cover=[Table((30,), (Row((Cell("x"),)),))], body=[Paragraph.of("body", "y")]))
    kids = body_children(data)
    assert kids[0].tag == w("tbl") and kids[1].find("w:pPr/w:sectPr", NS) is not None


# ---------------------------------------------------------------------------- page breaks
def test_page_break_becomes_page_break_before_on_next_paragraph():
    data = write_docx(report(cover=[Paragraph.of("title", "封面")],
                             body=[PageBreak(), Paragraph.of("body", "a"), PageBreak(),
                                   Paragraph.of("attachment-label", "附件1"), PageBreak()]))
    ps = [k for k in body_children(data) if k.tag == w("p")]
    texts = ["".join(p.itertext()) for p in ps]
    assert texts == ["封面", "a", "附件1"]  # no empty paragraphs, nothing for leading/trailing breaks
    flags = [p.find("w:pPr/w:pageBreakBefore", NS) is not None for p in ps]
    assert flags == [False, False, True]
    assert not list(part(data, "word/document.xml").iter(w("br")))


def test_page_break_before_table_is_a_break_paragraph():
    data = write_docx(report(body=[Paragraph.of("body", "a"), PageBreak(), Table((30,), (Row((Cell("x"),)),))]))
    kids = body_children(data)
    assert kids[1].find(".//w:br", NS).get(w("type")) == "page"
    assert kids[2].tag == w("tbl")


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
    # only the leading header rows repeat
    assert [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in trs] == [True, False, False]
    tcs = trs[1].findall("w:tc", NS)
    assert [tc.find("w:tcPr/w:tcW", NS).get(w("w")) for tc in tcs] == ["1134", "2013"]
    assert all(tc.find("w:tcPr/w:vAlign", NS).get(w("val")) == "center" for tc in tcs)
    assert tcs[0].find("w:p/w:pPr/w:jc", NS).get(w("val")) == "right"
    assert len(tcs[1].findall("w:p", NS)) == 2  # "\n" → two paragraphs
    assert tcs[1].find("w:p/w:pPr/w:jc", NS).get(w("val")) == "left"
    assert tcs[1].find("w:p/w:pPr/w:pStyle", NS).get(w("val")) == CELL_STYLE
    assert tcs[0].find(".//w:rPr/w:sz", NS).get(w("val")) == "24"  # font_pt 12
    first = trs[0].findall("w:tc", NS)
    assert first[0].find(".//w:rPr/w:b", NS) is not None and first[1].find(".//w:rPr/w:b", NS) is None
    # the table is followed by a paragraph
    kids = body_children(data)
    assert kids[0].tag == w("tbl") and kids[1].tag == w("p")


def test_default_font_size_comes_from_the_cell_style():
    tbl = only_table(write_docx(report(body=[Table((30,), (Row((Cell("x"),)),))])))
    assert tbl.find(".//w:r/w:rPr/w:sz", NS) is None


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
        str(mm_to_twips(10) * 2)
    # python-docx resolves the merges to the same cells
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


def test_adjacent_tables_are_kept_apart():
    t = Table((30,), (Row((Cell("x"),)),))
    kids = body_children(write_docx(report(body=[t, t])))
    assert [k.tag for k in kids] == [w("tbl"), w("p"), w("tbl"), w("p"), w("sectPr")]


def test_large_table_writes(capsys):
    rows = tuple(Row(tuple(Cell(f"{r}.{c}", align="right") for c in range(7)), header=r < 2) for r in range(800))
    rpt = report(body=[Paragraph.of("attachment-label", "附件1"), Table((22,) * 7, rows)])
    t0 = time.perf_counter()
    data = write_docx(rpt)
    elapsed = time.perf_counter() - t0
    with capsys.disabled():
        print(f"\n800-row table: {elapsed:.3f} s, {len(data)} bytes")
    assert len(only_table(data).findall("w:tr", NS)) == 800


def test_page_number_inset_one_character():
    """GB/T 9704 7.5: odd pages' number one character in from the right, even pages' from the left."""
    import zipfile
    from io import BytesIO
    z = zipfile.ZipFile(BytesIO(write_docx(report())))
    footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    numbered = [f for f in footers if "PAGE" in f]
    assert any('w:jc w:val="right"' in f and 'w:right="280"' in f for f in numbered)
    assert any('w:jc w:val="left"' in f and 'w:left="280"' in f for f in numbered)
