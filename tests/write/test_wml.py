"""jixiao.write.wml, one element at a time: the order table puts every property container's
children in ECMA-376 schema order, and refuses a child it does not declare.

The expected orders below are written out by hand from ECMA-376 Part 1 (wml.xsd, the complex
types named with each), not derived from wml.ORDER: a slip in the table shows up as a mismatch.
"""
from __future__ import annotations

import io
import random
import zipfile

import pytest
from lxml import etree

from jixiao.write.body import write_docx
from jixiao.write.wml import ORDER, el, ordered, props

from .. import reports

SCHEMA: dict[str, list[str]] = {
    # CT_PPrBase, then CT_PPr's rPr, sectPr, pPrChange
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
            "rPr", "sectPr", "pPrChange"],
    # CT_RPr: EG_RPrBase
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
            "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
            "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
    # CT_TblPrBase
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
              "tblLook"],
    # CT_TrPrBase is a choice, in any order; Word writes it in the order the schema lists it
    "trPr": ["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
             "tblHeader", "tblCellSpacing", "jc", "hidden"],
    # CT_TcPrBase
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"],
    # CT_TblBorders, CT_TcBorders, CT_TblCellMar (Transitional names: left/right for start/end)
    "tblBorders": ["top", "left", "bottom", "right", "insideH", "insideV"],
    "tcBorders": ["top", "left", "bottom", "right", "insideH", "insideV", "tl2br", "tr2bl"],
    "tblCellMar": ["top", "left", "bottom", "right"],
    # CT_SectPr: EG_HdrFtrReferences, then EG_SectPrContents
    "sectPr": ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings"],
    # CT_Style
    "style": ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
              "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
              "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"],
    # CT_DocDefaults
    "docDefaults": ["rPrDefault", "pPrDefault"],
    # CT_Font
    "font": ["altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig"],
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_every_container_in_the_table_has_its_schema_order_written_here():
    assert set(ORDER) == set(SCHEMA)


@pytest.mark.parametrize("kind", sorted(SCHEMA))
def test_shuffled_children_come_out_in_schema_order(kind):
    expected = [el(tag) for tag in SCHEMA[kind]]
    assert expected
    for seed in range(5):
        shuffled = expected[:]
        random.Random(seed).shuffle(shuffled)
        assert ordered(kind, *shuffled) == "".join(expected)
    assert props(kind, *reversed(expected)) == f"<w:{kind}>{''.join(expected)}</w:{kind}>"


def test_children_with_attributes_and_content_are_ordered_by_tag():
    got = props("tcPr", el("vAlign", val="center"), "", el("vMerge", val="restart"), el("tcW", w=100, type="dxa"),
                props("tcBorders", el("bottom", val="single"), el("top", val="nil")))
    assert got == ('<w:tcPr><w:tcW w:w="100" w:type="dxa"/>'
                   '<w:vMerge w:val="restart"/><w:tcBorders><w:top w:val="nil"/><w:bottom w:val="single"/>'
                   '</w:tcBorders><w:vAlign w:val="center"/></w:tcPr>')


def test_same_tag_keeps_its_given_order_and_nothing_makes_no_element():
    assert ordered("sectPr", el("type"), el("footerReference", type="even"), el("footerReference", type="default")) \
        == '<w:footerReference w:type="even"/><w:footerReference w:type="default"/><w:type/>'
    assert props("trPr", "", "") == ""


@pytest.mark.parametrize("kind, child", [
    ("tcPr", el("tblHeader")),          # a row property in a cell
    ("pPr", el("b")),                   # a run property in a paragraph
    ("tblBorders", el("tl2br")),        # a cell-only border
    ("rPr", el("madeUp")),
    ("trPr", "<w14:paraId/>"),          # not a w: element at all
])
def test_a_child_the_table_does_not_declare_is_refused(kind, child):
    with pytest.raises(ValueError, match=f"w:{kind}"):
        ordered(kind, el("jc", val="center") if kind in ("tcPr", "pPr", "trPr") else "", child)


def test_every_property_container_a_report_holds_is_in_schema_order():
    """The whole writer, through the table: each container in the body, styles, fonts and footers
    of a report with tables, merges, a cover, a 署名 and notes lists its children in schema order."""
    with zipfile.ZipFile(io.BytesIO(write_docx(reports.full()))) as z:
        roots = [etree.fromstring(z.read(n)) for n in z.namelist()
                 if n.startswith("word/") and n.endswith(".xml") and "theme" not in n]
    seen: dict[str, int] = {}
    for root in roots:
        for kind, schema in SCHEMA.items():
            for container in root.iter(W + kind):
                tags = [etree.QName(c).localname for c in container if etree.QName(c).namespace == W[1:-1]]
                assert tags == sorted(tags, key=schema.index), (kind, tags)
                seen[kind] = seen.get(kind, 0) + 1
    assert {"pPr", "rPr", "tblPr", "trPr", "tcPr", "sectPr", "tblBorders", "tblCellMar", "style",
            "docDefaults", "font"} <= set(seen)
