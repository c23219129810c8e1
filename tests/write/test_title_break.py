"""Title line-breaking (write/measure.py break_title) in bounded time for any length: the fewest
lines from greedy filling, the shape search among fitting breakings only and at most
MAX_TITLE_CANDIDATES of them."""
from __future__ import annotations

import time

import pytest

from jixiao.write import gbt9704 as G
from jixiao.write.measure import MAX_TITLE_CANDIDATES, break_title, ems


def lines_of(segments: list[str]) -> list[str]:
    return break_title(segments, G.SIZE_2, G.TEXT_WIDTH)


def test_titles_break_as_before():
    # worked out by hand: a line holds 20.1 ems (156 mm at 2号, 22 pt); 2023年度 is 4 ems
    assert lines_of(["2023年度", "贺家土街道", "整体支出绩效自评报告"]) == ["2023年度贺家土街道整体支出绩效自评报告"]  # 19 ems
    # 28 ems: two lines would be 18 | 10 (the longer above: no 梯形), so three, a 菱形 4 | 14 | 10
    assert lines_of(["2023年度", "长沙市芙蓉区文艺路街道办事处", "整体支出绩效自评报告"]) == \
        ["2023年度", "长沙市芙蓉区文艺路街道办事处", "整体支出绩效自评报告"]


@pytest.mark.parametrize("chars", [500, 1000, 2000, 200_000])
def test_a_long_title_breaks_in_bounded_time(chars):
    started = time.monotonic()
    lines = lines_of(["2023年度", "甲" * chars, "整体支出绩效自评报告"])
    assert time.monotonic() - started < 2
    assert "".join(lines) == "2023年度" + "甲" * chars + "整体支出绩效自评报告"
    capacity = G.TEXT_WIDTH.points / G.SIZE_2.points
    assert all(ems(line) <= capacity + 1e-9 for line in lines)


def test_many_small_segments_are_searched_within_the_budget():
    started = time.monotonic()
    lines = lines_of(["甲"] * 90)              # six lines' worth of one-character segments
    assert time.monotonic() - started < 2
    assert "".join(lines) == "甲" * 90 and len(lines) <= 7
    assert MAX_TITLE_CANDIDATES == 20_000
