"""The 章节 of 报告正文 checked against the ones the report format declares (its `[[sections]]`,
docs/formats.md): a paragraph filed under a 章节 the format does not have is an error at its cell."""
from __future__ import annotations

from jixiao.messages import Message, error
from jixiao.model import Workbook


def check_sections(wb: Workbook, names: tuple[str, ...], format_name: str) -> list[Message]:
    """An error for each 报告正文 row whose 章节 is not one of `names` (the format's, in order)."""
    if not names:
        return []
    out: list[Message] = []
    listed = "、".join(names)
    for t in wb.texts:
        if t.section not in names:
            out.append(error(t.refs.get("章节", "报告正文"),
                             f"章节“{t.section}”不是报告格式“{format_name}”的章节",
                             f"请从下拉列表中选择章节（可选：{listed}）。"))
    return out
