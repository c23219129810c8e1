"""The fixed parts of a .docx package around the body, each built from our own text: settings,
footers, core and extended (app) properties, the theme, relationships and content types."""
from __future__ import annotations

import functools
import re
import zlib
from datetime import date

from jixiao.write import gbt9704 as G
from jixiao.write.styles import FANGSONG, HEITI
from jixiao.write.wml import CT_NS, DECL, PKG_RELS, ROOT_NS, el, esc, props

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"


# ---------------------------------------------------------------------------- settings

def doc_id(document_xml: bytes) -> str:
    """w14:docId: 8 hex digits from the document's content, its CRC-32 (Word keeps the id below
    0x80000000)."""
    n = zlib.crc32(document_xml) & 0x7FFFFFFF
    return f"{n or 1:08X}"


def settings_xml(document_xml: bytes, duplex: bool) -> str:
    # Word 2013+ opens compatibilityMode 15 without 兼容模式; the legacy flags are what Chinese
    # Word's own Normal template carries (East Asian layout rules, SBCS half the width of DBCS).
    compat = ("<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>"
              "<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:useFELayout/>"
              + "".join(f'<w:compatSetting w:name="{n}" w:uri="http://schemas.microsoft.com/office/word" w:val="{v}"/>'
                        for n, v in (("compatibilityMode", "15"),
                                     ("overrideTableStyleFontSizeAndJustification", "1"),
                                     ("enableOpenTypeFeatures", "1"), ("doNotFlipMirrorIndents", "1"),
                                     ("differentiateMultirowTableHeaders", "1")))
              + "</w:compat>")
    return "".join((
        DECL, f"<w:settings {ROOT_NS}>",
        '<w:zoom w:percent="100"/>',
        "<w:mirrorMargins/>" if duplex else "",
        '<w:defaultTabStop w:val="420"/>',
        "<w:evenAndOddHeaders/>",
        '<w:characterSpacingControl w:val="compressPunctuation"/>',
        compat,
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>',
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>',
        f'<w14:docId w14:val="{doc_id(document_xml)}"/>',
        "</w:settings>"))


# ---------------------------------------------------------------------------- footers

DRAFT_MARK = "草稿　有未改正的错误，不得报送"    # a draft's footer, on every page


def footer_xml(jc: str | None, draft: bool = False) -> str:
    """A footer: `— PAGE —` on the `jc` side, inset one character (GB/T 9704 7.5); empty if None.
    A draft's footer says so first (DRAFT_MARK, centred, bold), on every page."""
    mark = ""
    if draft:
        mark = ('<w:p>' + props("pPr", el("pStyle", val="Footer"), el("jc", val="center"))
                + '<w:r>' + props("rPr", el("b")) + f'<w:t xml:space="preserve">{DRAFT_MARK}</w:t></w:r></w:p>')
    if jc is None:
        body = "<w:p>" + props("pPr", el("pStyle", val="Footer")) + "</w:p>"
    else:
        inset = G.PAGE_NUMBER_INSET.twips
        ind = el("ind", left=inset if jc == "left" else 0, right=inset if jc == "right" else 0, firstLine=0)
        body = ('<w:p>' + props("pPr", el("pStyle", val="Footer"), ind, el("jc", val=jc))
                + '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
                + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                + '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                + "<w:r><w:t>1</w:t></w:r>"
                + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
                + '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>')
    return f"{DECL}<w:ftr {ROOT_NS}>{mark}{body}</w:ftr>"


# ---------------------------------------------------------------------------- properties

