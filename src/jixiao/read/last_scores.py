"""Last year's summary (a 汇总.xlsx jixiao wrote): each unit's 总分, for `summary --compare`.
Read from its 汇总 sheet with the project's own reader (table.py): the columns 单位名称 and 总分,
and 状态 when it has one (a summary of this version: only a unit whose report was written counts;
an older summary had no 状态, and its 总分 is taken as it is).

`last_scores(path) -> (unit name key → 总分, messages)`; never raises.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.messages import Message, warning
from jixiao.read.clean import clean_text, to_decimal
from jixiao.read.roster import name_key
from jixiao.read.table import read_table

LAST_COLUMNS = ("单位名称", "总分", "状态")
FINAL_STATUSES = ("已生成", "已生成（有警告）", "可生成", "可生成（有警告）")   # a 总分 that was final


def last_scores(path: Path | str) -> tuple[dict[str, Decimal], list[Message]]:
    table = read_table(path, LAST_COLUMNS, sheet="汇总", what="上年汇总表")
    msgs = list(table.messages)
    scores: dict[str, Decimal] = {}
    for row in table.rows:
        if "单位名称" not in row or "总分" not in row:
            continue
        if "状态" in row and clean_text(row["状态"][0]) not in FINAL_STATUSES:
            continue
        value, problem = to_decimal(row["总分"][0])
        if value is None:
            msgs.append(warning(row["总分"][1], f"上年汇总表的总分“{clean_text(row['总分'][0])[:20]}”不是数字，未比较",
                                problem or "请检查上年汇总表。"))
            continue
        scores.setdefault(name_key(clean_text(row["单位名称"][0])), value)
    return scores, msgs
