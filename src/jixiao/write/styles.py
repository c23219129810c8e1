"""The styles part and the font table: one paragraph style per kind of 公文 paragraph (what
GB/T 9704 asks of it), the five fonts a 公文 uses, and the run and paragraph properties that
follow from them. Built from our own text — no template — so a report carries exactly these
styles (no theme fonts, no Japanese defaults)."""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.write import gbt9704 as G
from jixiao.write.gbt9704 import Length, pt
from jixiao.write.wml import DECL, ROOT_NS, attr, el, ordered, props

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
    hp = s.size.half_points
    return props("rPr",
                 _fonts(s.font),
                 el("b", val=0), el("bCs", val=0), el("i", val=0), el("iCs", val=0),
                 el("vanish") if s.vanish else "",
                 el("color", val="auto"),
                 el("spacing", val=s.spacing.twips),
                 el("sz", val=hp), el("szCs", val=hp))


def _fonts(name: str) -> str:
    """w:rFonts naming one font for every script."""
    return el("rFonts", ascii=name, eastAsia=name, hAnsi=name, cs=name)


def styles_xml() -> str:
    hp = G.SIZE_3.half_points
    rpr = props("rPr", _fonts(FANGSONG), el("sz", val=hp), el("szCs", val=hp),
                el("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    ppr = props("pPr", el("spacing", before=0, after=0, line=240, lineRule="auto"))
    out = [DECL, f"<w:styles {ROOT_NS}>",
           props("docDefaults", f"<w:rPrDefault>{rpr}</w:rPrDefault>", f"<w:pPrDefault>{ppr}</w:pPrDefault>")]
    for s in STYLES:
        default = ' w:default="1"' if s.sid == "Normal" else ""
        custom = ' w:customStyle="1"' if s.sid.startswith("Gw") else ""
        out.append(f'<w:style w:type="paragraph"{default}{custom} w:styleId="{s.sid}">'
                   + ordered("style", el("name", val=s.name),
                             el("basedOn", val="Normal") if s.sid != "Normal" else "",
                             el("next", val="GwBody") if s.outline is not None else "",
                             el("uiPriority", val=s.ui) if s.ui is not None else "",
                             el("unhideWhenUsed") if s.ui == 99 else "",
                             el("qFormat") if s.ui != 99 and s.sid != "GwJoin" else "",
                             style_ppr(s), style_rpr(s))
                   + "</w:style>")
    m = G.TABLE_CELL_MARGIN.twips
    table_normal = props("tblPr", el("tblInd", w=0, type="dxa"),
                         props("tblCellMar", el("top", w=0, type="dxa"), el("left", w=m, type="dxa"),
                               el("bottom", w=0, type="dxa"), el("right", w=m, type="dxa")))
    for kind, sid, name, ui, extra in (("character", "DefaultParagraphFont", "Default Paragraph Font", 1, ""),
                                       ("table", "TableNormal", "Normal Table", 99, table_normal),
                                       ("numbering", "NoList", "No List", 99, "")):
        out.append(f'<w:style w:type="{kind}" w:default="1" w:styleId="{sid}">'
                   + ordered("style", el("name", val=name), el("uiPriority", val=ui), el("semiHidden"),
                             el("unhideWhenUsed"), extra)
                   + "</w:style>")
    out.append("</w:styles>")
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
