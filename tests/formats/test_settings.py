"""Every setting is checked (formats/settings.py): a wrong one names the file, the line and the key,
and says what the setting is for."""
from __future__ import annotations

import pytest

from jixiao.formats.load import FormatError, load
from jixiao.formats.search import FORMAT_FILE, shipped_root

from .test_formats import make_format


@pytest.mark.parametrize("toml, line, what", [
    ('description = "x"\n[scoring]\ntotl = 100\n', 3, "未知的设置“scoring.totl”"),
    ('[parts]\norder = "tables-first"\n', 2, "parts.order"),
    ('[scoring]\nover_budget = 1\n', 2, "scoring.over_budget"),
    ('[report]\ntitle = "{year}年度{unit.__class__}"\n', 2, "占位符"),
    ('[report]\ntitle = "{year}年度{name}"\n', 2, "不认识的占位符 {name}"),
    ('[parts]\nattachments = ["basic", "tables"]\n', 2, "tables"),
    ('[attachments.evaluation.labels]\n"不存在的标签" = "x"\n', 2, "可改的标签：区级预算部门（单位）名称、"),
    ('[[framework.level]]\nname = "产出指标"\nweight = -1\n', 3, "weight"),
    ('[[framework.level]]\nname = "产出指标"\nweight = 40\n[[framework.level]]\nname = "效益指标"\nweight = "40"\n', 6,
     "效益指标”的 weight"),
    ('[framework]\nbudget = 10\n[[framework.level]]\nname = "产出指标"\nweight = 40\n', 3, "指标框架合计50分"),
    ('[project]\nsource_weights = { "当年财政拨款" = 6 }\n', 2, "与 project.budget_weight（10分）不一致"),
    ('[foo]\n', 1, "未知的设置“foo”"),
    ('[scoring]\ntotal = inf\n', 2, "应为0到10000之间的数值"),
    ('[project]\nbudget_weight = 1e300\n', 2, "应为0到10000之间的数值"),
    ('[scoring]\ngrades = [[nan, "优"], [0, "差"]]\n', 2, "scoring.grades"),
    ('description = "unclosed\n', 1, "TOML 写法有误"),
    ('[scoring]\ngrades = [[60, "中"], [90, "优"]]\n', 2, "从高到低"),
    ('[project]\nsource_weights = { "自筹资金" = 5 }\n', 2, "自筹资金"),
])
def test_bad_settings_name_the_file_line_and_key(tmp_path, toml, line, what):
    make_format(tmp_path, "bad", toml)
    with pytest.raises(FormatError) as e:
        load("bad", (tmp_path, shipped_root()))
    assert e.value.where == f"{tmp_path / 'bad' / FORMAT_FILE}:{line}", str(e.value)
    assert what in e.value.what, str(e.value)
    assert e.value.todo
