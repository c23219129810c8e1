"""The laid-out report, as plain data: what the render stage produces and the write stage draws.

Nothing here knows about Excel or about docx. Every string is final text (numbers already
formatted, heading numbers already prefixed): the writer never computes or numbers anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Union

# What a paragraph is; the writer maps each kind to one named style (GB/T 9704 layout).
ParagraphKind = Literal[
    "title",             # 2号 方正小标宋简体, centred (report title, on the cover and atop the body).
                         # Its runs are unbreakable segments — Run("2024年度"), Run("某某街道办事处"),
                         # Run("整体支出绩效自评报告") — and the writer breaks the title into lines
                         # between them only (7.3.1: 梯形 or 菱形, the longer line below, never
                         # inside a name). A "\n" in a run forces a break there.
    "cover",             # 3号 仿宋, no indent: 部门（单位）名称：…（盖章）, the date line
    "heading1",          # 一、   黑体 3号, outline level 1
    "heading2",          # （一） 楷体_GB2312 3号, outline level 2
    "heading3",          # 1.     仿宋_GB2312 3号 (bold allowed), outline level 3
    "heading4",          # （1）  仿宋_GB2312 3号, outline level 4
    "body",              # 3号 仿宋_GB2312, first-line indent 2 characters, fixed 28.95 pt lines
    "plain",             # as body, without the first-line indent (附件 list, signature block)
    "right",             # as plain, right-aligned (unit name and date under the body)
    "attachment-label",  # 附件N, 黑体 3号, top left, no indent
    "table-title",       # attachment title: 方正小标宋简体 18 pt, centred
    "table-note",        # 说明 line and 填表人… footer under a table: 仿宋 10.5 pt, no indent; kept on
                         # the page of the table's last row
    "attachment-list",   # 附件说明 (7.3.4), one paragraph per attachment: the first "附件：1.名称",
                         # the next "2.名称" (a single attachment: "附件：名称"). The writer puts one
                         # blank line above the first, indents it two characters, hangs wrapped lines
                         # under the name's first character, and drops punctuation ending a name.
    "signature",         # 发文机关署名 (7.3.5): the unit's name under the text. The writer spaces it
                         # (one blank line above; two when stamped) and keeps it on the page of the
                         # text above. Do not add blank paragraphs before it: they are dropped.
    "signature-date",    # 成文日期 (7.3.5), right after the signature: "2025年4月28日" or "年　月　日".
                         # With `stamp` (on either paragraph) the date stands four characters in
                         # from the right and the 署名 is centred over it (7.3.5.1); without, the
                         # 署名 stands two characters in and the date starts two characters to the
                         # right of the 署名's first character (7.3.5.2).
]


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    kind: ParagraphKind
    runs: tuple[Run, ...]
    # "signature" / "signature-date" only: a seal (印章) will be pressed over the 署名 and date, so
    # they are laid out for it (GB/T 9704 7.3.5.1). Ignored on other kinds.
    stamp: bool = False

    @staticmethod
    def of(kind: ParagraphKind, text: str, bold: bool = False, stamp: bool = False) -> "Paragraph":
        return Paragraph(kind, (Run(text, bold),), stamp)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class PageBreak:
    """Start a new page (used before each attachment)."""


Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Cell:
    """One cell of a table. `text` may hold "\\n": each line is a paragraph in the cell.

    A cell with rowspan/colspan > 1 covers the positions to its right and below: the rows
    below simply omit the covered positions (as in HTML). The writer draws vMerge/gridSpan.
    """
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    align: Align = "center"
    bold: bool = False


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    # repeat at the top of every page the table continues onto (w:tblHeader). Only the table's
    # leading rows can repeat, and only as a whole: the writer repeats the leading header rows up
    # to the last one that no vertical merge crosses out of (a 2-row heading with a cell merged
    # into the data below repeats nothing).
    header: bool = False


@dataclass(frozen=True)
class Table:
    """A bordered table. widths_mm are the grid columns and add up to at most 156 mm.

    Rows stay whole on a page unless the writer estimates one could be taller than half a page;
    such a row may break across pages (a row that cannot break and is taller than a page is cut
    off in Word).

    `continued`: the rest of the same form, drawn flush under this table with no gap but as a
    table of its own, so that its leading header rows — not this table's — repeat on the pages
    it continues onto. E.g. the 自评表: unit, budget and goals in this table, then the indicators
    in `continued`, whose heading row (一级指标 … 偏差原因分析及改进措施) repeats on every
    continuation page. Its grid (widths_mm) may differ from this table's; it may continue too.
    """
    widths_mm: tuple[float, ...]
    rows: tuple[Row, ...]
    font_pt: float = 10.5
    continued: "Table | None" = None


Block = Union[Paragraph, PageBreak, Table]


@dataclass(frozen=True)
class Section:
    """A run of pages that starts on a new page: a cover (no page number) or numbered pages.
    Page numbers start at 1 in the first numbered section and run on through the later ones."""
    blocks: tuple[Block, ...]
    numbered: bool = True


@dataclass(frozen=True)
class Report:
    title: str                  # also the core-properties title
    author: str                 # 单位名称, the core-properties author
    created: date               # core-properties created/modified; from the workbook, never the clock
    sections: tuple[Section, ...] = field(default_factory=tuple)
    # every figure the report shows, by name ("资金情况 全年执行数" → "1902.68"), in order: the
    # writer embeds them in the package (customXml/item1.xml, read back by jixiao.write.figures_part)
    # so a rebuild can say what changed
    figures: tuple[tuple[str, str], ...] = ()
    # printed on both sides of the paper (GB/T 9704 6.2: 双面印刷). On: the back of the cover is
    # left blank, so page 1 is a right-hand page and every odd number falls on a right-hand page
    # (each unnumbered section is padded to an even number of pages), and the margins mirror
    # (订口 28 mm on the binding side of each page) so the two sides' text blocks coincide.
    # Word, WPS and LibreOffice all honour it: it is an explicit blank page and w:mirrorMargins.
    # Off: one-sided printing, body straight after the cover.
    duplex: bool = True
    # a draft (`build --draft`): every page's footer says 草稿 (write/parts.py: DRAFT_MARK)
    draft: bool = False

    @staticmethod
    def of(title: str, author: str, created: date, cover: tuple[Block, ...] = (),
           body: tuple[Block, ...] = (), figures: tuple[tuple[str, str], ...] = (),
           duplex: bool = True) -> "Report":
        """The common shape: an optional cover page, then numbered pages."""
        sections = ((Section(cover, numbered=False),) if cover else ()) + (Section(body),)
        return Report(title, author, created, sections, figures, duplex)
