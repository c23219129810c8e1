"""The sandbox a format's templates run in (formats/sandbox.py): a hostile or broken template is
the format's fault, within bounds; and the clerk's text is escaped whatever object carries it."""
from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from jixiao.cli.main import main

from ..conftest import EXAMPLES
from .test_formats import make_format, with_format


HOSTILE = {
    "popen": "{{ cycler.__init__.__globals__.os.popen('touch PWNED') }}",
    "globals": "{{ joiner.__init__.__globals__['os'].system('touch PWNED') }}",
    "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "include_out": '{% include "../../../../../../etc/passwd" %}',
    "format": '{{ "{0.__class__}".format(unit) }}',
    "loop": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "memory": '{% set ns = namespace(s="x") %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
    "recursion": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "undefined": "\n\n{{ nope.x }}",
    "syntax": "\n{% if %}",
    "directive": "@rm -rf",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_or_broken_template_is_the_formats_fault(tmp_path, case, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = make_format(tmp_path / "formats", "坏格式", "", report__txt__j2="@title\n" + HOSTILE[case])
    if case == "include_out":
        (folder / "link.j2").symlink_to("/etc/passwd")
        (folder / "report.txt.j2").write_text('@title\n{% include "link.j2" %}', "utf-8")
    wb = with_format(EXAMPLES["001"], tmp_path, "坏格式")
    started = time.monotonic()
    r = CliRunner().invoke(main, ["build", str(wb), "-o", str(tmp_path / "out"), "--formats", str(tmp_path / "formats")])
    assert time.monotonic() - started < 30
    assert r.exit_code == 1, r.output
    assert "报告格式有误" in r.output and "内部错误" not in r.output and "Traceback" not in r.output, r.output
    assert str(folder) in r.output                              # the file is named
    if case in ("undefined", "syntax"):
        assert f"report.txt.j2:{HOSTILE[case].count(chr(10)) + 2}" in r.output, r.output   # and the line
    assert not (tmp_path / "PWNED").exists()
    assert not list((tmp_path / "out").glob("*.docx"))


# ---------------------------------------------------------------- the clerk's text is escaped, by type

CLERK_LINES = ("# 单位**甲**", "**产出**指标", "- 预期\\目标", "@title x")


def clerk_report(tmp_path, template: str):
    """`template` rendered through the real render path (format loaded, figures computed) from a
    workbook whose texts look like markup: the body paragraphs' texts and whether any is bold."""
    from decimal import Decimal as D

    from jixiao.formats.load import load
    from jixiao.formats.search import shipped_root
    from jixiao.model import Goal, Indicator, Info, Workbook
    from jixiao.render.report import render
    from jixiao.score.figures import compute

    make_format(tmp_path, "转义", '[parts]\ncover = false\nattachments = []\n',
                report__txt__j2="@title\n# 一\n" + template)
    fm = load("转义", (tmp_path, shipped_root()))
    wb = Workbook(info=Info(unit_name=CLERK_LINES[0], year=2023),
                  indicators=[Indicator(CLERK_LINES[1], "数量指标", "x", "1", "1", D(10), D(10))],
                  goals=[Goal(CLERK_LINES[2], CLERK_LINES[3])])
    report = render(wb, compute(wb, fm.scoring), fm)
    paragraphs = [b for s in report.sections for b in s.blocks if hasattr(b, "runs") and b.kind == "body"]
    assert paragraphs
    return [p.text for p in paragraphs], any(r.bold for p in paragraphs for r in p.runs)


@pytest.mark.parametrize("template, line", [
    ("{{ info.unit_name }}", CLERK_LINES[0]),                         # model.Info
    ("{{ goals[0].expected }}", CLERK_LINES[2]),                      # model.Goal
    ("{{ goals[0].achieved }}", CLERK_LINES[3]),
    ('{{ goals[0]["expected"] }}', CLERK_LINES[2]),                   # subscript reaches the attribute
    ('{{ goals|map(attribute="expected")|join }}', CLERK_LINES[2]),  # and so do the filters
    ("{{ ev.levels[0].name }}", CLERK_LINES[1]),                      # score.figures.Level1
    ("{{ ev.levels[0].rows[0].ind.level1 }}", CLERK_LINES[1]),        # figures.Scored → model.Indicator
    ("{{ fig.evaluation.levels[0].name }}", CLERK_LINES[1]),          # figures.Figures
])
def test_clerk_text_from_model_and_figures_is_escaped_through_render(tmp_path, template, line):
    texts, bold = clerk_report(tmp_path, template)
    assert line in texts, texts          # unescaped: a heading, bold, an item, a directive
    assert not bold


def test_a_dataclass_from_any_module_is_escaped(tmp_path):
    """Fail closed: escaping does not depend on where a type is defined."""
    import dataclasses

    from jixiao.formats.sandbox import new_environment

    Elsewhere = dataclasses.make_dataclass("Elsewhere", [("text", str), ("table", dict)],
                                           namespace={"__module__": "somewhere.new"})
    assert Elsewhere.__module__ == "somewhere.new"
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "t.j2").write_text('{{ x.text }}|{{ x["text"] }}|{{ [x]|map(attribute="text")|join }}|{{ x.table.k }}',
                                 "utf-8")     # x.text: "# a**b**"
    env = new_environment([("t", folder)], {})
    out = env.render(env.get_template("t.j2"), {"x": Elsewhere("# a**b**", {"k": "@c"})})
    assert out == "|".join([r"\# a\*\*b\*\*"] * 3 + [r"\@c"])


@pytest.mark.parametrize("source", ['{{ "{}".format(x) }}', '{{ "{0}".format_map([x]) }}', '{{ ("a" ~ x).format() }}'])
def test_str_format_is_refused_even_when_not_listed_as_unsafe(tmp_path, monkeypatch, source):
    from jinja2.sandbox import SecurityError

    from jixiao.formats import sandbox

    monkeypatch.setattr(sandbox, "_UNSAFE_STR_METHODS", frozenset())
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "t.j2").write_text(source, "utf-8")
    env = sandbox.new_environment([("t", folder)], {})
    with pytest.raises(SecurityError, match="不能使用字符串的 format"):
        env.render(env.get_template("t.j2"), {"x": "y"})
