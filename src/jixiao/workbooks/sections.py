"""What a format's templates write themselves in each 章节, for the clerk (the blank workbook's
填写说明 and the 报告正文 章节 input message): the format is rendered against a sample workbook
(SAMPLE_AMOUNT in every amount, one marker paragraph per 章节 from the clerk), and the paragraphs
the program wrote just before each marker, under the same heading, are that 章节's own sentences.
Figures are shown as ×× (they come from the clerk's workbook).

This reads the templates, not a list of 章节: a format that declares its 章节 (names, order,
which the program fills) can pass its own list as `sections` and nothing else changes.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from jixiao.contract import BASIC_ROWS, FUND_LABELS, SECTIONS
from jixiao.formats.load import Format, FormatError
from jixiao.model import BasicRow, FundLine, Info, Project, ProjectFund, TextRow, Workbook
from jixiao.render.document import Paragraph
from jixiao.render.report import render
from jixiao.score.figures import compute

SAMPLE_AMOUNT = Decimal("123.45")
_MARK = "⟦{}⟧"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _sample(year: int, sections: tuple[str, ...]) -> Workbook:
    wb = Workbook(source="sample")
    wb.info = Info(unit_name="某某单位", year=year, staff_quota=10, staff_actual=9, staff_actual_last=8,
                   report_date=date(year + 1, 4, 1))
    wb.funds.lines = {label: FundLine(SAMPLE_AMOUNT, "") for label in FUND_LABELS}
    wb.basic_rows = [BasicRow(k, k, SAMPLE_AMOUNT, SAMPLE_AMOUNT, SAMPLE_AMOUNT) for k in BASIC_ROWS]
    wb.projects = [Project("某某项目", goal="目标", result="完成情况",
                           funds=[ProjectFund("当年财政拨款", SAMPLE_AMOUNT, SAMPLE_AMOUNT, SAMPLE_AMOUNT)])]
    wb.texts = [TextRow(s, "", _MARK.format(s)) for s in sections]
    return wb


def generated_sentences(fm: Format, year: int = 2025,
                        sections: tuple[str, ...] = SECTIONS) -> dict[str, list[str]]:
    """章节 → the sentences the format's templates write in it from the figures (×× for each
    figure), in order; a 章节 the program writes nothing in is left out. {} when the format's
    templates cannot be rendered (the build will say why)."""
    wb = _sample(year, sections)
    try:
        report = render(wb, compute(wb, fm.scoring), fm)
    except FormatError:
        return {}
    out: dict[str, list[str]] = {}
    pending: list[str] = []
    for section in report.sections:
        for block in section.blocks:
            if not isinstance(block, Paragraph):
                continue
            text = "".join(r.text for r in block.runs)
            if block.kind.startswith("heading") or block.kind == "title":
                pending = []
                continue
            marked = [s for s in sections if _MARK.format(s) in text]
            if marked:
                if pending:
                    out.setdefault(marked[0], []).extend(pending)
                pending = []
            elif block.kind == "body" and text.strip() and "某某项目" not in text:
                pending.append(_NUMBER.sub("××", text.strip()))
    return out
