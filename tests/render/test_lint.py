"""Checking a format before it ships (render/lint.py): each silent mistake is an error at its file
and line; the shipped formats pass."""
from __future__ import annotations

import pytest

from jixiao.formats.load import load
from jixiao.formats.search import available, search_path, shipped_root
from jixiao.render.compiled import shipped
from jixiao.render.lint import lint

from ..formats.test_formats import make_format


@pytest.mark.parametrize("name", available((shipped_root(),)))
def test_every_shipped_format_passes(name):
    fm = load(name, search_path())
    assert shipped(fm) and lint(fm) == []


def check(tmp_path, toml: str = "", **templates: str) -> list[str]:
    make_format(tmp_path, "某市", toml, **templates)
    fm = load("某市", (tmp_path,) + search_path())
    assert not shipped(fm)
    return [str(e) for e in lint(fm)]


def test_misspelt_words_key_is_an_error_at_its_line(tmp_path):
    problems = check(tmp_path, 'extends = "株洲2023"\n\n[words]\nentity = "单位"\nentiy = "单位"\n')
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path / '某市' / 'format.toml'}:5：")
    assert "“entiy”没有模板用到" in problems[0]


def test_text_outside_blocks_in_a_child_template(tmp_path):
    problems = check(tmp_path, "", report__txt__j2='{% extends "default/report.txt.j2" %}\n\n本段会丢\n'
                                                   '{% block other %}{% endblock %}\n')
    assert problems == [f"{tmp_path / '某市' / 'report.txt.j2'}:3：这一行在 block 之外：继承别的模板（extends）时，"
                        "block 之外的内容不会印出"]


def test_unclosed_if_in_an_unused_template_is_found(tmp_path):
    problems = check(tmp_path, "", extra__j2="第一行\n{% if year %}\n没有 endif\n")
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path / '某市' / 'extra.j2'}:2：模板有误：")  # the unclosed if's line


def test_undefined_name_and_misspelt_block(tmp_path):
    problems = check(tmp_path, "", report__txt__j2='{% extends "default/report.txt.j2" %}\n'
                                                   '{% block problms %}\n{{ yera }}\n{% endblock %}\n')
    path = tmp_path / "某市" / "report.txt.j2"
    assert f"{path}:3：名称“yera”没有定义（模板可用的数据见 docs/formats.md 4.3）" in problems
    assert any(p.startswith(f"{path}:2：block “problms”") for p in problems)


def test_an_error_only_sample_data_reaches(tmp_path):
    problems = check(tmp_path, "", report__txt__j2='{% for p in projects %}{{ p.nosuch }}{% endfor %}\n')
    assert len(problems) == 1 and f"{tmp_path / '某市' / 'report.txt.j2'}:1：模板有误：" in problems[0]
