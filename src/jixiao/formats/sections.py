"""The 章节 of 报告正文 a report format declares (format.toml `[[sections]]`, docs/formats.md):
their names in order, which the program writes sentences into, which the clerk writes, and which
one is the report's opening paragraph. Plain data: the blank workbook offers these names, check
refuses others, and the templates print them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SectionSpec:
    name: str
    filled_by_program: bool = False   # the program writes sentences from the figures into it
    clerk_writes: bool = True         # the clerk writes paragraphs for it in 报告正文
    opening: bool = False             # the report's opening paragraph, before the first heading
    hint: str = ""                    # one line for the blank workbook's 填写说明

    @property
    def offered(self) -> bool:
        """Offered in the blank workbook's 章节 drop-down."""
        return self.clerk_writes


def sections_of(value: list[dict[str, Any]]) -> tuple[SectionSpec, ...]:
    """The checked `sections` setting as SectionSpecs."""
    return tuple(SectionSpec(s["name"].strip(), bool(s.get("program", False)), bool(s.get("clerk", True)),
                             bool(s.get("opening", False)), s.get("hint", "")) for s in value)
