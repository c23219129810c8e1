"""Draw a laid-out `Report` as a .docx in GB/T 9704-2012 公文 layout: Report → bytes.

`write_docx` is pure: the same Report gives the same bytes (fixed zip times and order, core
properties from the Report, no clock). The body is emitted as XML text in one pass; the styles
are styles.py, the tables tables.py, the other parts and the zip around them parts.py, figures_part.py
and package.py; every measure comes from gbt9704.py.
"""
from __future__ import annotations

import re

from jixiao.write import gbt9704 as G
from jixiao.render.document import Block, PageBreak, Paragraph, Report, Section, Table
from jixiao.write.measure import advance, break_title, line_count
from jixiao.write.package import package
from jixiao.write.parts import footer_xml
from jixiao.write.styles import STYLE_BY_ID
from jixiao.write.tables import table_xml
from jixiao.write.wml import DECL, ROOT_NS, clean, el, props, text_runs

__all__ = ["write_docx", "STYLE_IDS"]

# ParagraphKind → style id. Headings reuse Word's built-in ids so the navigation pane,
# TOC and the Chinese UI ("标题 1") recognise them.
STYLE_IDS: dict[str, str] = {
    "title": "GwTitle", "cover": "GwCover",
    "heading1": "Heading1", "heading2": "Heading2", "heading3": "Heading3", "heading4": "Heading4",
    "body": "GwBody", "plain": "GwPlain", "right": "GwRight",
    "attachment-label": "GwAttachmentLabel", "table-title": "GwTableTitle",
    "table-note": "GwTableNote", "attachment-list": "GwAttachmentList",
    "signature": "GwSignature", "signature-date": "GwSignatureDate",
}
_BOLD = props("rPr", el("b"), el("bCs"))
# the run properties of the hidden 0.1 pt paragraph between a table and the table it continues
_JOIN_RPR = props("rPr", el("vanish"), el("sz", val=2), el("szCs", val=2))
_ATTACHMENT = re.compile(r"^(附件[：:])?\s*(\d+[.．])?(.*)$", re.S)
_NAME_END = "。；;，,、.．：:"


def _ppr(style: str, *extra: str) -> str:
    return props("pPr", el("pStyle", val=style), *extra)


# ---------------------------------------------------------------------------- paragraphs

class _Body:
    """The document body being written: XML pieces, plain text (for the counts), paragraphs."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.text: list[str] = []
        self.paragraphs = 0

    def p(self, ppr: str, runs: str = "", plain: str = "") -> None:
        self.out.append(f"<w:p>{ppr}{runs}</w:p>")
        self.paragraphs += 1
        if plain:
            self.text.append(plain)


def _runs(par: Paragraph) -> str:
    return "".join(text_runs(r.text, _BOLD if r.bold else "") for r in par.runs)


def title_lines(par: Paragraph) -> list[str]:
    """The title's lines, broken between its segments (GB/T 9704 7.3.1)."""
    lines: list[str] = []
    group: list[str] = []
    for r in par.runs:
        pieces = clean(r.text).split("\n")
        for i, piece in enumerate(pieces):
            if i:
                lines += break_title(group, G.SIZE_2, G.TEXT_WIDTH)
                group = []
            if piece:
                group.append(piece)
    lines += break_title(group, G.SIZE_2, G.TEXT_WIDTH)
    return lines


def _title_runs(par: Paragraph) -> str:
    bold = _BOLD if any(r.bold for r in par.runs) else ""
    return text_runs("\n".join(title_lines(par)), bold)


def _attachment_entry(par: Paragraph, first: bool) -> tuple[list[str], str]:
    """(extra pPr children, runs) of one 附件说明 line (GB/T 9704 7.3.4)."""
    text = clean(par.text).strip()
    m = _ATTACHMENT.match(text)
    label, number, name = m.group(1) or "", m.group(2) or "", m.group(3).strip()
    name = name.rstrip(_NAME_END)
    pitch, size, sp = G.CHAR_PITCH, G.SIZE_3, G.CHAR_SPACING
    base = pitch * G.ATTACHMENT_NOTE_INDENT
    label_w = advance("附件：", size, sp)
    number_w = advance(number, size, sp)
    left = base + label_w + number_w                  # where the name starts: wrapped lines start here too
    start = base if label else base + label_w          # where the first line starts
    hanging = left - start
    extra = [el("ind", left=left.twips, right=0, hanging=hanging.twips)]
    if first:
        extra.append(el("spacing", before=(G.LINE_PITCH * G.ATTACHMENT_NOTE_BLANK_LINES).twips, after=0,
                        line=G.LINE_PITCH.twips, lineRule="exact"))
    return extra, text_runs(f"{'附件：' if label else ''}{number}{name}")


