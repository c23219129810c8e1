"""Tests for jixiao.write.body: assert on the package XML the writer produces from hand-built Reports.
(What only a layout can tell — lines, pages, positions — is in test_layout.py.)"""
from __future__ import annotations

import dataclasses
import io
import re
import time
import typing
import zipfile
from datetime import date, datetime, timezone

import docx
import pytest
from lxml import etree

from jixiao.write import gbt9704 as G
from jixiao.render.document import Cell, PageBreak, Paragraph, ParagraphKind, Report, Row, Run, Table
from jixiao.write.body import CELL_STYLE, STYLE_IDS, mm_to_twips, write_docx

from .. import reports

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "w14": "http://schemas.microsoft.com/office/word/2010/wordml"}
KINDS = typing.get_args(ParagraphKind)
INDENT_2 = str(round(2 * G.CHAR_PITCH.points * 20))   # 630 twips: two 15.75 pt characters


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def part(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def report(cover=(), body=(), created=date(2024, 3, 1), duplex=True) -> Report:
    return Report.of("2023年度某单位整体支出绩效自评报告", "某单位", created, tuple(cover), tuple(body), duplex=duplex)


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


def paragraphs(data: bytes):
    return part(data, "word/document.xml").findall(".//w:body/w:p", NS)


def text(p) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def ppr(p, name: str, attr: str | None = None):
    el = p.find(f"w:pPr/w:{name}", NS)
    if attr is None:
        return el
    return None if el is None else el.get(w(attr))


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
            cells.append((col, span, merge, "\n".join("".join(p.itertext()) for p in tc.findall("w:p", NS))))
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
    assert cp.revision == 1 and cp.language == "zh-CN"
    assert cp.comments == "" and cp.subject == "" and cp.keywords == ""


def test_app_properties_are_true_of_the_file():
    data = write_docx(report(body=[Paragraph.of("body", "正文两段"), Paragraph.of("body", "ab cd 中")]))
    app = part(data, "docProps/app.xml")
    got = {el.tag.split("}")[1]: el.text for el in app}
    assert got["Application"] == "jixiao"
    assert "Pages" not in got and "AppVersion" not in got and "Template" not in got  # only a layout knows pages
    assert got["Words"] == "7"                # 正文两段 (4) + ab + cd + 中
    assert got["Characters"] == "9" and got["CharactersWithSpaces"] == "12"   # 4 + 5 chars, 2 spaces, 1 break
    assert got["Paragraphs"] == "2"


def test_settings_compatibility_zoom_and_punctuation():
    s = part(write_docx(sample()), "word/settings.xml")
    mode = s.find("w:compat/w:compatSetting[@w:name='compatibilityMode']", NS)
    assert mode.get(w("val")) == "15"           # Word 2013+: no 兼容模式
    assert s.find("w:zoom", NS).get(w("percent")) == "100"
    assert s.find("w:characterSpacingControl", NS).get(w("val")) == "compressPunctuation"
    assert s.find("w:themeFontLang", NS).get(w("eastAsia")) == "zh-CN"
    assert s.find("w:evenAndOddHeaders", NS) is not None


def test_doc_id_is_derived_from_the_content():
    def doc_id(rpt):
        return part(write_docx(rpt), "word/settings.xml").find("w14:docId", NS).get(f"{{{NS['w14']}}}val")
    a, b = doc_id(sample()), doc_id(report(body=[Paragraph.of("body", "另一份")]))
    assert re.fullmatch(r"[0-9A-F]{8}", a) and int(a, 16) < 0x80000000
    assert a == doc_id(sample()) and a != b


def test_font_table_lists_the_five_fonts_with_alternates():
    fonts = {f.get(w("name")): f for f in part(write_docx(sample()), "word/fontTable.xml")}
    assert set(fonts) == {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"}
    alt = {n: f.find("w:altName", NS).get(w("val")) for n, f in fonts.items()}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"
    assert alt["黑体"] == "SimHei" and alt["宋体"] == "SimSun"
    for f in fonts.values():
        assert f.find("w:charset", NS).get(w("val")) == "86"
        assert re.fullmatch(r"[0-9A-F]{20}", f.find("w:panose1", NS).get(w("val")))


def test_no_style_uses_a_theme_font_and_every_style_has_an_east_asian_font():
    data = write_docx(sample())
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert "Theme" not in xml and "minorEastAsia" not in xml and "ja-JP" not in xml
    for s in part(data, "word/styles.xml").findall("w:style[@w:type='paragraph']", NS):
        rf = s.find("w:rPr/w:rFonts", NS)
        assert rf is not None and rf.get(w("eastAsia")) in {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"}


def test_language_and_document_defaults_are_chinese():
    rpr = part(write_docx(sample()), "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = rpr.find("w:rFonts", NS)
    assert fonts.get(w("eastAsia")) == fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == "仿宋_GB2312"
    lang = rpr.find("w:lang", NS)
    assert (lang.get(w("val")), lang.get(w("eastAsia"))) == ("en-US", "zh-CN")


def test_figures_are_embedded_as_custom_xml():
    from jixiao.write.embedded import read_figures
    figures = (("资金情况 全年执行数", "1902.68"), ("名<字>&\"引号\"\n换行", " 空格 "), ("总分", ""))
    data = write_docx(dataclasses.replace(sample(), figures=figures))
    assert read_figures(data) == list(figures)
    z = zipfile.ZipFile(io.BytesIO(data))
    rels = z.read("word/_rels/document.xml.rels").decode()
    assert 'relationships/customXml" Target="../customXml/item1.xml"' in rels
    props = z.read("customXml/itemProps1.xml").decode()
    assert re.search(r'ds:itemID="\{[0-9A-F-]{36}\}"', props) and "urn:jixiao:figures:1" in props
    assert read_figures(write_docx(sample())) == []


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
            [str(mm_to_twips(v)) for v in (37, 35, 28, 26)] == ["2098", "1984", "1587", "1474"]
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
        str(mm_to_twips(10) * 2)
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


def test_whole_hand_built_report():
    """The shape a format produces: every kind, a continued 自评表, figures. (Validated by conftest.)"""
    data = write_docx(reports.full(stamp=True))
    kids = body_children(data)
    tbls = [i for i, k in enumerate(kids) if k.tag == w("tbl")]
    assert len(tbls) == 2 and tbls[1] == tbls[0] + 2 and ppr(kids[tbls[0] + 1], "pStyle", "val") == "GwJoin"
    second = kids[tbls[1]].findall("w:tr", NS)
    assert second[0].find("w:trPr/w:tblHeader", NS) is not None   # 一级指标 … repeats
    assert "一级指标" in "".join(second[0].itertext())
