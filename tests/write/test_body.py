"""jixiao.write.body: assert on the package XML the writer produces from hand-built Reports — paragraphs,
附件说明, 署名, sections, page breaks. (What only a layout can tell — lines, pages, positions — is in
test_layout.py.)"""
from __future__ import annotations

import dataclasses
import io
from datetime import date

import docx
import pytest

from jixiao.write import gbt9704 as G
from jixiao.render.document import Cell, PageBreak, Paragraph, Report, Row, Run, Table
from jixiao.write.body import write_docx

from .. import reports
from .docx_xml import NS, body_children, footer_of, paragraphs, part, ppr, report, sample, sections, text, w

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


def test_markup_characters_are_escaped():
    data = write_docx(report(body=[Paragraph.of("body", "a<b>&c \"d\""), Table((30,), (Row((Cell("<&>\n x "),)),))]))
    doc = docx.Document(io.BytesIO(data))
    assert doc.paragraphs[0].text == "a<b>&c \"d\""
    assert doc.tables[0].rows[0].cells[0].text == "<&>\n x "


def test_title_is_broken_between_its_segments():
    data = write_docx(report(body=[reports.title()]))
    p = paragraphs(data)[0]
    lines = [t.text for t in p.iter(w("t"))]
    assert lines == ["2024年度", reports.UNIT, "整体支出绩效自评报告"]   # 菱形: the name is never split
    assert len(list(p.iter(w("br")))) == 2
    short = write_docx(report(body=[Paragraph("title", (Run("2024年度"), Run("某街道"), Run("整体支出绩效自评报告")))]))
    assert [t.text for t in paragraphs(short)[0].iter(w("t"))] == ["2024年度某街道整体支出绩效自评报告"]


# ---------------------------------------------------------------------------- 附件说明, 署名, 成文日期
def test_attachment_list_hangs_wrapped_lines_under_the_name():
    data = write_docx(report(body=[
        Paragraph.of("body", "正文。"), Paragraph.of("plain", ""),
        Paragraph.of("attachment-list", "附件：1.2024年度部门（单位）整体支出绩效评价基础数据表。"),
        Paragraph.of("attachment-list", "2.2024年度部门（单位）整体支出绩效自评表"),
        Paragraph.of("attachment-list", "10.第十个附件；")]))
    ps = paragraphs(data)
    assert [text(p) for p in ps] == ["正文。", "附件：1.2024年度部门（单位）整体支出绩效评价基础数据表",
                                     "2.2024年度部门（单位）整体支出绩效自评表", "10.第十个附件"]   # blank dropped, no 。；
    pitch, digit = G.CHAR_PITCH.points, 8 - 0.25      # a half-width digit or "." with the −0.25 pt spacing
    left = [int(ppr(p, "ind", "left")) for p in ps[1:]]
    hanging = [int(ppr(p, "ind", "hanging")) for p in ps[1:]]
    assert left == [round((5 * pitch + 2 * digit) * 20)] * 2 + [round((5 * pitch + 3 * digit) * 20)]
    # the first line starts two characters in, the next entries under the "1."
    assert [lf - h for lf, h in zip(left, hanging)] == [round(2 * pitch * 20)] + [round(5 * pitch * 20)] * 2
    assert ppr(ps[1], "spacing", "before") == "579" and ppr(ps[2], "spacing") is None   # 正文下空一行
    assert [ppr(p, "keepNext") is not None for p in ps[1:]] == [True, True, False]


@pytest.mark.parametrize("stamp", [False, True])
def test_signature_and_date(stamp):
    data = write_docx(report(body=[Paragraph.of("body", "正文。"), Paragraph.of("plain", ""),
                                   Paragraph.of("signature", reports.UNIT),
                                   Paragraph.of("signature-date", "2025年4月28日", stamp=stamp)]))
    body, name, when = paragraphs(data)
    assert ppr(body, "keepNext") is not None          # the 署名 never stands alone on a page
    assert ppr(name, "keepNext") is not None and ppr(name, "keepLines") is not None
    pitch = G.CHAR_PITCH.points
    w_name = 14 * pitch
    w_date = 7 * (8 - 0.25) + 3 * pitch        # seven half-width digits, 年 月 日
    full = G.TEXT_WIDTH.points
    if stamp:   # 7.3.5.1: two blank lines; date 4 characters in; 署名 centred over the date
        assert ppr(name, "spacing", "before") == str(2 * 579)
        assert ppr(when, "jc", "val") == "right" and ppr(when, "ind", "right") == str(round(4 * pitch * 20))
        assert ppr(name, "jc", "val") == "center"
        centre = (int(ppr(name, "ind", "left")) / 20 + full) / 2
        assert centre == pytest.approx(full - 4 * pitch - w_date / 2, abs=0.1)
    else:       # 7.3.5.2: one blank line; 署名 2 characters in; date 2 characters right of the 署名's start
        assert ppr(name, "spacing", "before") == "579"
        assert ppr(name, "jc", "val") == "right" and ppr(name, "ind", "right") == str(round(2 * pitch * 20))
        assert ppr(when, "jc", "val") == "left"
        assert int(ppr(when, "ind", "left")) / 20 == pytest.approx(full - 2 * pitch - w_name + 2 * pitch, abs=0.1)


