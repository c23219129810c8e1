"""A bureau's folder end to end (batch.py over inputs, pool, publish, show): every good report
written, each failure its own, the same reports from a pool as one by one, and what changed."""
from __future__ import annotations

import pytest

import os
import stat
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli.main import main

from ..conftest import EXAMPLES
from ..variants import workbook

pytestmark = pytest.mark.many_reports       # the same example under other names, several a test


def run_cli(*args: str):
    r = CliRunner().invoke(main, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    assert "Traceback" not in r.output, r.output
    assert not any(ln.startswith(("Error:", "Usage:")) for ln in r.output.splitlines()), r.output
    return r


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


# ---------------------------------------------------------------- a bureau's folder

def test_a_bureau_folder_with_a_broken_and_an_unreadable_workbook(tmp_path, monkeypatch):
    folder = tmp_path / "各单位"
    for i in range(6):
        workbook(folder / f"{i:02d}.xlsx", f"第{i}街道办事处", example="000" if i % 2 else "001")
    (folder / "07坏.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    unreadable = workbook(folder / "08锁.xlsx", "不可读单位")
    workbook(folder / "子文件夹" / "09.xlsx", "子单位")
    (folder / "~$00.xlsx").write_bytes(b"owner")
    if os.geteuid() == 0:                        # root reads anything: make the file fail to open
        def refused(open_):
            def guarded(path, *a, **k):
                if str(path).endswith("08锁.xlsx"):
                    raise PermissionError(13, "Permission denied", str(path))
                return open_(path, *a, **k)
            return guarded
        monkeypatch.setattr(os, "open", refused(os.open))
        monkeypatch.setattr("builtins.open", refused(open))
    else:
        unreadable.chmod(0)
    out = tmp_path / "out"
    r = run_cli("build", str(folder), "-o", str(out), "-j", "1")
    assert r.exit_code == 1
    assert len(files(out)) == 7                    # every good report, the sub-folder's included
    table = r.stdout
    assert "07坏.xlsx" in table and "08锁.xlsx" in table and "无法读取 2" in table
    assert "新生成 7" in table
    for line in r.stderr.splitlines():
        if line.startswith("[") and "错误" in line:
            assert "07坏" in line or "08锁" in line
    assert "生成报告" in r.stderr                  # the progress bar's label (not a terminal: no bar)


def test_batch_with_a_pool_writes_the_same_reports_as_one_by_one(tmp_path):
    paths = [workbook(tmp_path / "in" / f"{i}.xlsx", f"单位{i}", example=("000", "001", "003")[i % 3])
             for i in range(5)]
    r1 = run_cli("build", *map(str, paths), "-o", str(tmp_path / "o1"), "-j", "1")
    r2 = run_cli("build", str(tmp_path / "in"), "-o", str(tmp_path / "o2"), "-j", "2")
    assert r1.exit_code == r2.exit_code == 0
    assert files(tmp_path / "o1") == files(tmp_path / "o2") and len(files(tmp_path / "o1")) == 5
    r3 = run_cli("build", str(tmp_path / "in"), "-o", str(tmp_path / "o2"), "-j", "2")
    assert "无变化 5" in r3.stdout


def test_batch_rebuild_says_what_changed_in_one_line_per_workbook(tmp_path):
    a = workbook(tmp_path / "in" / "a.xlsx", "甲")
    workbook(tmp_path / "in" / "b.xlsx", "乙")
    out = tmp_path / "out"
    run_cli("build", str(tmp_path / "in"), "-o", str(out))
    workbook(a, "甲", edits=(("资金情况", "B3", 1985.40),))
    r = run_cli("build", str(tmp_path / "in"), "-o", str(out))
    assert r.exit_code == 0
    (line,) = [ln for ln in r.stdout.splitlines() if ln.startswith(str(a))]
    assert "已更新" in line and "数字 4 处，段落 2 处" in line
    assert "1890.40 → 1985.40" not in r.output                     # details only with -v
    workbook(a, "甲", edits=(("资金情况", "B3", 2085.40),))
    r = run_cli("build", str(tmp_path / "in"), "-o", str(out), "-v")
    assert f"[{a}]   资金情况 全年预算数 1985.40 → 2085.40" in r.stdout


def test_many_failures_are_listed_after_the_table(tmp_path):
    bad = []
    for i in range(22):
        bad.append(tmp_path / f"{i:02d}.xlsx")
        bad[-1].write_bytes(b"junk")
    r = run_cli("check", *map(str, bad))
    assert r.exit_code == 1 and "有错误的工作簿：" in r.stderr and "无法读取 22" in r.stdout


def test_read_only_target_folder_is_one_line(tmp_path, monkeypatch):
    out = tmp_path / "ro"
    out.mkdir()
    if os.geteuid() == 0:
        import jixiao.cli.files as output

        def refuse(*a, **k):
            raise PermissionError(13, "Permission denied")
        monkeypatch.setattr(output.tempfile, "mkstemp", refuse)
    else:
        out.chmod(stat.S_IRUSR | stat.S_IXUSR)
    r = run_cli("build", str(EXAMPLES["000"]), "-o", str(out))
    assert r.exit_code == 2
    assert r.output.strip().splitlines() == [f"错误 输出文件夹 {out} 不能写入（没有权限）。请换一个输出位置（-o），"
                                             "或让管理员开放写入权限。"]
