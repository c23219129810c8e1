"""jixiao.write.package, parts, styles' font table, figures: the parts around the body, as the writer writes them."""
from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from datetime import date, datetime, timezone

import docx

from jixiao.render.document import Paragraph
from jixiao.write.body import write_docx

from .docx_xml import NS, part, report, sample, w

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
    from jixiao.write.figures_part import read_figures
    figures = (("资金情况 全年执行数", "1902.68"), ("名<字>&\"引号\"\n换行", " 空格 "), ("总分", ""))
    data = write_docx(dataclasses.replace(sample(), figures=figures))
    assert read_figures(data) == list(figures)
    z = zipfile.ZipFile(io.BytesIO(data))
    rels = z.read("word/_rels/document.xml.rels").decode()
    assert 'relationships/customXml" Target="../customXml/item1.xml"' in rels
    props = z.read("customXml/itemProps1.xml").decode()
    assert re.search(r'ds:itemID="\{[0-9A-F-]{36}\}"', props) and "urn:jixiao:figures:1" in props
    assert read_figures(write_docx(sample())) == []
