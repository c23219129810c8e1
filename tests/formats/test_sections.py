"""The 章节 a format declares ([[sections]]): loaded as plain data on Format, checked, offered by
the blank workbook, and the only ones check accepts."""
from __future__ import annotations

import pytest

from jixiao.contract import SECTIONS
from jixiao.formats.load import FormatError, load
from jixiao.formats.search import search_path
from jixiao.formats.sections import SectionSpec
from jixiao.model import TextRow, Workbook
from jixiao.score.check import check_sections

from .test_formats import make_format


def test_default_sections_are_the_contract_s_plus_an_opening():
    fm = load("default", search_path())
    assert fm.section_names == ("前言",) + SECTIONS
    assert fm.sections[0] == SectionSpec("前言", False, True, True, fm.sections[0].hint)
    assert next(s for s in fm.sections if s.name == "整体支出绩效情况").filled_by_program
    assert not next(s for s in fm.sections if s.name == "存在的问题及原因分析").filled_by_program


def test_a_format_declares_its_own(tmp_path):
    make_format(tmp_path, "五节", '[[sections]]\nname = "开篇"\nopening = true\n\n[[sections]]\nname = "问题"\n'
                                 '\n[[sections]]\nname = "数字"\nprogram = true\nclerk = false\n'
                                 '\n[complete]\nrequired = ["报告正文.问题"]\n')
    fm = load("五节", (tmp_path,) + search_path())
    assert fm.section_names == ("开篇", "问题", "数字")
    assert [s.offered for s in fm.sections] == [True, True, False]


@pytest.mark.parametrize("toml, line, what", [
    ('[[sections]]\nname = "甲"\n\n[[sections]]\nname = "甲"\n', None, "章节重复：甲"),
    ('[[sections]]\nname = "甲"\ncolour = 1\n', 3, "未知的键 colour"),
    ('[[sections]]\nname = "甲"\nopening = true\n[[sections]]\nname = "乙"\nopening = true\n', None, "至多一个"),
    ('[[sections]]\nname = "甲"\nprogram = "yes"\n', 3, "program 应为 true/false"),
])
def test_bad_sections_are_errors_at_their_line(tmp_path, toml, line, what):
    make_format(tmp_path, "坏", toml)
    with pytest.raises(FormatError) as e:
        load("坏", (tmp_path,) + search_path())
    assert what in e.value.what and "format.toml" in e.value.where
    if line is not None:
        assert e.value.where.endswith(f":{line}")


def test_check_refuses_a_section_the_format_does_not_declare():
    wb = Workbook(texts=[TextRow("问题", "", "x", {"章节": "报告正文!A2"}),
                         TextRow("其他需要说明的情况", "", "y", {"章节": "报告正文!A3"})])
    msgs = check_sections(wb, ("开篇", "问题"), "五节")
    assert [(m.where, m.level) for m in msgs] == [("报告正文!A3", "错误")]
    assert "不是报告格式“五节”的章节" in msgs[0].what and "开篇、问题" in msgs[0].todo
