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
    "title",             # 2号 方正小标宋简体, centred; its runs are parts a line break must not split
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
    "table-note",        # 说明 line and 填表人… footer under a table: 仿宋 12 pt, no indent
    "signature",         # 署名 under the body (GB/T 9704 7.3.5)
    "signature-date",    # 成文日期 under the 署名
    "attachment-list",   # one 附件说明 entry: "附件：1.名称", then "2.名称" (7.3.4)
]


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    kind: ParagraphKind
    runs: tuple[Run, ...]

    @staticmethod
    def of(kind: ParagraphKind, text: str, bold: bool = False) -> "Paragraph":
        return Paragraph(kind, (Run(text, bold),))

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
    header: bool = False   # repeat at the top of every page (w:tblHeader); only leading rows


@dataclass(frozen=True)
class Table:
    """A bordered table. widths_mm are the grid columns and add up to at most 156 mm."""
    widths_mm: tuple[float, ...]
    rows: tuple[Row, ...]
    font_pt: float = 10.5


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
    # writer embeds them in the package (customXml) so a rebuild can say what changed
    figures: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def of(title: str, author: str, created: date, cover: tuple[Block, ...] = (),
           body: tuple[Block, ...] = (), figures: tuple[tuple[str, str], ...] = ()) -> "Report":
        """The common shape: an optional cover page, then numbered pages."""
        sections = ((Section(cover, numbered=False),) if cover else ()) + (Section(body),)
        return Report(title, author, created, sections, figures)
