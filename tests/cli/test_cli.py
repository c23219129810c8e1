"""The `jixiao` command through click's CliRunner: arguments, options, exit codes, and what happens
to the files in the output folder."""
from __future__ import annotations

import os
import re
import time

import pytest
from click.testing import CliRunner

import jixiao.cli.main
from jixiao.cli import batch, pdf, pool
from jixiao.cli import files as output
from jixiao.cli.main import BUILD_OPTIONS, WORKBOOK_PARAMS, main

from ..conftest import EXAMPLES
from .test_pdf import fake_soffice
from ..variants import workbook

REPORT = "2023年度株洲市芦淞区贺家土街道办事处整体支出绩效自评报告.docx"


def invoke(*args: str):
    r = CliRunner().invoke(main, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    assert "Traceback" not in r.output
    return r


def one_chinese_line(r, code: int = 2) -> str:
    """The command failed with one line, in Chinese, and no click usage text."""
    assert r.exit_code == code, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误 "), r.output
    assert not any(w in r.output for w in ("Usage:", "Error:", "Try ", "Missing", "No such", "invalid"))
    return lines[0]


# ---------------------------------------------------------------- bad arguments

@pytest.mark.parametrize("args, says", [
    (["build"], "请指定工作簿或文件夹"),
    (["check"], "请指定工作簿或文件夹"),
    (["summary"], "请指定工作簿或文件夹"),
    (["build", "x.xlsx", "-j", "0"], "-j 的值不对：应为不小于 1 的整数"),
    (["build", "x.xlsx", "--jobs", "很多"], "的值不对：应为不小于 1 的整数（同时处理的进程数），而不是“很多”"),
    (["build", "x.xlsx", "--nope"], "没有选项 --nope"),
    (["build", "x.xlsx", "--outpt", "d"], "没有选项 --outpt（是不是 --output？）"),
    (["build", "x.xlsx", "-o"], "选项 -o 后面缺少值"),
    (["buld", "x.xlsx"], "没有命令 buld；可用的命令：build、check、formats、rollover、serve、summary、template"),
    (["--frobnicate"], "没有选项 --frobnicate"),
    (["template", "--nope"], "没有选项 --nope"),
    (["rollover"], "缺少参数 上年工作簿"),
])
def test_bad_arguments_are_one_chinese_line(args, says):
    line = one_chinese_line(invoke(*args))
    assert says in line, line


def test_output_folder_that_cannot_be_created(tmp_path):
    (tmp_path / "file").write_text("x")
    line = one_chinese_line(invoke("build", str(EXAMPLES["000"]), "-o", str(tmp_path / "file" / "out")))
    assert "无法创建输出文件夹" in line
    line = one_chinese_line(invoke("build", str(EXAMPLES["000"]), "-o", str(tmp_path / "file")))
    assert "不是文件夹" in line


def test_help_lists_the_options():
    r = invoke("build", "-h")
    assert r.exit_code == 0 and "-j, --jobs" in r.output and "--pdf" in r.output and "--summary" in r.output
    assert "工作簿或文件夹..." in r.output


def test_options_for_the_build_are_declared_once():
    """build, check and summary share their workbook options: one more is one line."""
    for name in ("build", "check", "summary"):
        params = {p.name for p in main.commands[name].params}
        assert {"inputs", "jobs", "verbose"} <= params
    assert len(WORKBOOK_PARAMS) == 3
    for name in ("build", "check", "summary"):
        assert "format_dirs" in {p.name for p in main.commands[name].params}
    assert len(BUILD_OPTIONS) == 1


@pytest.mark.parametrize("command", ["build", "check", "summary"])
def test_a_further_option_reaches_every_build(tmp_path, monkeypatch, command):
    """Every option of BUILD_OPTIONS reaches build.build(path, name=value) (--formats DIR is one)."""
    import click
    seen = []

    def spy(path, **options):
        seen.append(options)
        return jixiao.build.build(path)
    monkeypatch.setattr(jixiao.cli.main, "build", spy)
    monkeypatch.setattr(jixiao.cli.main, "analyse", lambda path, **options: (seen.append(options),
                                                                       jixiao.build.analyse(path))[1])
    cmd = main.commands[command]
    monkeypatch.setattr(cmd, "params", cmd.params + [click.Option(["--extra"], default=None)])
    (tmp_path / "formats").mkdir()
    common = ["--extra", "省厅", "--formats", str(tmp_path / "formats")]
    r = invoke(command, str(EXAMPLES["000"]), str(EXAMPLES["001"]), *common, "-j", "1",
               "-o", str(tmp_path / ("汇总.xlsx" if command == "summary" else "out"))
               ) if command != "check" else invoke(command, str(EXAMPLES["000"]), *common)
    assert r.exit_code == 0, r.output
    assert seen and all(o == {"extra": "省厅", "format_dirs": (tmp_path / "formats",)} for o in seen)


def test_formats_must_be_a_folder(tmp_path):
    line = one_chinese_line(invoke("build", str(EXAMPLES["000"]), "--formats", str(tmp_path / "没有")))
    assert f"--formats 指定的 {tmp_path / '没有'} 不是文件夹" in line


# ---------------------------------------------------------------- one workbook: the clerk

def test_build_and_rebuild_one_workbook(tmp_path):
    r = invoke("build", str(EXAMPLES["000"]), "-o", str(tmp_path))
    assert r.exit_code == 0
    assert r.stdout.splitlines() == [f"{EXAMPLES['000']} → {tmp_path / REPORT}（新生成）  总分 99.00，等级 优；有 3 个警告（见上），请核对"]
    assert "警告 资金情况!B1" in r.stderr and "生成报告" not in r.stderr       # no progress bar for one
    r = invoke("build", str(EXAMPLES["000"]), "-o", str(tmp_path))
    assert "（内容无变化）" in r.stdout
    assert [p.name for p in tmp_path.iterdir()] == [REPORT]


def test_a_workbook_with_errors_writes_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / REPORT).write_bytes(b"last year's")
    bad = workbook(tmp_path / "bad.xlsx", "株洲市芦淞区贺家土街道办事处", edits=(("绩效指标", "G2", 999),))
    r = invoke("build", str(bad), "-o", str(out))
    assert r.exit_code == 1 and "有错误，未生成报告（原有报告保持不变）" in r.stderr
    assert (out / REPORT).read_bytes() == b"last year's"


