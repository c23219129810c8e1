"""The .docx package around a document body: styles, settings, fonts, properties, relationships,
content types, and the deterministic zip. Every part is built here from our own text — no
template is loaded — so a report carries exactly these styles (no theme fonts, no Japanese
defaults) and costs no parsing.
"""
from __future__ import annotations

import functools
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date

from jixiao.write import gbt9704 as G
from jixiao.write.gbt9704 import Length, pt
from jixiao.write.wml import CT_NS, DECL, PKG_RELS, ROOT_NS, attr, clean, el, esc, ordered, props

FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"

# The five fonts of a 公文, as Chinese Word records them (panose, charset 86 = GB2312, family,
# signature), with the names a PC without the GB2312-era fonts finds instead (w:altName).
FONTS: dict[str, tuple[str, str, str, str, tuple[str, ...]]] = {
    # name: (altName, panose1, family, pitch, sig usb0..3 csb0..1)
    FANGSONG: ("仿宋", "02010609030101010101", "modern", "fixed",
               ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000")),
    KAITI: ("楷体", "02010609030101010101", "modern", "fixed",
            ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000")),
    HEITI: ("SimHei", "02010609060101010101", "modern", "fixed",
            ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")),
    SONGTI: ("SimSun", "02010600030101010101", "auto", "variable",
             ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000")),
    # a Song face: where 方正小标宋简体 is missing, Word's font mapper lands on 宋体
    XIAOBIAOSONG: ("宋体", "02010600030101010101", "roman", "variable",
                   ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000")),
}

FIGURES_NS = "urn:jixiao:figures:1"
# the datastore item of the figures part: one fixed id per schema version, uuid5(NAMESPACE_URL,
# FIGURES_NS) (written out: importing uuid costs a build a few milliseconds)
FIGURES_ITEM_ID = "{DA9963CD-1735-5AE8-A5E1-0752DE66C9C7}"

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------------------- styles

@dataclass(frozen=True)
class Style:
    """One paragraph style: what GB/T 9704 asks of a kind of paragraph."""
    sid: str
    name: str
    font: str
    size: Length
    jc: str = "both"
    indent: Length = pt(0)          # first-line indent
    line: Length | None = G.LINE_PITCH  # exact line height; None = single (auto)
    spacing: Length = pt(0)         # character spacing
    before: Length = pt(0)          # space before
    keep_next: bool = False
    keep_lines: bool = False        # never break inside the paragraph
    outline: int | None = None
    snap: bool = False              # snap to the document grid (only the 3号 text at the grid pitch)
    vanish: bool = False
    ui: int | None = None


BODY = dict(font=FANGSONG, size=G.SIZE_3, spacing=G.CHAR_SPACING, snap=True)
INDENT = G.CHAR_PITCH * G.INDENT_BODY


def table_line(size: Length) -> Length:
    return G.twips(round(size.points * G.TABLE_LINE_FACTOR * 20))


STYLES: tuple[Style, ...] = (
    Style("Normal", "Normal", **BODY, ui=0),
    Style("GwTitle", "公文标题", XIAOBIAOSONG, G.SIZE_2, jc="center", keep_next=True),
    Style("GwCover", "公文封面", **BODY, jc="center"),
    Style("Heading1", "heading 1", HEITI, G.SIZE_3, indent=INDENT, spacing=G.CHAR_SPACING, snap=True,
          keep_next=True, outline=0, ui=9),
    Style("Heading2", "heading 2", KAITI, G.SIZE_3, indent=INDENT, spacing=G.CHAR_SPACING, snap=True,
          keep_next=True, outline=1, ui=9),
    Style("Heading3", "heading 3", FANGSONG, G.SIZE_3, indent=INDENT, spacing=G.CHAR_SPACING, snap=True,
          keep_next=True, outline=2, ui=9),
    Style("Heading4", "heading 4", FANGSONG, G.SIZE_3, indent=INDENT, spacing=G.CHAR_SPACING, snap=True,
          keep_next=True, outline=3, ui=9),
    Style("GwBody", "公文正文", **BODY, indent=INDENT),
    Style("GwPlain", "公文正文无缩进", **BODY),
    Style("GwRight", "公文右对齐", **BODY, jc="right"),
    Style("GwAttachmentList", "附件说明", **BODY),
    Style("GwSignature", "发文机关署名", **BODY, jc="right", keep_next=True),
    Style("GwSignatureDate", "成文日期", **BODY, jc="right", keep_lines=True),
    Style("GwAttachmentLabel", "附件标签", HEITI, G.SIZE_3, jc="left", spacing=G.CHAR_SPACING, snap=True,
          keep_next=True),
    Style("GwTableTitle", "附表标题", XIAOBIAOSONG, G.SIZE_TABLE_TITLE, jc="center", keep_next=True),
    Style("GwTableNote", "附表说明", FANGSONG, G.TABLE_NOTE_SIZE, jc="left", line=table_line(G.TABLE_NOTE_SIZE),
          keep_lines=True),
    Style("GwTableCell", "表格文字", FANGSONG, G.SIZE_TABLE, jc="center", line=table_line(G.SIZE_TABLE)),
    # between a table and the table it continues: hidden and 0.1 pt tall, so the two draw as one
    # form; kept with the table below (LibreOffice otherwise breaks that table early when the
    # separator is the last thing on a page)
    Style("GwJoin", "表格衔接", FANGSONG, pt(1), jc="left", line=G.twips(2), keep_next=True, vanish=True),
    Style("Footer", "footer", SONGTI, G.SIZE_4, jc="right", line=None, ui=99),
)
STYLE_BY_ID = {s.sid: s for s in STYLES}


def style_ppr(s: Style, extra: tuple[str, ...] = ()) -> str:
    line = (el("spacing", before=s.before.twips, after=0, line=s.line.twips, lineRule="exact")
            if s.line is not None else el("spacing", before=s.before.twips, after=0, line=240, lineRule="auto"))
    return props("pPr",
                 el("keepNext") if s.keep_next else "", el("keepLines") if s.keep_next or s.keep_lines else "",
                 el("widowControl", val=0),
                 # Word's default, stated: a closing mark may hang past the margin. LibreOffice
                 # reads this flag inverted (w:overflowPunct="1" → no hanging), which is what it
                 # needs: where it hangs a mark at a full 28-character line it does not draw it.
                 el("overflowPunct", val=1) if s.sid == "Normal" else "",
                 # no extra space between Chinese and digits/Latin: ASCII stays exactly half a
                 # character, so lines keep their 28 positions and the 附件说明 / 署名 indents
                 # (computed from widths) land where intended (LibreOffice ignores both flags)
                 el("autoSpaceDE", val=0) if s.sid == "Normal" else "",
                 el("autoSpaceDN", val=0) if s.sid == "Normal" else "",
                 "" if s.snap else el("snapToGrid", val=0),
                 line,
                 el("ind", left=0, right=0, firstLine=s.indent.twips),
                 el("jc", val=s.jc),
                 el("outlineLvl", val=s.outline) if s.outline is not None else "",
                 *extra)


def style_rpr(s: Style) -> str:
    f = attr(s.font)
    hp = s.size.half_points
    return props("rPr",
                 f'<w:rFonts w:ascii="{f}" w:eastAsia="{f}" w:hAnsi="{f}" w:cs="{f}"/>',
                 el("b", val=0), el("bCs", val=0), el("i", val=0), el("iCs", val=0),
                 el("vanish") if s.vanish else "",
                 el("color", val="auto"),
                 el("spacing", val=s.spacing.twips),
                 el("sz", val=hp), el("szCs", val=hp))


def styles_xml() -> str:
    f = FANGSONG
    out = [DECL, f"<w:styles {ROOT_NS}>",
           "<w:docDefaults><w:rPrDefault><w:rPr>",
           f'<w:rFonts w:ascii="{f}" w:eastAsia="{f}" w:hAnsi="{f}" w:cs="{f}"/>',
           f'<w:sz w:val="{G.SIZE_3.half_points}"/><w:szCs w:val="{G.SIZE_3.half_points}"/>',
           '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>',
           "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>",
           '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
           "</w:pPr></w:pPrDefault></w:docDefaults>"]
    for s in STYLES:
        default = ' w:default="1"' if s.sid == "Normal" else ""
        custom = ' w:customStyle="1"' if s.sid.startswith("Gw") else ""
        out.append(f'<w:style w:type="paragraph"{default}{custom} w:styleId="{s.sid}">')
        out.append(el("name", val=s.name))
        if s.sid != "Normal":
            out.append(el("basedOn", val="Normal"))
        if s.outline is not None:
            out.append(el("next", val="GwBody"))
        if s.ui is not None:
            out.append(el("uiPriority", val=s.ui))
        if s.ui == 99:
            out.append(el("unhideWhenUsed"))
        elif s.sid != "GwJoin":
            out.append(el("qFormat"))
        out.append(style_ppr(s))
        out.append(style_rpr(s))
        out.append("</w:style>")
    m = G.TABLE_CELL_MARGIN.twips
    out += ['<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">',
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>',
            "</w:style>",
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>',
            '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>',
            f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{m}" w:type="dxa"/>',
            f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{m}" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
            '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>',
            '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
            "</w:styles>"]
    return "".join(out)


def font_table_xml() -> str:
    out = [DECL, f"<w:fonts {ROOT_NS}>"]
    for name, (alt, panose, family, pitch, sig) in FONTS.items():
        u0, u1, u2, u3, c0, c1 = sig
        out.append(f'<w:font w:name="{attr(name)}">'
                   + ordered("font", el("altName", val=alt), el("panose1", val=panose), el("charset", val="86"),
                             el("family", val=family), el("pitch", val=pitch),
                             el("sig", usb0=u0, usb1=u1, usb2=u2, usb3=u3, csb0=c0, csb1=c1))
                   + "</w:font>")
    out.append("</w:fonts>")
    return "".join(out)


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

def footer_xml(jc: str | None) -> str:
    """A footer: `— PAGE —` on the `jc` side, inset one character (GB/T 9704 7.5); empty if None."""
    if jc is None:
        body = '<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr></w:p>'
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
    return f"{DECL}<w:ftr {ROOT_NS}>{body}</w:ftr>"


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


def figures_xml(figures: tuple[tuple[str, str], ...]) -> str:
    items = "".join(f'<figure name="{attr(n)}">{esc_clean(v)}</figure>' for n, v in figures)
    return f'{DECL}<figures xmlns="{FIGURES_NS}">{items}</figures>'


def esc_clean(text: str) -> str:
    return esc(clean(text))


def figures_props_xml() -> str:
    return (DECL + f'<ds:datastoreItem ds:itemID="{FIGURES_ITEM_ID}" '
            'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
            f'<ds:schemaRefs><ds:schemaRef ds:uri="{FIGURES_NS}"/></ds:schemaRefs></ds:datastoreItem>')


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


# ---------------------------------------------------------------------------- the package

def rels_xml(rels: list[tuple[str, str, str]]) -> str:
    """(Id, type suffix or full URI, target) → a .rels part."""
    items = "".join(f'<Relationship Id="{i}" Type="{t if "://" in t else RT + "/" + t}" Target="{target}"/>'
                    for i, t, target in rels)
    return f'{DECL}<Relationships xmlns="{PKG_RELS}">{items}</Relationships>'


def package(document_xml: bytes, footers: list[str], report_title: str, author: str, created: date,
            figures: tuple[tuple[str, str], ...], text: str, paragraphs: int, duplex: bool) -> bytes:
    """The whole .docx: fixed part order, fixed zip times and attributes → same input, same bytes."""
    doc_rels = [("rId1", "styles", "styles.xml"), ("rId2", "settings", "settings.xml"),
                ("rId3", "fontTable", "fontTable.xml"), ("rId4", "customXml", "../customXml/item1.xml"), ("rId5", "theme", "theme/theme1.xml")]
    doc_rels += [(f"rId{10 + i}", "footer", f"footer{i + 1}.xml") for i in range(len(footers))]
    overrides = [("/word/document.xml", f"{CT_WML}.document.main+xml"),
                 ("/word/styles.xml", f"{CT_WML}.styles+xml"),
                 ("/word/settings.xml", f"{CT_WML}.settings+xml"),
                 ("/word/fontTable.xml", f"{CT_WML}.fontTable+xml"),
                 ("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml")]
    overrides += [(f"/word/footer{i + 1}.xml", f"{CT_WML}.footer+xml") for i in range(len(footers))]
    overrides += [("/customXml/itemProps1.xml", "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"),
                  ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                  ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
    content_types = (DECL + f'<Types xmlns="{CT_NS}">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     + "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides) + "</Types>")
    parts: list[tuple[str, bytes | str]] = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", rels_xml([("rId1", "officeDocument", "word/document.xml"),
                                  ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                                   "docProps/core.xml"),
                                  ("rId3", "extended-properties", "docProps/app.xml")])),
        ("docProps/core.xml", core_xml(report_title, author, created)),
        ("docProps/app.xml", app_xml(text, paragraphs)),
        ("word/document.xml", document_xml),
        ("word/_rels/document.xml.rels", rels_xml(doc_rels)),
        ("word/styles.xml", _fixed_part("styles")),
        ("word/settings.xml", settings_xml(document_xml, duplex)),
        ("word/fontTable.xml", _fixed_part("fonts")),
        ("word/theme/theme1.xml", _fixed_part("theme")),
        *((f"word/footer{i + 1}.xml", f) for i, f in enumerate(footers)),
        ("customXml/item1.xml", figures_xml(figures)),
        ("customXml/itemProps1.xml", figures_props_xml()),
        ("customXml/_rels/item1.xml.rels", rels_xml([("rId1", "customXmlProps", "itemProps1.xml")])),
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3            # Unix, whatever the host
            info.external_attr = 0o644 << 16  # rw-r--r--
            # level 1: a third of level 6's time for a few KB more
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data, compresslevel=1)
    return out.getvalue()


@functools.cache
def _fixed_part(name: str) -> bytes:
    """The parts every report shares, made once per process (and not at all by `jixiao check`)."""
    return {"styles": styles_xml, "fonts": font_table_xml, "theme": theme_xml}[name]().encode("utf-8")
