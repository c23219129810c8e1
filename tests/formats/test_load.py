"""Loading a format (formats/load.py): extending another, merging tables key by key, and the
format's faults — an extends that is missing or goes round, a file not in UTF-8."""
from __future__ import annotations

import pytest

from jixiao.formats.load import FormatError, load
from jixiao.formats.search import FORMAT_FILE, shipped_root

from .test_formats import make_format


def test_extends_defaults_to_default_and_merges_tables(tmp_path):
    make_format(tmp_path, "x", '[attachments.evaluation.labels]\n"总分" = "合计得分"\n[words]\nwhole = "单位整体"\n')
    fm = load("x", (tmp_path, shipped_root()))
    assert fm["attachments.evaluation.labels"] == {"总分": "合计得分"}
    assert fm["words"] == {"entity": "部门（单位）", "whole": "单位整体"}     # merged key by key
    assert fm["extends"] == "default" and fm["parts.order"] == "report-first"
    assert fm["description"] == ""                  # a format says what it is; it does not inherit that


def test_extends_missing_cycle_and_encoding(tmp_path):
    make_format(tmp_path, "a", 'extends = "b"\n')
    make_format(tmp_path, "b", 'extends = "a"\n')
    make_format(tmp_path, "c", 'extends = "nowhere"\n')
    path = (tmp_path, shipped_root())
    with pytest.raises(FormatError, match="循环"):
        load("a", path)
    with pytest.raises(FormatError, match="“nowhere”不存在"):
        load("c", path)
    (make_format(tmp_path, "gbk") / FORMAT_FILE).write_bytes('description = "株洲"\n'.encode("gbk"))
    with pytest.raises(FormatError, match="UTF-8"):
        load("gbk", path)


def test_a_required_section_the_format_does_not_declare_is_the_formats_fault(tmp_path):
    toml = ('[[sections]]\nname = "单位概况"\n\n[[sections]]\nname = "存在的问题"\n\n'
            '[complete]\nrequired = ["资金情况.全年执行数", "报告正文.存在的问题", "报告正文.职能职责"]\n')
    make_format(tmp_path, "某市", toml)
    with pytest.raises(FormatError) as e:
        load("某市", (tmp_path, shipped_root()))
    assert e.value.where == f"{tmp_path / '某市' / FORMAT_FILE}:8"
    assert "职能职责" in e.value.what and "存在的问题" not in e.value.what


def test_required_sections_follow_the_format_that_declares_them(tmp_path):
    toml = ('[[sections]]\nname = "单位概况"\n\n[complete]\nrequired = ["报告正文.单位概况"]\n')
    make_format(tmp_path, "某市", toml)
    assert load("某市", (tmp_path, shipped_root()))["complete.required"] == ["报告正文.单位概况"]
