"""Bounds that hold inside each operation of the sandbox (formats/bounds.py, formats/sandbox.py):
each limit at the limit (accepted) and one past it (refused before the work is done), the hostile
templates of the second round refused quickly and cheaply, and SIGTERM stopping a runaway
template within a second."""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time

import jinja2
import pytest

from jixiao.formats import bounds
from jixiao.formats.sandbox import LimitExceeded, TemplateTooBig, new_environment

from ..conftest import EXAMPLES
from .test_formats import make_format, with_format


def render(source: str, **context) -> str:
    env = new_environment([], {})
    return env.render(env.from_string(source), context)


def refused(source: str, match: str = "", **context) -> str:
    with pytest.raises((LimitExceeded, TemplateTooBig)) as info:
        render(source, **context)
    assert match in str(info.value), str(info.value)
    return str(info.value)


# ---------------------------------------------------------------- each limit: at it, and one past it

def test_format_width_at_and_past_the_limit():
    w = bounds.MAX_FORMAT_WIDTH
    assert len(render(f'{{{{ "%{w}d" % 1 }}}}')) == w
    refused(f'{{{{ "%{w + 1}d" % 1 }}}}', "格式宽度")
    assert len(render('{{ "%*d" % (w, 1) }}', w=w)) == w            # width given by *
    refused('{{ "%*d" % (w, 1) }}', "格式宽度", w=w + 1)
    assert render('{{ "%.*f" % (w, 1.0) }}', w=w) == "1." + "0" * w   # precision given by *
    refused('{{ "%.*f" % (w, 1.0) }}', "格式宽度", w=w + 1)


def test_the_issues_format_widths_are_refused_before_they_allocate():
    started = time.monotonic()
    refused('{{ "%*d" % (1000000000, 1) }}', "格式宽度")
    refused('{{ "%.*f" % (1000000000, 1) }}', "格式宽度")
    assert time.monotonic() - started < 1