def _signature_layout(name: str, date: str, stamp: bool) -> tuple[list[str], list[str]]:
    """pPr children of the 署名 and the 成文日期 lines (GB/T 9704 7.3.5)."""
    size, sp, pitch, full = G.SIZE_3, G.CHAR_SPACING, G.CHAR_PITCH, G.TEXT_WIDTH
    w_name, w_date = advance(name, size, sp), advance(date, size, sp)
    if stamp:
        # 7.3.5.1: the date 4 characters in from the right (right-aligned: exact whatever the
        # fonts), the 署名 centred on the date's centre; a 署名 wider than that allows moves both left.
        d = max(pitch * G.STAMPED_DATE_RIGHT_INDENT + w_date / 2, w_name / 2)
        name = [el("ind", left=max(full - d * 2, G.pt(0)).twips, right=0, firstLine=0), el("jc", val="center")]
        when = [el("ind", left=0, right=(d - w_date / 2).twips, firstLine=0), el("jc", val="right")]
        return name, when
    # 7.3.5.2: 署名 2 characters in; date's first character 2 to the right of the 署名's; a date
    # longer than that allows stands 2 characters in and pushes the 署名 left.
    right = max(pitch * G.SIGNATURE_RIGHT_INDENT,
                pitch * (G.SIGNATURE_RIGHT_INDENT + G.DATE_SHIFT) + w_date - w_name)
    right = min(right, max(full - w_name, G.pt(0)))
    date_left = max(full - right - w_name + pitch * G.DATE_SHIFT, G.pt(0))
    return ([el("ind", left=0, right=right.twips, firstLine=0), el("jc", val="right")],
            [el("ind", left=date_left.twips, right=0, firstLine=0), el("jc", val="left")])


def _blank_lines(n: int) -> str:
    return el("spacing", before=(G.LINE_PITCH * n).twips, after=0, line=G.LINE_PITCH.twips, lineRule="exact")