def test_a_read_only_previous_report_is_refused(tmp_path):
    out = tmp_path / "out"
    invoke("build", str(EXAMPLES["000"]), "-o", str(out))
    target = out / REPORT
    target.chmod(0o444)
    r = invoke("build", str(EXAMPLES["000"]), "-o", str(out))
    assert r.exit_code == 0 and "（内容无变化）" in r.stdout                  # nothing to replace
    old = target.read_bytes()
    changed = workbook(tmp_path / "m.xlsx", "株洲市芦淞区贺家土街道办事处", edits=(("资金情况", "B3", 1985.40),))
    r = invoke("build", str(changed), "-o", str(out))
    assert r.exit_code == 1
    assert f"错误 原报告 {REPORT} 是只读文件，没有替换（新报告未写入）。如需更新，请先取消该文件的“只读”属性后重试。" in r.stderr
    assert target.read_bytes() == old and target.stat().st_mode & 0o777 == 0o444
    assert [p.name for p in out.iterdir()] == [REPORT]


def test_a_report_open_in_word_is_left_whole_and_the_clerk_told(tmp_path, monkeypatch):
    out = tmp_path / "out"
    invoke("build", str(EXAMPLES["000"]), "-o", str(out))
    old = (out / REPORT).read_bytes()

    def word_has_it(src, dst):
        raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(dst))
    monkeypatch.setattr(output.os, "replace", word_has_it)
    changed = workbook(tmp_path / "m.xlsx", "株洲市芦淞区贺家土街道办事处", edits=(("资金情况", "B3", 1985.40),))
    r = invoke("build", str(changed), "-o", str(out))
    assert r.exit_code == 1
    assert "可能正在 Word/WPS/Excel 中打开" in r.stderr and "原报告保持不变；请关闭该文件后重试" in r.stderr
    assert (out / REPORT).read_bytes() == old and [p.name for p in out.iterdir()] == [REPORT]


