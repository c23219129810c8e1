"""Labels as matched: a row's label (资金情况's 项目, 基础数据表's rows, 报告正文's 章节) without
the clerk's numbering (1、 （1） 十一、), 其中： or a trailing ：, so "1、三公经费" finds 三公经费."""
from __future__ import annotations

import re
from collections.abc import Container

from jixiao.read.clean import EDGE_SPACE, clean_text

_DIGIT = "0-9０-９"
_NUMERAL = "〇零一二三四五六七八九十百"
_ENUMERATOR = f"(?:[{_DIGIT}]{{1,2}}|[{_NUMERAL}]{{1,3}})"
# A real enumerator (1、 2. （3） 十一、 (4)) — not the start of a figure (10.5万吨, 2024.防汛,
# 一.五工程) or of a name ((1)号楼): after . or a bracket never a digit, a numeral or 号; after 、
# anything (“1、3.15宣传经费” is item 1, “3.15宣传经费”).
_LABEL_NOISE = re.compile(
    rf"^\s*(?:(?:(?:[（(]{_ENUMERATOR}[)）]|{_ENUMERATOR}[.．)）])(?!\s*[{_DIGIT}{_NUMERAL}号])"
    rf"|{_ENUMERATOR}、)\s*)?"
    r"(?:其中[：:]\s*)?")
# The numbering as the old reader stripped it, for standard labels only ("1、三公经费").
_LOOSE_NOISE = re.compile(
    rf"^\s*(?:[（(]?[{_DIGIT}{_NUMERAL}]+[)）、.．]\s*)?(?:其中[：:]\s*)?")


def _label_tail(s: str) -> str:
    s = s.replace(" ", "").replace("\u3000", "").rstrip("：:")
    return s.replace("(", "（").replace(")", "）").replace(":", "：")


def strip_numbering(text: object) -> str:
    """A label as the clerk wrote it, without a leading enumerator, 其中： or a trailing ：
    ("（1）其中：公车购置" → "公车购置"; "(1)号楼维修" stays)."""
    s = clean_text(text).replace("\n", "")
    return _LABEL_NOISE.sub("", s, count=1).strip(EDGE_SPACE).rstrip("：:").rstrip(EDGE_SPACE)


def label_key(text: object, known: Container[str] | None = None) -> str:
    """A label as matched: a leading enumerator (1、 （1） 十一、), 其中：, a trailing ：, brackets'
    width and spaces ignored. "1、公务用车购置和维护经费" → "公务用车购置和维护经费"; a name that
    only starts with a figure keeps it ("10.5万吨污水处理项目", "(1)号楼维修", "2024.防汛专项").
    With `known` (the keys of the standard labels), "1、三公经费" still finds 三公经费."""
    key = _label_tail(strip_numbering(text))
    if known is not None and key not in known:
        loose = _label_tail(_LOOSE_NOISE.sub("", clean_text(text).replace("\n", ""), count=1))
        if loose in known:
            return loose
    return key