def _is_blank(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.kind in ("plain", "body", "cover") and not block.text.strip()


# ---------------------------------------------------------------------------- blocks

def _emit(blocks: tuple[Block, ...], body: _Body, sect: str | None) -> None:
    """Append the XML of `blocks`; `sect` (a w:sectPr) goes into the last paragraph, which is
    added when the blocks end with a table. A page break at the start or end is dropped."""
    # blank paragraphs right before a 附件说明 or a 署名 are dropped: the writer spaces those itself
    items: list[Block] = []
    for b in blocks:
        if isinstance(b, Paragraph) and b.kind in ("signature", "attachment-list") and not _is_blank(b):
            while items and _is_blank(items[-1]):
                items.pop()
        items.append(b)
    # drop page breaks that lead, trail or repeat
    seq: list[Block] = []
    for b in items:
        if isinstance(b, PageBreak) and (not seq or isinstance(seq[-1], PageBreak)):
            continue
        seq.append(b)
    while seq and isinstance(seq[-1], PageBreak):
        seq.pop()

    n = len(seq)
    last_p = max((i for i, b in enumerate(seq) if isinstance(b, Paragraph)), default=-1)
    if sect is not None and (last_p < 0 or any(isinstance(b, Table) for b in seq[last_p + 1:])):
        last_p = -1                       # the section ends with a table: a paragraph is added
    first_attachment = True
    i = 0
    while i < n:
        b = seq[i]
        nxt = seq[i + 1] if i + 1 < n else None
        if isinstance(b, PageBreak):
            i += 1
            continue
        brk = i > 0 and isinstance(seq[i - 1], PageBreak)
        if isinstance(b, Table):
            if brk:
                body.p(_ppr("GwTableNote", el("pageBreakBefore")))
            elif i > 0 and isinstance(seq[i - 1], Table):   # two tables would fuse into one
                body.p(_ppr("GwTableNote", el("keepNext")))
            keep = isinstance(nxt, Paragraph) and nxt.kind in ("table-note", "signature")
            part: Table | None = b
            while part is not None:
                if part is not b:   # the form goes on flush under it: a hidden 0.1 pt paragraph between
                    body.p(_ppr("GwJoin", _JOIN_RPR))
                body.paragraphs += table_xml(part, body.out, body.text,
                                             keep_with_next=keep and part.continued is None)
                part = part.continued
            i += 1
            continue
        extra: list[str] = []
        if brk:
            extra.append(el("pageBreakBefore"))
        if isinstance(nxt, Paragraph) and (nxt.kind == "signature" or nxt.kind == b.kind == "table-note"
                                           or nxt.kind == b.kind == "attachment-list"):
            # the 署名 stays with the text above it, a table's notes with each other (and the
            # table), the 附件说明 lines together
            extra.append(el("keepNext"))
        if i == last_p and sect is not None:
            extra.append(sect)
        kind = b.kind
        style = STYLE_IDS.get(kind, "GwBody")
        if kind == "title":
            runs = _title_runs(b)
        elif kind == "attachment-list":
            more, runs = _attachment_entry(b, first_attachment and bool(_ATTACHMENT.match(b.text.strip()).group(1)))
            first_attachment = False
            extra += more
        elif kind == "signature":
            date_par = nxt if isinstance(nxt, Paragraph) and nxt.kind == "signature-date" else None
            stamp = b.stamp or (date_par is not None and date_par.stamp)
            mine, theirs = _signature_layout(clean(b.text).strip(), clean(date_par.text).strip() if date_par else "",
                                             stamp)
            blank = G.STAMPED_SIGNATURE_BLANK_LINES if stamp else G.SIGNATURE_BLANK_LINES
            extra += mine + [_blank_lines(blank), el("keepNext"), el("keepLines")]
            runs = text_runs(clean(b.text).strip())
            if date_par is not None:
                body.p(_ppr(style, *extra), runs, b.text)
                extra = theirs.copy()
                if i + 1 == last_p and sect is not None:
                    extra.append(sect)
                body.p(_ppr("GwSignatureDate", *extra), text_runs(clean(date_par.text).strip()), date_par.text)
                i += 2
                continue
        elif kind == "signature-date":   # a date with no 署名 above it
            right = G.STAMPED_DATE_RIGHT_INDENT if b.stamp else G.SIGNATURE_RIGHT_INDENT
            extra.append(el("ind", left=0, right=(G.CHAR_PITCH * right).twips, firstLine=0))
            runs = text_runs(clean(b.text).strip())
        else:
            runs = _runs(b)
        body.p(_ppr(style, *extra), runs, b.text)
        i += 1
    if sect is not None and last_p < 0:
        body.p(_ppr("GwPlain", sect))


# ---------------------------------------------------------------------------- sections

def _sect_pr(footers: list[tuple[str, str]], restart: bool) -> str:
    """A sectPr: A4, 公文 margins, line grid; footers = [(type, rId)]; restart: pages from 1."""
    return props(
        "sectPr",
        *(f'<w:footerReference w:type="{kind}" r:id="{rid}"/>' for kind, rid in footers),
        el("type", val="nextPage"),
        el("pgSz", w=G.PAGE_WIDTH.twips, h=G.PAGE_HEIGHT.twips),
        el("pgMar", top=G.MARGIN_TOP.twips, right=G.MARGIN_OUTSIDE.twips, bottom=G.MARGIN_BOTTOM.twips,
           left=G.MARGIN_INSIDE.twips, header=G.HEADER_DISTANCE.twips, footer=G.FOOTER_DISTANCE.twips, gutter=0),
        el("pgNumType", start=1) if restart else "",
        el("cols", space=425),
        el("docGrid", type="lines", linePitch=G.LINE_PITCH.twips),
    )


def estimate_pages(blocks: tuple[Block, ...]) -> int:
    """Pages `blocks` fill, estimated from their lines (for padding a cover when printed duplex)."""
    pages, height = 1, 0.0
    page = G.TEXT_HEIGHT.points
    for b in blocks:
        if isinstance(b, PageBreak):
            if height:
                pages, height = pages + 1, 0.0
            continue
        if isinstance(b, Table):
            h, part = 0.0, b
            while part is not None:
                h += len(part.rows) * G.LINE_PITCH.points
                part = part.continued
        else:
            style = STYLE_BY_ID[STYLE_IDS.get(b.kind, "GwBody")]
            line = (style.line or G.LINE_PITCH).points
            if b.kind == "title":
                n = len(title_lines(b))
            else:
                n = line_count(clean(b.text), G.TEXT_WIDTH - style.indent, style.size, style.spacing)
            h = n * line + style.before.points
        height += h
        while height > page + 0.5:
            pages, height = pages + 1, height - page
    return pages


def write_docx(report: Report) -> bytes:
    """Return the .docx bytes of `report`; same Report → same bytes."""
    sections = [s for s in report.sections if s.blocks] or [Section(())]
    # footer parts: 1 empty (odd), 2 empty (even), 3 numbered odd (right), 4 numbered even (left)
    footers = [footer_xml(jc, report.draft) for jc in (None, None, "right", "left")]
    plain = [("default", "rId10"), ("even", "rId11")]
    numbered = [("default", "rId12"), ("even", "rId13")]
    body = _Body()
    body.out.append(f"{DECL}<w:document {ROOT_NS}><w:body>")
    first_number = True
    for i, section in enumerate(sections):
        restart = section.numbered and first_number
        first_number = first_number and not section.numbered
        sect = _sect_pr(numbered if section.numbered else plain, restart)
        final = i + 1 == len(sections)
        pad = (report.duplex and not section.numbered and not final
               and estimate_pages(section.blocks) % 2 == 1)
        if final:
            _emit(section.blocks, body, None)
            if body.out[-1].endswith("</w:tbl>") or body.out[-1].endswith("<w:body>"):
                body.p(_ppr("GwPlain"))    # Word ends a document with a paragraph
            body.out.append(sect)
        elif pad:   # leave the back of the page blank: the next section starts on a right-hand page
            # (one space on it: LibreOffice's PDF export drops a page with no text at all)
            _emit(section.blocks, body, None)
            body.p(_ppr("GwPlain", el("pageBreakBefore")), '<w:r><w:t xml:space="preserve"> </w:t></w:r>')
            body.p(_ppr("GwPlain", sect))
        else:
            _emit(section.blocks, body, sect)
    body.out.append("</w:body></w:document>")
    document = "".join(body.out).encode("utf-8")
    return package(document, footers, clean(report.title), clean(report.author), report.created,
                   report.figures, "\n".join(body.text), body.paragraphs, report.duplex)