def test_repetition_at_and_past_the_limit():
    n = bounds.MAX_TEMPLATE_STRING
    assert render('{{ ("x" * n)|length }}', n=n) == str(n)
    refused('{{ ("x" * n)|length }}', "过长", n=n + 1)
    # a list of references counts what it refers to: 2,000 × 1,000 characters is at the limit
    assert render('{{ ([s] * k)|length }}', s="x" * 1000, k=n // 1000) == str(n // 1000)
    refused('{{ ([s] * k)|length }}', "过长", s="x" * 1000 + "y", k=n // 1000)


def test_percent_mapping_is_sized_before_it_is_formatted():
    s = "x" * 2_000_000
    refused('{{ ("%(a)s" * 500) % {"a": s} }}', "过长", s=s)
    # at the limit: the format's own length plus each conversion's value
    fmt_len = len("%(a)s") * 4
    ok = "y" * ((bounds.MAX_TEMPLATE_STRING - fmt_len) // 4)
    assert len(render('{{ ("%(a)s" * 4) % {"a": s} }}', s=ok)) == 4 * len(ok)
    refused('{{ ("%(a)s" * 4) % {"a": s} }}', "过长", s=ok + "yy")


@pytest.mark.parametrize("source", [
    '{{ ([s] * 500)|join }}', '{{ ([s] * 500)|map("upper")|list|length }}', '{{ ([s] * 500)|string|length }}',
    '{{ ([s] * 500) ~ "" }}', '{{ [s] * 500 }}', '{{ t in [s] * 2000000 }}',
])
def test_joins_maps_strings_and_membership_are_refused_before_they_allocate(source):
    started = time.monotonic()
    refused(source, "过长", s="x" * 2_000_000, t="y" * 2_000_000)
    assert time.monotonic() - started < 2


def test_membership_in_a_long_list_is_counted_work():
    # a list at the size limit is searched (its work counted), a result comes back
    assert render('{{ "xz" in [s] * k }}', s="xy", k=bounds.MAX_TEMPLATE_STRING // 2) == "False"
    env = new_environment([], {})
    env.render(env.from_string('{{ "xz" in [s] * 1000000 }}'), {"s": "x"})
    assert env.allowance.steps >= 1_000_000 // bounds.WORK_PER_STEP


def test_sum_of_lists_counts_its_work():
    assert render("{{ ([[0] * 100] * 10)|sum(start=[])|length }}") == "1000"
    started = time.monotonic()
    refused("{{ ([[0] * 100] * 20000)|sum(start=[])|length }}", "步数")
    assert time.monotonic() - started < 5


def test_whole_numbers_at_and_past_the_limit():
    d = bounds.MAX_INT_DIGITS
    assert render('{{ (s|int + 0)|string|length }}', s="9" * d) == str(d)
    refused('{{ (s|int + 1)|string|length }}', "整数过大", s="9" * d)
    started = time.monotonic()       # a squaring loop stops at once, not after the time limit
    refused('{% set ns = namespace(x=3) %}{% for i in range(100) %}{% set ns.x = ns.x * ns.x %}{% endfor %}',
            "整数过大")
    assert time.monotonic() - started < 1


def test_nested_lists_at_and_past_the_limit():
    n = bounds.MAX_TEMPLATE_NESTING
    loop = '{% set ns = namespace(x=1) %}{% for i in range(k) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x|length }}'
    assert render(loop, k=n) == "1"              # n lists, each inside the one before
    refused(loop, "嵌套过深", k=n + 1)


def test_rendered_lines_and_characters_at_and_past_the_limit():
    lines = bounds.MAX_RENDERED_LINES
    assert render("{{ nl * k }}", nl="\n", k=lines).count("\n") == lines
    refused("{{ nl * k }}{{ nl }}", "行", nl="\n", k=lines)
    chars = bounds.MAX_RENDERED_CHARS
    per = bounds.MAX_TEMPLATE_STRING
    assert len(render("{% for i in range(k) %}{{ s }}{% endfor %}", s="x" * per, k=chars // per)) == chars
    refused("{% for i in range(k) %}{{ s }}{% endfor %}x", "字符", s="x" * per, k=chars // per)


def test_bold_marks_at_and_past_the_limit():
    marks = bounds.MAX_RENDERED_MARKS
    assert render("{{ s * k }}", s="*", k=marks).count("*") == marks
    refused("{{ s * k }}{{ s }}", "粗体", s="*", k=marks)


# ---------------------------------------------------------------- what compiling may cost

def _tokens(source: str) -> int:
    lexer = new_environment([], {}).lexer
    return sum(1 for _, kind, _ in lexer.tokeniter(source, None) if kind != "whitespace")


def _nodes(source: str) -> int:
    return 1 + sum(1 for _ in jinja2.Environment().parse(source).find_all(jinja2.nodes.Node))


def test_template_tokens_at_and_past_the_limit():
    limit = bounds.MAX_TEMPLATE_TOKENS
    source = "{#c#}x" * (limit // 4)       # a comment (3 tokens) and text (1 token)
    assert _tokens(source) == limit
    env = new_environment([], {})
    env.from_string(source)
    with pytest.raises(TemplateTooBig, match="记号"):
        env.from_string(source + "{#c#}")


def test_template_nodes_at_and_past_the_limit():
    limit = bounds.MAX_TEMPLATE_NODES
    source = "{{a" + ",a" * (limit - 4) + "}}"        # the template, its output, a tuple and its names
    assert _nodes(source) == limit, _nodes(source)
    env = new_environment([], {})
    env.from_string(source)
    with pytest.raises(TemplateTooBig, match="语法节点"):
        env.from_string(source[:-2] + ",a}}")


@pytest.mark.parametrize("unit", [("{% if a %}", "{% endif %}"), ("(", ")"), ("[", "]")])
def test_template_nesting_at_and_past_the_limit(unit):
    n = bounds.MAX_TEMPLATE_NESTING
    wrap = (lambda k: "{{ " + unit[0] * k + "a" + unit[1] * k + " }}") if unit[0] != "{% if a %}" else \
        (lambda k: unit[0] * k + "x" + unit[1] * k)
    env = new_environment([], {})
    env.from_string(wrap(n))
    with pytest.raises(TemplateTooBig, match="嵌套过深"):
        env.from_string(wrap(n + 1))


def test_five_thousand_nested_ifs_are_nesting_not_macro_recursion(tmp_path, monkeypatch):
    """Borderline decided: deep nesting is its own message, at the template's file and line."""
    from click.testing import CliRunner

    from jixiao.cli.main import main
    monkeypatch.chdir(tmp_path)
    folder = make_format(tmp_path / "formats", "深", "",
                         report__txt__j2="@title\n" + "{% if true %}" * 5000 + "x" + "{% endif %}" * 5000)
    wb = with_format(EXAMPLES["001"], tmp_path, "深")
    r = CliRunner().invoke(main, ["build", str(wb), "-o", "out", "--formats", str(tmp_path / "formats")])
    assert r.exit_code == 1
    assert f"{folder / 'report.txt.j2'}:2" in r.output and "嵌套过深" in r.output, r.output
    assert "递归" not in r.output and "内部错误" not in r.output


# ---------------------------------------------------------------- in a child: memory and time

HOSTILE = {
    "width": '{{ "%*d" % (1000000000, 1) }}',
    "precision": '{{ "%.*f" % (1000000000, 1) }}',
    "join": '{% set s = "x" * 2000000 %}{{ ([s] * 500)|join }}',
    "map": '{% set s = "x" * 2000000 %}{{ ([s] * 500)|map("upper")|list }}',
    "string": '{% set s = "x" * 2000000 %}{{ ([s] * 500)|string }}',
    "mapping": '{% set s = "x" * 2000000 %}{{ ("%(a)s" * 500) % {"a": s} }}',
    "sum": "{{ ([[0] * 100] * 20000)|sum(start=[]) }}",
    "membership": '{% set s = "x" * 1999999 ~ "y" %}{{ ("x" * 1999999 ~ "z") in [s] * 2000000 }}',
    "squaring": '{% set ns = namespace(x=3) %}{% for i in range(100) %}{% set ns.x = ns.x * ns.x %}{% endfor %}',
    "replace_map": '{% set s = "y" * 2000000 %}{{ (["a"] * 2000000)|map("replace", "a", s)|list }}',
    "headings": "{% for i in range(500000) %}# 一\n# 二\n{% endfor %}",
    "bold": '{% set s = "**甲**" * 40 %}{% for i in range(99000) %}{{ s }}\n{% endfor %}',
    "compile": "{{ a }}\n" * 130000,
}


def _render_in_child(source: str):
    from tests.read.test_read_limits import in_child

    def run():
        resource.setrlimit(resource.RLIMIT_AS, (500 << 20, 500 << 20))
        try:
            render(source, a=1)
        except (LimitExceeded, TemplateTooBig) as e:
            return str(e)
        return "rendered"
    return in_child(run, timeout=60)


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_templates_stop_under_500_mb_and_25_s(case):
    said, seconds, _ = _render_in_child(HOSTILE[case])
    assert said != "rendered"
    assert seconds < 25, (case, seconds)


def _build_in_child(tmp_path, template: str):
    from tests.read.test_read_limits import in_child

    from jixiao.build import build
    folder = make_format(tmp_path / "formats", "大", "", report__txt__j2="@title\n" + template)
    wb = with_format(EXAMPLES["001"], tmp_path, "大")

    def run():
        resource.setrlimit(resource.RLIMIT_AS, (1200 << 20, 1200 << 20))   # the interpreter's own share
        out = build(wb, (folder.parent,))
        return out.ok, len(out.data or b""), [str(m) for m in out.messages if m.is_error][:1]
    return in_child(run, timeout=60)


@pytest.mark.slow
@pytest.mark.parametrize("template", [
    "{% for i in range(49990) %}# 一\n# 二\n{% endfor %}",                     # lines at the limit
    '{% set s = "甲" * 100 %}{% for i in range(99000) %}{{ s }}\n{% endfor %}',  # characters near it
    '{% set s = "**甲**" * 2 %}{% for i in range(49000) %}{{ s }}\n{% endfor %}',  # bold runs near it
])
def test_the_largest_document_a_template_may_emit_builds_under_500_mb_and_25_s(tmp_path, template):
    (ok, size, errors), seconds, peak_mb = _build_in_child(tmp_path, template)
    assert ok and size, errors
    assert seconds < 25 and peak_mb < 500, (seconds, peak_mb)


@pytest.mark.slow
def test_sigterm_and_the_time_limit_stop_a_runaway_template_within_a_second(tmp_path):
    folder = make_format(tmp_path / "formats", "慢", "", report__txt__j2=(
        '@title\n{% set big = ["x" * 1000] * 1999 %}{% for i in range(100000) %}{% for j in range(100000) %}'
        '{% if ("x" * 999 ~ "y") in big %}y{% endif %}{% endfor %}{% endfor %}\n'))
    wb = with_format(EXAMPLES["001"], tmp_path, "慢")
    cmd = [sys.executable, "-m", "jixiao.cli.main", "build", str(wb), "-o", str(tmp_path / "out"),
           "--formats", str(folder.parent)]
    # the step limit lifted, so that only SIGTERM (then the time limit) can end this template
    code = ("import sys; from jixiao.formats import bounds; bounds.MAX_TEMPLATE_STEPS = 10 ** 12; "
            "from jixiao.cli.main import main; sys.argv[0] = 'jixiao'; main()")
    cmd = [sys.executable, "-c", code] + cmd[3:]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUTF8": "1"})
    time.sleep(3)
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 1.0
    assert proc.returncode == 128 + signal.SIGTERM, (out, err)
    assert "Traceback" not in err.decode()
    # the time limit: the same template, a 2-second limit (bounds.MAX_RENDER_SECONDS patched)
    code = ("import sys; from jixiao.formats import bounds; bounds.MAX_RENDER_SECONDS = 2; "
            "bounds.MAX_TEMPLATE_STEPS = 10 ** 12; "
            "from jixiao.cli.main import main; sys.argv[0] = 'jixiao'; main()")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code] + cmd[3:], capture_output=True, timeout=60)
    assert time.monotonic() - started < 2 + 5          # the limit, a second, and starting Python
    assert done.returncode == 1 and "超过2秒" in done.stdout.decode() + done.stderr.decode()
