"""A clerk's paragraph that restates, figure for figure, a sentence the program writes itself
(`单位编制数62人，2025年实际在职人数58人…` followed by the clerk's `街道编制62人，年末实际在职58人…`):
a 提示 naming both, so the clerk can cut the repetition. Two or more of the paragraph's figures
(MIN_SHARED, at least one of them 10 or more) all in one generated sentence make a restatement.
"""
from __future__ import annotations

import re
from decimal import Decimal

from jixiao.messages import Message, note
from jixiao.model import TextRow

MIN_SHARED = 2
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
SHOWN_CHARS = 30


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(x).normalize() for x in _NUMBER.findall(text.replace(",", ""))}


def restatements(texts: list[TextRow], paragraphs: list[str]) -> list[Message]:
    """提示 for each clerk paragraph whose figures all appear in one paragraph the program wrote
    (`paragraphs`: the report's body text; the clerk's own are recognised and skipped)."""
    own = [t.content.strip() for t in texts if t.content.strip()]
    generated = [p for p in paragraphs if not any(c[:20] in p for c in own)]
    gen_numbers = [(p, _numbers(p)) for p in generated]
    out: list[Message] = []
    for t in texts:
        nums = _numbers(t.content)
        if len(nums) < MIN_SHARED or max(nums) < 10:
            continue
        hit = next((p for p, ns in gen_numbers if nums <= ns), None)
        if hit is not None:
            out.append(note(t.refs.get("内容", "报告正文"),
                            f"这段的数字（{'、'.join(sorted({str(n) for n in nums}))}）程序已写在“{_cut(hit)}”一句中，"
                            f"报告里会重复出现：“{_cut(t.content)}”",
                            "程序自动写的句子见“填写说明”；请删去重复的数字，只写程序没有写的内容。"))
    return out


def _cut(text: str) -> str:
    text = text.replace("\n", " ").strip()
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
