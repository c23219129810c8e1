"""jixiao.write.styles: one paragraph style per kind, with the GB/T 9704 fonts, sizes and pitches."""
from __future__ import annotations

import io

import docx
import pytest

from jixiao.write import gbt9704 as G
from jixiao.render.document import Paragraph
from jixiao.write.body import STYLE_IDS, write_docx
from jixiao.write.tables import CELL_STYLE

from .docx_xml import INDENT_2, KINDS, NS, paragraphs, ppr, report, sample, style, w

# ---------------------------------------------------------------------------- styles
EXPECTED = {  # kind: (eastAsia font, half-points, jc, first-line indent, exact line height, character spacing)
    "title": ("方正小标宋简体", "44", "center", "0", "579", "0"),
    "cover": ("仿宋_GB2312", "32", "center", "0", "579", "-5"),
    "heading1": ("黑体", "32", "both", INDENT_2, "579", "-5"),
    "heading2": ("楷体_GB2312", "32", "both", INDENT_2, "579", "-5"),
    "heading3": ("仿宋_GB2312", "32", "both", INDENT_2, "579", "-5"),
    "heading4": ("仿宋_GB2312", "32", "both", INDENT_2, "579", "-5"),
    "body": ("仿宋_GB2312", "32", "both", INDENT_2, "579", "-5"),
    "plain": ("仿宋_GB2312", "32", "both", "0", "579", "-5"),
    "right": ("仿宋_GB2312", "32", "right", "0", "579", "-5"),
    "attachment-label": ("黑体", "32", "left", "0", "579", "-5"),
    "table-title": ("方正小标宋简体", "36", "center", "0", "579", "0"),
    "table-note": ("仿宋_GB2312", "21", "left", "0", "273", "0"),
    "attachment-list": ("仿宋_GB2312", "32", "both", "0", "579", "-5"),
    "signature": ("仿宋_GB2312", "32", "right", "0", "579", "-5"),
    "signature-date": ("仿宋_GB2312", "32", "right", "0", "579", "-5"),
}


def test_every_paragraph_kind_has_a_style_entry():
    assert set(KINDS) == set(EXPECTED) == set(STYLE_IDS)


def test_gbt9704_pitches():
    assert INDENT_2 == "630" and G.CHAR_SPACING.twips == -5 and G.LINE_PITCH.twips == 579
    assert 28 * G.CHAR_PITCH.points <= G.TEXT_WIDTH.points < 29 * G.CHAR_PITCH.points
    assert 22 * G.LINE_PITCH.points <= G.TEXT_HEIGHT.points < 23 * G.LINE_PITCH.points
    assert (round(G.MARGIN_OUTSIDE.mm, 6), round(G.MARGIN_BOTTOM.mm, 6)) == (26, 35)


@pytest.mark.parametrize("kind", KINDS)
def test_style_per_kind(kind):
    data = write_docx(report(body=[Paragraph.of(kind, "文字")]))
    font, hp, jc, indent, line, spacing = EXPECTED[kind]
    s = style(data, STYLE_IDS[kind])
    fonts = s.find("w:rPr/w:rFonts", NS)
    assert {fonts.get(w(a)) for a in ("eastAsia", "ascii", "hAnsi")} == {font}
    assert s.find("w:rPr/w:sz", NS).get(w("val")) == hp
    assert s.find("w:rPr/w:color", NS).get(w("val")) == "auto"
    assert s.find("w:rPr/w:b", NS).get(w("val")) == "0"
    assert s.find("w:rPr/w:spacing", NS).get(w("val")) == spacing
    assert s.find("w:pPr/w:jc", NS).get(w("val")) == jc
    ind = s.find("w:pPr/w:ind", NS)
    assert ind.get(w("firstLine")) == indent and ind.get(w("firstLineChars")) is None
    sp = s.find("w:pPr/w:spacing", NS)
    assert (sp.get(w("after")), sp.get(w("line")), sp.get(w("lineRule"))) == ("0", line, "exact")
    p = paragraphs(data)[0]
    assert ppr(p, "pStyle", "val") == STYLE_IDS[kind]


def test_normal_style_settings_for_chinese_text():
    n = style(write_docx(sample()), "Normal")
    assert n.find("w:pPr/w:widowControl", NS).get(w("val")) == "0"   # full pages: 22 lines each
    assert n.find("w:pPr/w:overflowPunct", NS).get(w("val")) == "1"
    assert n.find("w:pPr/w:autoSpaceDE", NS).get(w("val")) == "0"
    assert n.find("w:pPr/w:autoSpaceDN", NS).get(w("val")) == "0"


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_headings_are_outline_levels(level):
    data = write_docx(report(body=[Paragraph.of(f"heading{level}", "一、")]))
    s = style(data, STYLE_IDS[f"heading{level}"])
    assert s.find("w:pPr/w:outlineLvl", NS).get(w("val")) == str(level - 1)
    assert s.find("w:pPr/w:keepNext", NS) is not None
    assert docx.Document(io.BytesIO(data)).paragraphs[0].style.name == f"Heading {level}"


def test_table_cell_and_footer_styles_have_zero_indent_and_own_fonts():
    data = write_docx(sample())
    for sid, font, hp in ((CELL_STYLE, "仿宋_GB2312", "21"), ("Footer", "宋体", "28")):
        s = style(data, sid)
        assert s.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == font
        assert s.find("w:rPr/w:sz", NS).get(w("val")) == hp
        assert s.find("w:pPr/w:ind", NS).get(w("firstLine")) == "0"
        assert s.find("w:pPr/w:snapToGrid", NS).get(w("val")) == "0"