def core_xml(title: str, author: str, created: date) -> str:
    stamp = f"{created.isoformat()}T00:00:00Z"
    return (DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{esc(title)}</dc:title><dc:creator>{esc(author)}</dc:creator>"
            f"<cp:lastModifiedBy>{esc(author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f'<dc:language>zh-CN</dc:language>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')


_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"


@functools.cache
def _counters() -> tuple[re.Pattern, re.Pattern]:   # compiled on first use: 5 ms
    return re.compile(f"[{_WIDE}]"), re.compile(f"[^\\s{_WIDE}]+")


def app_xml(text: str, paragraphs: int) -> str:
    """Extended properties that are true of this file: who made it, and its counts as Word counts
    them (each Chinese character or full-width mark is a word). No page count: only a layout
    knows it, and Word fills it in when it saves."""
    wide, word = _counters()
    words = len(wide.findall(text)) + len(word.findall(text))
    spaces = sum(text.count(c) for c in " \t\n\u3000")
    return (DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<TotalTime>0</TotalTime><Words>{words}</Words><Characters>{len(text) - spaces}</Characters>"
            "<Application>jixiao</Application><DocSecurity>0</DocSecurity>"
            f"<Paragraphs>{paragraphs}</Paragraphs><ScaleCrop>false</ScaleCrop>"
            "<LinksUpToDate>false</LinksUpToDate>"
            f"<CharactersWithSpaces>{len(text)}</CharactersWithSpaces>"
            "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>")


# ---------------------------------------------------------------------------- theme

def theme_xml() -> str:
    """The smallest complete DrawingML theme (Word expects one). Its fonts are the 公文 fonts, so
    nothing that falls back to a theme font lands on a Latin or Japanese face."""
    colors = (("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'), ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'),
              ("dk2", "1F497D"), ("lt2", "EEECE1"), ("accent1", "4F81BD"), ("accent2", "C0504D"),
              ("accent3", "9BBB59"), ("accent4", "8064A2"), ("accent5", "4BACC6"), ("accent6", "F79646"),
              ("hlink", "0000FF"), ("folHlink", "800080"))
    clr = "".join(f"<a:{n}>" + (v if v.startswith("<") else f'<a:srgbClr val="{v}"/>') + f"</a:{n}>"
                  for n, v in colors)
    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="9525">{solid}</a:ln>'
    return (DECL + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="公文">'
            f'<a:themeElements><a:clrScheme name="公文">{clr}</a:clrScheme>'
            '<a:fontScheme name="公文">'
            f'<a:majorFont><a:latin typeface="{HEITI}"/><a:ea typeface="{HEITI}"/><a:cs typeface=""/></a:majorFont>'
            f'<a:minorFont><a:latin typeface="{FANGSONG}"/><a:ea typeface="{FANGSONG}"/><a:cs typeface=""/></a:minorFont>'
            "</a:fontScheme>"
            f'<a:fmtScheme name="公文"><a:fillStyleLst>{solid * 3}</a:fillStyleLst>'
            f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
            f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
            f"<a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>"
            "<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>")


# ---------------------------------------------------------------------------- relationships, content types

def rels_xml(rels: list[tuple[str, str, str]]) -> str:
    """(Id, type suffix or full URI, target) → a .rels part."""
    items = "".join(f'<Relationship Id="{i}" Type="{t if "://" in t else RT + "/" + t}" Target="{target}"/>'
                    for i, t, target in rels)
    return f'{DECL}<Relationships xmlns="{PKG_RELS}">{items}</Relationships>'


def content_types_xml(footers: int) -> str:
    """[Content_Types].xml of a package with `footers` footer parts."""
    overrides = [("/word/document.xml", f"{CT_WML}.document.main+xml"),
                 ("/word/styles.xml", f"{CT_WML}.styles+xml"),
                 ("/word/settings.xml", f"{CT_WML}.settings+xml"),
                 ("/word/fontTable.xml", f"{CT_WML}.fontTable+xml"),
                 ("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml")]
    overrides += [(f"/word/footer{i + 1}.xml", f"{CT_WML}.footer+xml") for i in range(footers)]
    overrides += [("/customXml/itemProps1.xml", "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"),
                  ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                  ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
    return (DECL + f'<Types xmlns="{CT_NS}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides) + "</Types>")