def test_a_date_longer_than_the_signature_stands_two_characters_in():
    data = write_docx(report(body=[Paragraph.of("signature", "某局"), Paragraph.of("signature-date", "2025年12月28日")]))
    name, when = paragraphs(data)
    pitch, full = G.CHAR_PITCH.points, G.TEXT_WIDTH.points
    w_date = 8 * (8 - 0.25) + 3 * pitch
    right = int(ppr(name, "ind", "right")) / 20
    date_left = int(ppr(when, "ind", "left")) / 20
    assert date_left + w_date == pytest.approx(full - 2 * pitch, abs=0.1)   # 日期右空二字
    assert date_left == pytest.approx(full - right - 2 * pitch + 2 * pitch, abs=0.1)


# ---------------------------------------------------------------------------- sections, page numbers, duplex

def test_cover_section_has_empty_footers_and_body_numbers_from_one():
    data = write_docx(dataclasses.replace(sample(), duplex=False))
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
        p = footer_of(data, body, kind).find("w:p", NS)
        assert ppr(p, "jc", "val") == jc
        assert ppr(p, "ind", jc) == "280"        # GB/T 9704 7.5: 空一字 (one 14 pt character)
        assert "".join(t.text for t in p.iter(w("t"))) == "— 1 —"
        assert [f.get(w("fldCharType")) for f in p.iter(w("fldChar"))] == ["begin", "separate", "end"]
        assert p.find(".//w:instrText", NS).text.strip() == "PAGE"


def test_duplex_leaves_the_back_of_the_cover_blank_and_mirrors_the_margins():
    on, off = write_docx(sample()), write_docx(dataclasses.replace(sample(), duplex=False))
    assert part(on, "word/settings.xml").find("w:mirrorMargins", NS) is not None
    assert part(off, "word/settings.xml").find("w:mirrorMargins", NS) is None
    ps = paragraphs(on)
    cover_end = [i for i, p in enumerate(ps) if p.find("w:pPr/w:sectPr", NS) is not None][0]
    assert text(ps[cover_end - 2]) == "报告"
    assert ppr(ps[cover_end - 1], "pageBreakBefore") is not None and text(ps[cover_end - 1]) == " "
    assert len(paragraphs(off)) == len(ps) - 2


def test_duplex_pads_a_two_page_cover_to_two_pages_only():
    long_cover = [Paragraph.of("cover", f"第{i}行") for i in range(30)]   # two pages already
    data = write_docx(report(cover=long_cover, body=[Paragraph.of("body", "正文")]))
    assert not any(ppr(p, "pageBreakBefore") is not None for p in paragraphs(data))


def test_page_geometry():
    sects = sections(write_docx(sample()))
    assert len(sects) == 2                                  # the cover's and the body's
    for sect in sects:
        sz, mar = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
        assert (sz.get(w("w")), sz.get(w("h"))) == ("11906", "16838")
        assert [mar.get(w(k)) for k in ("top", "bottom", "left", "right")] == \
            [str(G.mm(v).twips) for v in (37, 35, 28, 26)] == ["2098", "1984", "1587", "1474"]
        # the page number's dash 7 mm under the text block: 35 − 7 − 2.47 mm (dash above the line's foot)
        assert int(mar.get(w("footer"))) == round((G.mm(35 - 7).points - 7) * 20) == 1447
        grid = sect.find("w:docGrid", NS)
        assert (grid.get(w("type")), grid.get(w("linePitch"))) == ("lines", "579")


def test_no_cover_gives_single_numbered_section():
    (only,) = sections(write_docx(report(body=[Paragraph.of("body", "x")])))
    assert only.find("w:pgNumType", NS).get(w("start")) == "1"


def test_cover_ending_in_table_gets_a_paragraph_for_the_section_break():
    data = write_docx(report(cover=[Table((30,), (Row((Cell("x"),)),))], body=[Paragraph.of("body", "y")],
                             duplex=False))
    kids = body_children(data)
    assert kids[0].tag == w("tbl") and kids[1].find("w:pPr/w:sectPr", NS) is not None


def test_empty_report_is_one_empty_section():
    data = write_docx(Report("t", "a", date(2024, 1, 1)))
    assert [k.tag for k in body_children(data)] == [w("p"), w("sectPr")]


# ---------------------------------------------------------------------------- page breaks
def test_page_break_becomes_page_break_before_on_next_paragraph():
    data = write_docx(report(cover=[Paragraph.of("title", "封面")],
                             body=[PageBreak(), Paragraph.of("body", "a"), PageBreak(), PageBreak(),
                                   Paragraph.of("attachment-label", "附件1"), PageBreak()], duplex=False))
    ps = paragraphs(data)
    assert [text(p) for p in ps] == ["封面", "a", "附件1"]  # nothing for leading, repeated or trailing breaks
    assert [ppr(p, "pageBreakBefore") is not None for p in ps] == [False, False, True]
    assert not list(part(data, "word/document.xml").iter(w("br")))


def test_page_break_before_table_is_a_break_paragraph():
    data = write_docx(report(body=[Paragraph.of("body", "a"), PageBreak(), Table((30,), (Row((Cell("x"),)),))]))
    kids = body_children(data)
    assert ppr(kids[1], "pageBreakBefore") is not None and kids[2].tag == w("tbl")


def test_whole_hand_built_report():
    """The shape a format produces: every kind, a continued 自评表, figures. (Validated by conftest.)"""
    data = write_docx(reports.full(stamp=True))
    kids = body_children(data)
    tbls = [i for i, k in enumerate(kids) if k.tag == w("tbl")]
    assert len(tbls) == 2 and tbls[1] == tbls[0] + 2 and ppr(kids[tbls[0] + 1], "pStyle", "val") == "GwJoin"
    second = kids[tbls[1]].findall("w:tr", NS)
    assert second[0].find("w:trPr/w:tblHeader", NS) is not None   # 一级指标 … repeats
    assert "一级指标" in "".join(second[0].itertext())
