"""`jixiao formats --check`, and one exit code and one message prefix for a format's fault in
every command (formats_cmd.FORMAT_FAULT_EXIT, FORMAT_FAULT)."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from jixiao.cli.formats_cmd import FORMAT_FAULT, FORMAT_FAULT_EXIT
from jixiao.cli.main import main

from ..conftest import EXAMPLES
from ..formats.test_formats import make_format, with_format

BROKEN = {"report__txt__j2": '{% extends "default/report.txt.j2" %}\n{% block other %}\n{% if year %}\n{% endblock %}\n'}


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def broken(tmp_path: Path) -> Path:
    make_format(tmp_path / "格式", "坏格式", 'extends = "default"\n', **BROKEN)
    return tmp_path / "格式"


def test_check_passes_a_good_format_and_names_its_chain():
    r = invoke("formats", "--check", "岳阳2024")
    assert r.exit_code == 0 and "报告格式“岳阳2024”检查通过（岳阳2024 ← default）" in r.output


def test_check_a_folder_lists_each_problem_at_file_and_line(tmp_path):
    folder = broken(tmp_path) / "坏格式"
    r = invoke("formats", "--check", str(folder))
    assert r.exit_code == FORMAT_FAULT_EXIT == 1
    assert f"错误 {folder / 'report.txt.j2'}:4：{FORMAT_FAULT}模板有误：" in r.output


def test_every_command_says_a_format_fault_the_same_way(tmp_path):
    formats = broken(tmp_path)
    wb = with_format(EXAMPLES["000"], tmp_path, "坏格式")
    where = f"{formats / '坏格式' / 'report.txt.j2'}:4：{FORMAT_FAULT}"
    runs = {
        "template": invoke("template", "--formats", str(formats), "--format", "坏格式", "-o", str(tmp_path / "t.xlsx")),
        "check": invoke("check", "--formats", str(formats), str(wb)),
        "build": invoke("build", "--formats", str(formats), str(wb), "-o", str(tmp_path / "out")),
    }
    assert runs
    for name, r in runs.items():
        assert (name, r.exit_code) == (name, FORMAT_FAULT_EXIT) and where in r.output, (name, r.output)
    assert not (tmp_path / "t.xlsx").exists() and not list((tmp_path / "out").glob("*.docx"))


def test_formats_marks_a_broken_format(tmp_path):
    r = invoke("formats", "--formats", str(broken(tmp_path)))
    line = next(x for x in r.output.splitlines() if x.startswith("坏格式"))
    assert r.exit_code == 0 and "有误" in line and "jixiao formats --check 坏格式" in line
    assert "有误" not in next(x for x in r.output.splitlines() if x.startswith("default"))


def test_an_unknown_name_is_a_format_fault_too():
    r = invoke("formats", "--check", "没有的格式")
    assert r.exit_code == FORMAT_FAULT_EXIT and f"{FORMAT_FAULT}报告格式“没有的格式”不存在" in r.output


def test_build_shows_a_few_warnings_then_the_count_of_the_rest(tmp_path, monkeypatch):
    from jixiao.cli import show
    monkeypatch.setattr(show, "SHOWN_WARNINGS", 2)
    r = invoke("build", str(EXAMPLES["003"]), "-o", str(tmp_path))
    shown = [x for x in r.output.splitlines() if x.startswith(("警告", "提示"))]
    assert r.exit_code == 0 and len(shown) == 2
    left = next(x for x in r.output.splitlines() if x.startswith("另有"))
    n = int(left[2:left.index("条")])
    assert n >= 2 and "加 -v 列出全部" in left
    everything = invoke("build", str(EXAMPLES["003"]), "-o", str(tmp_path / "v"), "-v")
    assert len([x for x in everything.output.splitlines() if x.startswith(("警告", "提示"))]) == 2 + n