def test_build_removes_stale_temp_files_of_a_killed_save(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    stale, fresh = out / f".{REPORT}.jixiao-k1ll3d00.tmp", out / f".{REPORT}.jixiao-l1v3s4v3.tmp"
    theirs = out / f".{REPORT}.abcdefgh.tmp"
    for p in (stale, fresh, theirs):
        p.write_bytes(b"half a report")
    old = time.time() - output.STALE_TEMP_SECONDS - 5
    os.utime(stale, (old, old))
    os.utime(theirs, (old, old))
    assert invoke("build", str(EXAMPLES["000"]), "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([REPORT, fresh.name, theirs.name])


def test_a_failed_pdf_never_leaves_a_stale_pdf_beside_a_new_report(tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(pdf.shutil, "which", lambda name: fake_soffice(tmp_path, works=True))
    r = invoke("build", str(EXAMPLES["000"]), "-o", str(out), "--pdf")
    assert r.exit_code == 0 and f"  PDF → {out / REPORT.replace('.docx', '.pdf')}" in r.stdout
    assert (out / REPORT.replace(".docx", ".pdf")).is_file()
    monkeypatch.setattr(pdf.shutil, "which", lambda name: fake_soffice(tmp_path, works=False))
    changed = workbook(tmp_path / "m.xlsx", "株洲市芦淞区贺家土街道办事处", edits=(("资金情况", "B3", 1985.40),))
    r = invoke("build", str(changed), "-o", str(out), "--pdf")
    assert r.exit_code == 1 and "（已更新）" in r.stdout and "错误 LibreOffice 转换 PDF 失败" in r.stderr
    assert [p.name for p in out.iterdir()] == [REPORT]


def test_pdf_of_an_unchanged_report_is_kept_when_current(tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(pdf.shutil, "which", lambda name: fake_soffice(tmp_path, works=True))
    invoke("build", str(EXAMPLES["000"]), "-o", str(out), "--pdf")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: fake_soffice(tmp_path, works=False))
    r = invoke("build", str(EXAMPLES["000"]), "-o", str(out), "--pdf")
    assert r.exit_code == 0 and (out / REPORT.replace(".docx", ".pdf")).is_file()


def test_batch_pdfs(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: fake_soffice(tmp_path, works=True))
    r = invoke("build", *map(str, EXAMPLES.values()), "-o", str(tmp_path / "out"), "--pdf")
    assert r.exit_code == 0 and len(list((tmp_path / "out").glob("*.pdf"))) == 3


def test_ctrl_c_is_one_line(tmp_path, monkeypatch):
    def interrupted(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(batch, "build_reports", interrupted)
    r = invoke("build", str(EXAMPLES["000"]), "-o", str(tmp_path))
    assert r.exit_code == 130 and r.output.strip() == "错误 已中断。已写入的报告保留，其余工作簿未处理。"


# ---------------------------------------------------------------- check

def test_check_one_and_many(tmp_path):
    r = invoke("check", str(EXAMPLES["001"]))
    assert r.exit_code == 0
    assert r.stdout.splitlines()[-1].startswith(f"{EXAMPLES['001']}：0 个错误，3 个警告；总分 94.87，等级 优")
    bad = tmp_path / "坏.xlsx"
    bad.write_text("x")
    r = invoke("check", str(EXAMPLES["001"]), str(bad), "-j", "2")
    assert r.exit_code == 1
    # check's messages are its output: on stdout, so `jixiao check … > 结果.txt` keeps them all
    assert f"[{EXAMPLES['001']}] 警告 资金情况!B" in r.stdout and f"[{bad}] 错误" in r.stdout
    assert "共 2 个工作簿：可生成（有警告） 1，无法读取 1。" in r.stdout
    assert not list(tmp_path.glob("*.docx"))


# ---------------------------------------------------------------- click's own texts, in Chinese

CLICK_ENGLISH = ("Usage:", "Options:", "Commands:", "Arguments:", "Show this message and exit.",
                 "Show the version and exit.", "[default:", "Error:", "[OPTIONS]", "COMMAND [ARGS]",
                 "PATH", "Try ", "Aborted")


@pytest.mark.parametrize("args", [["--help"], ["-h"], [], ["build", "-h"], ["check", "-h"], ["summary", "-h"],
                                  ["template", "-h"], ["rollover", "-h"], ["formats", "--help"], ["--version"]])
def test_help_and_version_are_chinese(args):
    r = invoke(*args)
    assert r.exit_code in (0, 2), r.output
    assert not [w for w in CLICK_ENGLISH if w in r.output], r.output
    if args != ["--version"]:
        assert r.output.startswith("用法：") and "选项：" in r.output and "显示本帮助并退出" in r.output
    else:
        assert r.output.strip().endswith(" 版本 0.1.0")


def test_help_columns_line_up_by_terminal_width():
    """Chinese metavars take two columns each: every option's text starts in the same column."""
    from jixiao.cli.console import display_width
    lines = invoke("build", "-h").output.splitlines()
    options = lines[lines.index("选项：") + 1:]
    starts = set()
    for line in options:
        if line.startswith("  -"):
            term, rest = line[2:].split("  ", 1)
            starts.add(2 + display_width(term) + 2 + len(rest) - len(rest.lstrip()))
    assert len(starts) == 1, options


@pytest.mark.parametrize("args, option", [
    (["build", "x.xlsx", "-o", ""], "-o"),
    (["build", "x.xlsx", "--summary", ""], "--summary"),
    (["summary", "x.xlsx", "-o", ""], "-o"),
    (["template", "-o", ""], "-o"),
    (["rollover", "x.xlsx", "-o", " "], "-o"),
])
def test_an_empty_output_path_is_an_error(tmp_path, monkeypatch, args, option):
    monkeypatch.chdir(tmp_path)
    line = one_chinese_line(invoke(*args))
    assert f"{option} 的值不对：不能为空" in line
    assert list(tmp_path.iterdir()) == []                 # nothing written into the current folder


def test_jobs_are_capped_at_the_cpus_and_the_clerk_told(tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "default_jobs", lambda: 2)
    started = []
    real = pool._pool
    monkeypatch.setattr(pool, "_pool", lambda jobs: (started.append(jobs), real(jobs))[1])
    books = [workbook(tmp_path / f"{i}.xlsx", f"第{i}街道办事处") for i in range(4)]
    r = invoke("check", *map(str, books), "-j", "99999")
    assert r.exit_code == 0, r.output
    assert "提示 -j 99999 超过本机可用的 CPU 核数（2），按 -j 2 运行。" in r.stderr
    assert started == [2]
    assert pool.max_jobs() == 2 * pool.JOBS_PER_CPU
    r = invoke("check", *map(str, books), "-j", "2")
    assert "超过本机可用的 CPU 核数" not in r.output


# ---------------------------------------------------------------- report names and paths

@pytest.mark.parametrize("name, safe", [
    ("CON", "_CON.docx"), ("con", "_con.docx"), ("Nul.报告", "_Nul.报告.docx"), ("AUX ", "_AUX.docx"),
    ("com1", "_com1.docx"), ("LPT9.x.y", "_LPT9.x.y.docx"), ("COM¹", "_COM¹.docx"), ("CONIN$", "_CONIN$.docx"),
    ("PRN.", "_PRN.docx"), ("PRN..", "PRN_.docx"), ("报告. . ", "报告.docx"), ("CONSOLE", "CONSOLE.docx"), ("COM10", "COM10.docx"),
    ("甲/乙\\丙:丁", "甲_乙_丙_丁.docx"), ("\x1b]0;T\x07", "_]0;T_.docx"), ("..", "_.docx"), (" . ", "整体支出绩效自评报告.docx"),
])
def test_safe_filename(name, safe):
    from jixiao.filenames import safe_filename
    assert safe_filename(name) == safe


def test_a_format_naming_reports_by_the_unit_alone_never_makes_a_device_name(tmp_path):
    """file_name "{unit}" and a unit called CON: Windows would open the console, not a file."""
    from ..formats.test_formats import make_format, with_format
    make_format(tmp_path / "formats", "某市2025", 'extends = "株洲2023"\n[report]\nfile_name = "{unit}"\n')
    book = with_format(workbook(tmp_path / "src" / "con.xlsx", "CON"), tmp_path, "某市2025")
    r = invoke("build", str(book), "-o", str(tmp_path / "out"), "--formats", str(tmp_path / "formats"))
    assert r.exit_code == 0, r.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["_CON.docx"]


def test_a_link_in_the_reports_place_is_refused_and_its_target_untouched(tmp_path):
    """A symbolic link at the report's path (to a setuid program, say) is neither followed nor
    replaced: the clerk is told, the link's target keeps its bytes and mode."""
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "passwd"
    victim.write_bytes(b"root:x:0:0")
    victim.chmod(0o4755)
    (out / REPORT).symlink_to(victim)
    r = invoke("build", str(EXAMPLES["000"]), "-o", str(out))
    assert r.exit_code == 1
    assert f"{REPORT} 是指向 {victim} 的链接（快捷方式），没有替换" in r.stderr and "请删除这个链接后重试" in r.stderr
    assert victim.read_bytes() == b"root:x:0:0" and victim.stat().st_mode & 0o7777 == 0o4755
    assert (out / REPORT).is_symlink() and [p.name for p in out.iterdir()] == [REPORT]


def test_a_control_character_in_a_file_name_never_reaches_the_terminal(tmp_path):
    odd = tmp_path / "in" / "\x1b]0;TITLE\x07甲\r.xlsx"
    workbook(odd, "甲街道办事处")
    plain = workbook(tmp_path / "in" / "乙.xlsx", "乙街道办事处")
    for args in (["build", str(odd), "-o", str(tmp_path / "out")],
                 ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out2")],
                 ["check", str(odd), str(plain)], ["summary", str(tmp_path / "in"), "-o", str(tmp_path / "s.xlsx")]):
        r = invoke(*args)
        assert r.exit_code == 0, r.output
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", r.output), repr(r.output)
        assert args[0] == "summary" or "?]0;TITLE?甲?.xlsx" in r.output, r.output


def test_console_printable():
    from jixiao.cli.console import printable
    assert printable("a\x1b[31mb\x9bc\u202ed\te\nf") == "a?[31mb?c?d\te\nf"
    assert printable("a\tb\nc", lines=False) == "a?b?c"
