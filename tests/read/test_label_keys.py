"""Unit tests of jixiao.read.label_keys: labels matched without the clerk's numbering."""
import pytest

from jixiao.read.label_keys import label_key, strip_numbering


# ---------------------------------------------------------------- label_key

@pytest.mark.parametrize("text, expected", [
    ("1、公务用车购置和维护经费", "公务用车购置和维护经费"),
    ("（1）其中：公车购置", "公车购置"),
    ("(1)其中:公车购置", "公车购置"),
    ("其中：办公经费", "办公经费"),
    ("项目支出：", "项目支出"),
    ("项目支出:", "项目支出"),
    ("  3、公务接待 ", "公务接待"),
    ("２、出国经费", "出国经费"),
    ("三、公用经费", "公用经费"),
    ("（十）会议费、培训费", "会议费、培训费"),
    ("1.办公经费", "办公经费"),
    ("水费、电费、差旅费", "水费、电费、差旅费"),     # the inner 、 is not numbering
    ("三公经费", "三公经费"),                         # 三 without punctuation is not numbering
    ("公 务 接 待", "公务接待"),
    ("收入：一般公共预算", "收入：一般公共预算"),     # inner colon kept
    ("收入:一般公共预算", "收入：一般公共预算"),      # half-width colon normalised
    ("运行维护经费(专项)", "运行维护经费（专项）"),
    ("业务工作\n经费", "业务工作经费"),
    ("", ""),
    ("十一、会议费", "会议费"),
    ("（十二）会议费", "会议费"),
    ("1)办公经费", "办公经费"),
    ("1. 办公经费", "办公经费"),
    ("1、3.15宣传经费", "3.15宣传经费"),          # after 、 it is numbering, whatever follows
    # figures and names that only start like numbering keep their text
    ("10.5万吨污水处理项目", "10.5万吨污水处理项目"),
    ("(1)号楼维修", "（1）号楼维修"),
    ("（1）号楼维修", "（1）号楼维修"),
    ("2024.防汛专项", "2024.防汛专项"),
    ("一.五工程", "一.五工程"),
    ("1.5亿元项目", "1.5亿元项目"),
    ("123、项目", "123、项目"),
    ("一二三四、项目", "一二三四、项目"),
    ("3号楼", "3号楼"),
])
def test_label_key(text, expected):
    assert label_key(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1、三公经费", "三公经费"), ("一、三公经费", "三公经费"), ("（三）三公经费", "三公经费"),
    ("1、公务接待", "公务接待"), ("一.五工程", "一.五工程"), ("10.5万吨", "10.5万吨"),
])
def test_label_key_finds_standard_labels_with_any_numbering(text, expected):
    known = {"三公经费", "公务接待"}
    assert label_key(text, known) == expected


@pytest.mark.parametrize("text, expected", [("(1)号楼维修", "(1)号楼维修"), ("1、 业务 工作经费：", "业务 工作经费"),
                                            ("（1）其中：公车购置", "公车购置"), ("10.5万吨污水处理项目", "10.5万吨污水处理项目")])
def test_strip_numbering_keeps_the_clerks_text(text, expected):
    assert strip_numbering(text) == expected
