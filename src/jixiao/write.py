"""Draw a laid-out `Report` as a .docx in GB/T 9704-2012 公文 layout.

`write_docx` is pure: the same Report gives the same bytes (fixed zip times, fixed core
properties, no clock). Tables are written as raw `w:tbl` XML (python-docx's cell API is
quadratic). See /work/shared/spec/pitfalls.md for the traps this module works around.
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, time

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from .document import Block, Cell, PageBreak, Paragraph, Report, Section, Table

__all__ = ["write_docx", "STYLE_IDS"]

FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI = (
    "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体")
LINE = 579                # fixed line pitch, twips (28.95 pt → 22 lines a page)
INDENT_2CH = ("200", "640")  # firstLineChars, firstLine (2 × 16 pt)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# ParagraphKind → style id. Headings reuse Word's built-in ids so the navigation pane,
# TOC and the Chinese UI ("标题 1") recognise them.
STYLE_IDS: dict[str, str] = {
    "title": "GwTitle", "cover": "GwCover",
    "heading1": "Heading1", "heading2": "Heading2", "heading3": "Heading3", "heading4": "Heading4",
    "body": "GwBody", "plain": "GwPlain", "right": "GwRight",
    "attachment-label": "GwAttachmentLabel", "table-title": "GwTableTitle",
    "table-note": "GwTableNote",
    "signature": "GwRight", "signature-date": "GwRight", "attachment-list": "GwPlain",
}
CELL_STYLE = "GwTableCell"
FOOTER_STYLE = "Footer"

# style id → (name, font, size pt, jc, first-line indent, fixed line, outline level)
_STYLES: dict[str, tuple[str, str, float, str, bool, bool, int | None]] = {
    "Normal": ("Normal", FANGSONG, 16, "both", False, True, None),
    "GwTitle": ("公文标题", XIAOBIAOSONG, 22, "center", False, True, None),
    "GwCover": ("公文封面", FANGSONG, 16, "center", False, True, None),
    "Heading1": ("heading 1", HEITI, 16, "both", True, True, 0),
    "Heading2": ("heading 2", KAITI, 16, "both", True, True, 1),
    "Heading3": ("heading 3", FANGSONG, 16, "both", True, True, 2),
    "Heading4": ("heading 4", FANGSONG, 16, "both", True, True, 3),
    "GwBody": ("公文正文", FANGSONG, 16, "both", True, True, None),
    "GwPlain": ("公文正文无缩进", FANGSONG, 16, "both", False, True, None),
    "GwRight": ("公文右对齐", FANGSONG, 16, "right", False, True, None),
    "GwAttachmentLabel": ("附件标签", HEITI, 16, "left", False, True, None),
    "GwTableTitle": ("附表标题", XIAOBIAOSONG, 18, "center", False, True, None),
    "GwTableNote": ("附表说明", FANGSONG, 10.5, "left", False, False, None),
    CELL_STYLE: ("表格文字", FANGSONG, 10.5, "center", False, False, None),
    FOOTER_STYLE: ("footer", SONGTI, 14, "right", False, False, None),
}


def clean(text: str) -> str:
    """Strip characters XML 1.0 forbids; normalise line ends to \\n."""
    return _BAD_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def mm_to_twips(mm: float) -> int:
    return round(mm * 56.6929)


# ---------------------------------------------------------------------------- XML helpers
def _sub(parent, tag: str, **attrs: str):
    """SubElement with `w:`-prefixed tag; attrs given as w_val="x" → w:val="x"."""
    return etree.SubElement(parent, qn(tag), {qn(k.replace("_", ":", 1)): v for k, v in attrs.items()})


def _fonts(rpr, font: str) -> None:
    _sub(rpr, "w:rFonts", w_ascii=font, w_hAnsi=font, w_eastAsia=font, w_cs=font)


def _ind(ppr, first_line: bool) -> None:
    chars, twips = INDENT_2CH if first_line else ("0", "0")
    _sub(ppr, "w:ind", w_left="0", w_right="0", w_firstLineChars=chars, w_firstLine=twips)


def _add_text(r_parent, text: str, bold: bool = False, half_points: int | None = None) -> None:
    """Append one run per text (\\n → w:br) to a paragraph."""
    r = _sub(r_parent, "w:r")
    if bold or half_points:
        rpr = _sub(r, "w:rPr")
        if bold:
            _sub(rpr, "w:b"), _sub(rpr, "w:bCs")
        if half_points:
            _sub(rpr, "w:sz", w_val=str(half_points)), _sub(rpr, "w:szCs", w_val=str(half_points))
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            _sub(r, "w:br")
        if line:
            t = _sub(r, "w:t")
            t.text = line
            if line != line.strip():
                t.set(_XML_SPACE, "preserve")


def _new_p(style: str, jc: str | None = None):
    p = OxmlElement("w:p")
    ppr = _sub(p, "w:pPr")
    _sub(ppr, "w:pStyle", w_val=style)
    if jc:
        _sub(ppr, "w:jc", w_val=jc)
    return p


# ---------------------------------------------------------------------------- base document
def _setup_styles(doc) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    for child in list(defaults):
        defaults.remove(child)
    rpr = _sub(_sub(defaults, "w:rPrDefault"), "w:rPr")
    _fonts(rpr, FANGSONG)
    _sub(rpr, "w:sz", w_val="32"), _sub(rpr, "w:szCs", w_val="32")
    _sub(rpr, "w:lang", w_val="en-US", w_eastAsia="zh-CN", w_bidi="ar-SA")
    ppr = _sub(_sub(defaults, "w:pPrDefault"), "w:pPr")
    _sub(ppr, "w:spacing", w_before="0", w_after="0", w_line="240", w_lineRule="auto")

    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    for sid, (name, font, size, jc, indent, fixed, outline) in _STYLES.items():
        style = by_id.get(sid)
        if style is None:
            style = _sub(styles, "w:style", w_type="paragraph", w_customStyle="1", w_styleId=sid)
            _sub(style, "w:name", w_val=name)
            _sub(style, "w:basedOn", w_val="Normal")
            _sub(style, "w:qFormat")
        for tag in ("w:pPr", "w:rPr", "w:next", "w:semiHidden"):  # semiHidden: show in gallery
            for old in style.findall(qn(tag)):
                style.remove(old)
        if outline is not None:  # after a heading comes body text
            style.find(qn("w:basedOn")).addnext(etree.Element(qn("w:next"), {qn("w:val"): "GwBody"}))
        ppr = _sub(style, "w:pPr")
        if outline is not None or sid == "GwRight":  # headings and the signature stay with what follows
            _sub(ppr, "w:keepNext"), _sub(ppr, "w:keepLines")
        if not fixed or size > 16:  # else LibreOffice gives it two grid lines (Word: exact wins)
            _sub(ppr, "w:snapToGrid", w_val="0")
        _sub(ppr, "w:spacing", w_before="0", w_after="0",
             **({"w_line": str(LINE), "w_lineRule": "exact"} if fixed else {"w_line": "240", "w_lineRule": "auto"}))
        _ind(ppr, indent)
        _sub(ppr, "w:jc", w_val=jc)
        if outline is not None:
            _sub(ppr, "w:outlineLvl", w_val=str(outline))
        rpr = _sub(style, "w:rPr")
        _fonts(rpr, font)
        _sub(rpr, "w:b", w_val="0"), _sub(rpr, "w:bCs", w_val="0")
        _sub(rpr, "w:i", w_val="0"), _sub(rpr, "w:iCs", w_val="0")
        _sub(rpr, "w:color", w_val="auto")
        hp = str(round(size * 2))
        _sub(rpr, "w:sz", w_val=hp), _sub(rpr, "w:szCs", w_val=hp)
        # linked character styles (e.g. "Heading 1 Char") would bring the theme font back
        link = style.find(qn("w:link"))
        if link is not None and link.get(qn("w:val")) in by_id:
            char = by_id[link.get(qn("w:val"))]
            for old in char.findall(qn("w:rPr")):
                char.remove(old)
            char.append(etree.fromstring(etree.tostring(rpr)))


def _base_document():
    doc = docx.Document()
    pkg = doc.part.package
    for rId, rel in list(pkg.rels.items()):  # drop the template's thumbnail
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rId]
    for rId, rel in list(doc.part.rels.items()):  # Word 2010 extra styles, still themed
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rId)
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    doc.settings.odd_and_even_pages_header_footer = True
    _setup_styles(doc)
    body = doc.element.body
    for child in list(body):
        body.remove(child)
    return doc


def _sect_pr(footers: list[tuple[str, str]], restart: bool):
    """A sectPr: A4, 公文 margins, line grid; footers = [(type, rId)]; restart: pages from 1."""
    s = OxmlElement("w:sectPr")
    for kind, rId in footers:
        _sub(s, "w:footerReference", w_type=kind, r_id=rId)
    _sub(s, "w:type", w_val="nextPage")
    _sub(s, "w:pgSz", w_w="11906", w_h="16838")
    _sub(s, "w:pgMar", w_top=str(mm_to_twips(37)), w_right=str(mm_to_twips(26)),
         w_bottom=str(mm_to_twips(35)), w_left=str(mm_to_twips(28)),
         w_header=str(mm_to_twips(15)), w_footer=str(mm_to_twips(22)), w_gutter="0")
    if restart:
        _sub(s, "w:pgNumType", w_start="1")
    _sub(s, "w:cols", w_space="425")
    _sub(s, "w:docGrid", w_type="lines", w_linePitch=str(LINE))
    return s


def _footer(doc, jc: str | None) -> str:
    """Add a footer part: `— PAGE —` aligned `jc`, or empty if jc is None. Return its rId."""
    part, rId = doc.part.add_footer_part()
    ftr = part.element
    for child in list(ftr):
        ftr.remove(child)
    p = _sub(ftr, "w:p")
    ppr = _sub(p, "w:pPr")
    _sub(ppr, "w:pStyle", w_val=FOOTER_STYLE)
    _ind(ppr, False)
    if jc:  # GB/T 9704 7.5: 单页码居右空一字，双页码居左空一字 (one 14 pt character)
        ppr.find(qn("w:ind")).set(qn("w:right" if jc == "right" else "w:left"), "280")
    _sub(ppr, "w:jc", w_val=jc or "left")
    if jc:
        _add_text(p, "— ")
        _sub(_sub(p, "w:r"), "w:fldChar", w_fldCharType="begin")
        instr = _sub(_sub(p, "w:r"), "w:instrText")
        instr.text = " PAGE "
        instr.set(_XML_SPACE, "preserve")
        _sub(_sub(p, "w:r"), "w:fldChar", w_fldCharType="separate")
        _add_text(p, "1")
        _sub(_sub(p, "w:r"), "w:fldChar", w_fldCharType="end")
        _add_text(p, " —")
    return rId


# ---------------------------------------------------------------------------- blocks
def _paragraph(par: Paragraph, break_before: bool):
    p = _new_p(STYLE_IDS.get(par.kind, "GwBody"))
    if break_before:
        p[0].append(etree.Element(qn("w:pageBreakBefore")))  # right after pStyle
    for run in par.runs:
        _add_text(p, run.text, run.bold)
    return p


def _page_break_paragraph():
    p = _new_p(STYLE_IDS["table-note"])
    _sub(_sub(p, "w:r"), "w:br", w_type="page")
    return p


def _cell(tr, width: int, span: int, merge: str | None, cell: Cell | None, half_points: int | None):
    tc = _sub(tr, "w:tc")
    tcpr = _sub(tc, "w:tcPr")
    _sub(tcpr, "w:tcW", w_w=str(width), w_type="dxa")
    if span > 1:
        _sub(tcpr, "w:gridSpan", w_val=str(span))
    if merge == "restart":
        _sub(tcpr, "w:vMerge", w_val="restart")
    elif merge == "continue":
        _sub(tcpr, "w:vMerge")
    _sub(tcpr, "w:vAlign", w_val="center")
    jc = cell.align if cell is not None and cell.align in ("left", "center", "right") else "center"
    lines = clean(cell.text).split("\n") if cell is not None else [""]
    for line in lines:
        p = _sub(tc, "w:p")
        ppr = _sub(p, "w:pPr")
        _sub(ppr, "w:pStyle", w_val=CELL_STYLE)
        _sub(ppr, "w:jc", w_val=jc)
        if line:
            _add_text(p, line, cell.bold, half_points)


def _table(table: Table):
    widths = [max(mm_to_twips(w), 1) for w in table.widths_mm] or [mm_to_twips(156)]
    ncols = len(widths)
    half_points = round(table.font_pt * 2)
    half_points = None if half_points == 21 else half_points
    tbl = OxmlElement("w:tbl")
    tblpr = _sub(tbl, "w:tblPr")
    _sub(tblpr, "w:tblW", w_w=str(sum(widths)), w_type="dxa")
    _sub(tblpr, "w:jc", w_val="center")
    borders = _sub(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _sub(borders, f"w:{side}", w_val="single", w_sz="4", w_space="0", w_color="auto")
    _sub(tblpr, "w:tblLayout", w_type="fixed")
    mar = _sub(tblpr, "w:tblCellMar")
    _sub(mar, "w:left", w_w="85", w_type="dxa"), _sub(mar, "w:right", w_w="85", w_type="dxa")
    grid = _sub(tbl, "w:tblGrid")
    for w in widths:
        _sub(grid, "w:gridCol", w_w=str(w))

    covered: dict[int, list[int]] = {}  # start col → [rows still to cover, span]
    leading_header = True
    for row in table.rows:
        tr = _sub(tbl, "w:tr")
        trpr = _sub(tr, "w:trPr")
        _sub(trpr, "w:cantSplit")
        leading_header = leading_header and row.header
        if leading_header:
            _sub(trpr, "w:tblHeader")
        cells = list(row.cells)
        col = 0
        while col < ncols:
            if col in covered:  # continuation of a vertical merge from above
                left, span = covered[col]
                _cell(tr, sum(widths[col:col + span]), span, "continue", None, half_points)
                if left <= 1:
                    del covered[col]
                else:
                    covered[col][0] -= 1
                col += span
                continue
            limit = min([c for c in covered if c > col] + [ncols])  # next covered position
            cell = cells.pop(0) if cells else None  # None: pad a short row
            span = max(1, min(cell.colspan if cell else 1, limit - col))
            rowspan = max(1, cell.rowspan) if cell else 1
            _cell(tr, sum(widths[col:col + span]), span, "restart" if rowspan > 1 else None,
                  cell, half_points)
            if rowspan > 1:
                covered[col] = [rowspan - 1, span]
            col += span
        # cells beyond the grid are dropped: the layout upstream is wrong, never crash here
    return tbl


def _emit(blocks: tuple[Block, ...], out: list) -> None:
    """Append the XML of `blocks` to `out`; a page break at the start or end is dropped."""
    start, pending_break = len(out), False
    for block in blocks:
        if isinstance(block, PageBreak):
            pending_break = len(out) > start
        elif isinstance(block, Paragraph):
            out.append(_paragraph(block, pending_break))
            pending_break = False
        elif isinstance(block, Table):
            if pending_break:
                out.append(_page_break_paragraph())
                pending_break = False
            elif out and out[-1].tag == qn("w:tbl"):  # adjacent tables would fuse
                out.append(_new_p(STYLE_IDS["table-note"]))
            out.append(_table(block))
    if out and out[-1].tag == qn("w:tbl"):  # a table must be followed by a paragraph
        out.append(_new_p(STYLE_IDS["table-note"]))


# ---------------------------------------------------------------------------- package
def _set_core_properties(doc, report: Report) -> None:
    cp = doc.core_properties
    stamp = datetime.combine(report.created, time(0, 0, 0))
    cp.title, cp.author, cp.last_modified_by = clean(report.title), clean(report.author), clean(report.author)
    cp.subject = cp.keywords = cp.comments = cp.category = ""
    cp.created = cp.modified = stamp
    cp.revision = 1


def _reproducible_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times, order and attributes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    names.sort(key=lambda n: n != "[Content_Types].xml")  # stable: keeps the rest in order
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3            # Unix, whatever the host
            info.external_attr = 0o644 << 16  # rw-r--r--
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()


def write_docx(report: Report) -> bytes:
    """Return the .docx bytes of `report`; same Report → same bytes."""
    doc = _base_document()
    body = doc.element.body
    blocks: list = []
    plain = [("default", _footer(doc, None)), ("even", _footer(doc, None))]
    numbered = [("default", _footer(doc, "right")), ("even", _footer(doc, "left"))]
    first_number = True
    sections = [s for s in report.sections if s.blocks] or [Section(())]
    for i, section in enumerate(sections):
        _emit(section.blocks, blocks)
        restart = section.numbered and first_number
        first_number = first_number and not section.numbered
        sect = _sect_pr(numbered if section.numbered else plain, restart)
        if i + 1 < len(sections):       # a section ends with a sectPr in its last paragraph
            if not blocks or blocks[-1].tag != qn("w:p"):
                blocks.append(_new_p(STYLE_IDS["plain"]))
            blocks[-1][0].append(sect)
        else:
            last = sect
    for el in blocks:
        body.append(el)
    body.append(last)
    _set_core_properties(doc, report)
    buf = io.BytesIO()
    doc.save(buf)
    return _reproducible_zip(buf.getvalue())
