"""document.Table → `w:tbl` XML text, in one pass: the grid with its merges, the header rows that
repeat, rows kept whole unless they could be taller than half a page."""
from __future__ import annotations

import math

from jixiao.write import gbt9704 as G
from jixiao.render.document import Cell, Table
from jixiao.write.measure import line_count
from jixiao.write.wml import clean, el, esc, props
from jixiao.write.styles import table_line

CELL_STYLE = "GwTableCell"
_MARGIN = G.TABLE_CELL_MARGIN.twips
_PAD = G.TABLE_CELL_PADDING.twips
# the table properties after w:tblW and w:jc, the same in every table
_TBLPR_TAIL = (
    props("tblBorders", *(el(side, val="single", sz=G.TABLE_BORDER.eighth_points, space=0, color="auto")
                          for side in ("top", "left", "bottom", "right", "insideH", "insideV"))),
    el("tblLayout", type="fixed"),
    props("tblCellMar", el("top", w=_PAD, type="dxa"), el("left", w=_MARGIN, type="dxa"),
          el("bottom", w=_PAD, type="dxa"), el("right", w=_MARGIN, type="dxa")),
)


def _layout(table: Table, ncols: int) -> tuple[list[list[tuple[int, int, str | None, Cell | None]]], list[int]]:
    """Per row, (first grid column, span, merge, cell) for each w:tc, HTML-style rowspans resolved;
    and per row, the last row index any vertical merge started at or above it reaches."""
    covered: dict[int, list[int]] = {}   # start col → [rows still to cover, span]
    rows, reach = [], []
    far = -1
    for r, row in enumerate(table.rows):
        out: list[tuple[int, int, str | None, Cell | None]] = []
        if not covered and all(c.rowspan <= 1 for c in row.cells):   # the common row: no merge in play
            col = 0
            for cell in row.cells:
                if col >= ncols:
                    break   # cells beyond the grid are dropped: the layout upstream is wrong, never crash
                span = max(1, min(cell.colspan, ncols - col))
                out.append((col, span, None, cell))
                col += span
            while col < ncols:   # pad a short row
                out.append((col, 1, None, None))
                col += 1
            rows.append(out)
            reach.append(max(far, r))
            continue
        cells = row.cells
        ci = 0
        taken = sorted(covered)   # columns where a merge from above goes on in this row
        k = 0
        col = 0
        while col < ncols:
            while k < len(taken) and taken[k] < col:
                k += 1
            if k < len(taken) and taken[k] == col:   # continuation of a vertical merge from above
                left, span = covered[col]
                out.append((col, span, "continue", None))
                if left <= 1:
                    del covered[col]
                else:
                    covered[col][0] -= 1
                col += span
                k += 1
                continue
            limit = taken[k] if k < len(taken) else ncols           # the next covered position
            cell = cells[ci] if ci < len(cells) else None           # None: pad a short row
            ci += 1
            span = max(1, min(cell.colspan if cell else 1, limit - col))
            rowspan = max(1, cell.rowspan) if cell else 1
            out.append((col, span, "restart" if rowspan > 1 else None, cell))
            if rowspan > 1:
                covered[col] = [rowspan - 1, span]
                far = max(far, r + rowspan - 1)
            col += span
        # cells beyond the grid are dropped: the layout upstream is wrong, never crash here
        rows.append(out)
        reach.append(max(far, r))
    return rows, reach


def header_count(table: Table, reach: list[int]) -> int:
    """How many leading rows repeat: the leading header rows, cut back to the last one that no
    vertical merge crosses out of (Word repeats whole rows; half a merged cell means nothing)."""
    k = 0
    while k < len(table.rows) and table.rows[k].header:
        k += 1
    while k and reach[k - 1] >= k:
        k -= 1
    return k


def table_xml(table: Table, out: list[str], text: list[str], keep_with_next: bool = False) -> int:
    """Append the `w:tbl` of `table` to `out` (its plain text to `text`); return its paragraph count.
    keep_with_next: keep the last row on the page of the paragraph after the table."""
    widths = [max(G.mm(w).twips, 1) for w in table.widths_mm] or [G.TEXT_WIDTH.twips]
    ncols = len(widths)
    starts = [0]
    for w in widths:
        starts.append(starts[-1] + w)
    size = G.pt(table.font_pt)
    own_size = size.half_points != G.SIZE_TABLE.half_points
    line = table_line(size)
    line_pt = line.points
    layout, reach = _layout(table, ncols)
    heads = header_count(table, reach)

    # a row that could be taller than half of what a page leaves under the repeated header may break
    height = _Heights(starts, size, line_pt)
    usable = (G.TEXT_HEIGHT.points - sum(height.row(cells) for cells in layout[:heads])) / 2

    run_size = (el("sz", val=size.half_points), el("szCs", val=size.half_points)) if own_size else ()
    run_plain = "<w:r>" + props("rPr", *run_size)
    run_bold = "<w:r>" + props("rPr", el("b"), el("bCs"), *run_size)
    spacing = el("spacing", before=0, after=0, line=line.twips, lineRule="exact") if own_size else ""
    ppr: dict[tuple[str, bool], str] = {}
    tcpr: dict[tuple[int, int, str | None], str] = {}
    opening: dict[tuple, str] = {}   # cell start up to its text, by (col, span, merge, align, bold, keep)

    def p_open(jc: str, keep: bool) -> str:
        key = (jc, keep)
        if key not in ppr:
            jc = jc if jc in ("left", "right") else "center"
            ppr[key] = "<w:p>" + props("pPr", el("pStyle", val=CELL_STYLE), el("keepNext") if keep else "",
                                       spacing, el("jc", val=jc) if jc != "center" else "")
        return ppr[key]

    def tc_open(col: int, span: int, merge: str | None) -> str:
        key = (col, span, merge)
        if key not in tcpr:
            w = starts[col + span] - starts[col]
            tcpr[key] = "<w:tc>" + props("tcPr", el("tcW", w=w, type="dxa"),
                                         el("gridSpan", val=span) if span > 1 else "",
                                         el("vMerge", val="restart" if merge == "restart" else None) if merge else "",
                                         el("vAlign", val="center"))
        return tcpr[key]

    out.append("<w:tbl>" + props("tblPr", el("tblW", w=starts[-1], type="dxa"), el("jc", val="center"), *_TBLPR_TAIL))
    out.append("<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>")
    trpr = {(whole, head): props("trPr", el("cantSplit") if whole else "", el("tblHeader") if head else "")
            for whole in (False, True) for head in (False, True)}
    paragraphs = 0
    last = len(layout) - 1
    for r, cells in enumerate(layout):
        keep = keep_with_next and r == last
        whole = height.row(cells) <= usable
        out.append("<w:tr>" + trpr[whole, r < heads])
        for col, span, merge, cell in cells:
            if cell is None or not cell.text:
                out.append(tc_open(col, span, merge) + p_open(cell.align if cell else "center", keep)
                           + "</w:p></w:tc>")
                paragraphs += 1
                continue
            key = (col, span, merge, cell.align, cell.bold, keep)
            opened = opening.get(key)
            if opened is None:
                opened = opening[key] = (tc_open(col, span, merge) + p_open(cell.align, keep)
                                         + (run_bold if cell.bold else run_plain))
            content = cell.text
            if not content.isprintable():   # "\n", or characters XML forbids
                content = clean(content)
            text.append(content)
            if "\n" not in content:
                paragraphs += 1
                out.append(_paragraph(opened, content, "</w:tc>"))
                continue
            p_only = p_open(cell.align, keep) + (run_bold if cell.bold else run_plain)
            pieces = content.split("\n")
            for n, piece in enumerate(pieces):
                out.append(_paragraph(opened if n == 0 else p_only, piece, ""))
            paragraphs += len(pieces)
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return paragraphs


def _paragraph(opened: str, text: str, tail: str) -> str:
    """One paragraph of a cell: its opening (cell, paragraph and run properties), the text, closed."""
    if not text:
        return f"{opened}</w:r></w:p>{tail}"
    t = esc(text)
    if text[0] == " " or text[-1] == " ":
        return f'{opened}<w:t xml:space="preserve">{t}</w:t></w:r></w:p>{tail}'
    return f"{opened}<w:t>{t}</w:t></w:r></w:p>{tail}"


class _Heights:
    """Estimated row heights in points, counting cells that span one row (a merged cell's
    text spreads over its rows)."""

    def __init__(self, starts: list[int], size: G.Length, line_pt: float) -> None:
        self.starts, self.size, self.line = starts, size.points, line_pt
        self.pad = 2 * G.TABLE_CELL_PADDING.points
        self.margins = 2 * G.TABLE_CELL_MARGIN.points
        self.avail: dict[tuple[int, int], float] = {}

    def row(self, cells) -> float:
        tallest = 1
        for col, span, merge, cell in cells:
            if cell is None or merge or not cell.text:
                continue
            key = (col, span)
            avail = self.avail.get(key)
            if avail is None:
                avail = self.avail[key] = max((self.starts[col + span] - self.starts[col]) / 20 - self.margins,
                                              self.size)
            text = cell.text
            n = len(text)
            # one line if it surely fits (ASCII ½ em, anything wider 1 em; see measure.fast_ems)
            if n * self.size <= avail and "\n" not in text:
                continue
            if "\n" in text:
                lines = line_count(text, G.pt(avail), G.pt(self.size))
            else:   # measure.line_count, inlined for the common single paragraph
                ems = 0.5 * n + 0.25 * (len(text.encode("utf-8")) - n)
                lines = max(1, math.ceil(ems * self.size * 1.05 / avail))
            if lines > tallest:
                tallest = lines
        return tallest * self.line + self.pad
