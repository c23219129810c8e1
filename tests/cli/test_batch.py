"""batch.py: folders of workbooks on a process pool, each failure its own, reports committed in
the order given with no file written twice in a run."""
from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import batch
from jixiao.cli.batch import Item, Job, Result
from jixiao.build import Outcome, build
from jixiao.cli.main import main

from ..conftest import EXAMPLES
from ..variants import report_name, workbook

pytestmark = pytest.mark.many_reports       # the same example under other names, several a test


def run_cli(*args: str):
    r = CliRunner().invoke(main, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    assert "Traceback" not in r.output, r.output
    assert not any(ln.startswith(("Error:", "Usage:")) for ln in r.output.splitlines()), r.output
    return r


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


# ---------------------------------------------------------------- collecting the arguments

def test_folders_are_searched_recursively_in_order_skipping_lock_files_and_other_files(tmp_path):
    a = workbook(tmp_path / "in" / "b.xlsx", "乙")
    b = workbook(tmp_path / "in" / "a" / "z.xlsx", "甲")
    (tmp_path / "in" / "~$b.xlsx").write_bytes(b"lock")          # Excel/WPS lock file
    (tmp_path / "in" / "._b.xlsx").write_bytes(b"mac fork")      # macOS resource fork
    (tmp_path / "in" / ".~lock.b.xlsx#").write_text("lo")        # LibreOffice lock file
    (tmp_path / "in" / "说明.txt").write_text("not a workbook")
    (tmp_path / "in" / "报告.docx").write_bytes(b"")
    (tmp_path / "in" / ".hidden").mkdir()
    workbook(tmp_path / "in" / ".hidden" / "x.xlsx", "丙")
    items = batch.collect([tmp_path / "in"])
    assert [i.path for i in items] == [b, a]           # a/z.xlsx before b.xlsx, as sorted paths
    assert all(i.problem is None for i in items)


def test_a_workbook_given_twice_or_through_its_folder_is_built_once(tmp_path):
    a = workbook(tmp_path / "in" / "a.xlsx", "甲")
    items = batch.collect([a, tmp_path / "in", Path(str(a).replace("/in/", "/in/./"))])
    assert [i.path for i in items] == [a]


def test_special_files_in_a_folder_are_named_never_opened(tmp_path):
    folder = tmp_path / "in"
    workbook(folder / "a.xlsx", "甲")
    os.mkfifo(folder / "管道.xlsx")
    items = batch.collect([folder])
    problems = [i for i in items if i.problem is not None]
    assert len(problems) == 1 and "命名管道" in problems[0].problem.what


def test_an_empty_folder_is_one_error(tmp_path):
    (tmp_path / "empty").mkdir()
    (item,) = batch.collect([tmp_path / "empty"])
    assert item.problem is not None and "没有工作簿" in item.problem.what


def test_file_arguments_go_to_the_reader_as_they_are(tmp_path):
    """Missing files, FIFOs and devices are the reader's to name; the CLI neither opens nor judges them."""
    os.mkfifo(tmp_path / "fifo.xlsx")
    args = [tmp_path / "missing.xlsx", tmp_path / "fifo.xlsx", Path("/dev/null")]
    assert [(i.path, i.problem) for i in batch.collect(args)] == [(a, None) for a in args]


# ---------------------------------------------------------------- running

def explode(path: Path, **_) -> Outcome:
    if "bad" in path.name:
        raise RuntimeError("boom")
    if "die" in path.name:
        os._exit(3)                      # a worker killed mid-build (segfault, OOM killer)
    if "hang" in path.name:
        while True:
            try:
                time.sleep(60)
            except Exception:            # a build that swallows everything it can
                pass
    return Outcome(path.name, unit=path.stem)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_exception_is_that_workbooks_error_and_results_keep_their_order(tmp_path, jobs):
    names = ["a.xlsx", "bad1.xlsx", "c.xlsx", "d.xlsx", "bad2.xlsx", "f.xlsx"]
    items = [Item(tmp_path / n, n) for n in names]
    seen = []
    results = list(batch.run(items, Job(explode), jobs, seen.append))
    assert [r.shown for r in results] == names
    assert sorted(r.shown for r in seen) == sorted(names)
    assert [r.failed for r in results] == ["bad" in n for n in names]
    assert "程序内部错误" in results[1].outcome.messages[0].what and "boom" in results[1].outcome.messages[0].what


def test_a_worker_that_dies_costs_only_its_own_workbook(tmp_path):
    names = [f"{i:02d}.xlsx" for i in range(12)]
    names[5] = "05die.xlsx"
    items = [Item(tmp_path / n, n) for n in names]
    results = list(batch.run(items, Job(explode), 2))
    assert [r.shown for r in results] == names
    assert [r.failed for r in results] == ["die" in n for n in names]
    assert "意外退出" in results[5].outcome.messages[0].what


def test_a_workbook_that_hangs_is_given_up(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "WORKBOOK_SECONDS", 1)
    names = ["a.xlsx", "hang.xlsx", "c.xlsx", "d.xlsx"]
    started = time.monotonic()
    results = list(batch.run([Item(tmp_path / n, n) for n in names], Job(explode), 2))
    assert time.monotonic() - started < 20
    assert [r.failed for r in results] == [False, True, False, False]
    assert "超过 1 秒" in results[1].outcome.messages[0].what


def test_one_workbook_runs_in_this_process(tmp_path, monkeypatch):
    import concurrent.futures
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", None)   # would fail if a pool were made
    (res,) = batch.run([Item(tmp_path / "a.xlsx", "a")], Job(explode), 8)
    assert res.outcome.unit == "a"


# ---------------------------------------------------------------- the same report file twice

def _ok(shown: str, filename: str) -> Result:
    return Result(shown, Outcome(shown, filename=filename), data=b"x")


def test_a_later_workbook_naming_the_same_file_is_an_error_naming_both():
    claimed: dict[str, Result] = {}
    first, second = _ok("a.xlsx", "2023年度甲整体支出绩效自评报告.docx"), _ok("b.xlsx", "2023年度甲整体支出绩效自评报告.docx")
    batch.claim(first, claimed)
    batch.claim(second, claimed)
    assert not first.failed and second.failed and second.data is None
    (err,) = [m for m in second.outcome.messages if m.is_error]
    assert "a.xlsx" in err.what and "2023年度甲" in err.what
    assert any("b.xlsx" in m.what for m in first.outcome.messages)


def test_names_a_windows_or_mac_folder_takes_for_one_file_conflict():
    claimed: dict[str, Result] = {}
    for r in (_ok("a", "2023年度ABC街道.docx"), _ok("b", "2023年度abc街道.docx"),
              _ok("c", "2023年度e\u0301.docx"), _ok("d", "2023年度\u00e9.docx")):
        batch.claim(r, claimed)
    assert len(claimed) == 2


def test_same_unit_and_year_twice_writes_the_first_and_names_both(tmp_path):
    a = workbook(tmp_path / "in" / "1.xlsx", "甲街道")
    b = workbook(tmp_path / "in" / "2.xlsx", "甲街道", edits=(("资金情况", "B4", 1800),))
    c = workbook(tmp_path / "in" / "3.xlsx", "乙街道")
    out = tmp_path / "out"
    r = run_cli("build", str(tmp_path / "in"), "-o", str(out), "-j", "2")
    assert r.exit_code == 1
    assert sorted(files(out)) == sorted([report_name("甲街道"), report_name("乙街道")])
    assert files(out)[report_name("甲街道")] == build(a).data        # the first, never overwritten
    assert f"[{b}] 错误 与 {a} 生成同一个报告文件" in r.stderr
    assert str(c) in r.stdout


def test_two_long_names_cut_to_the_same_file_name_conflict(tmp_path):
    a = workbook(tmp_path / "in" / "1.xlsx", "𠀀" * 48 + "甲")
    b = workbook(tmp_path / "in" / "2.xlsx", "𠀀" * 48 + "乙")
    assert build(a).filename == build(b).filename
    out = tmp_path / "out"
    r = run_cli("build", str(a), str(b), "-o", str(out))
    assert r.exit_code == 1 and len(files(out)) == 1
    assert f"与 {a} 生成同一个报告文件" in r.stderr


def test_check_flags_the_same_report_file_too(tmp_path):
    a = workbook(tmp_path / "1.xlsx", "甲街道")
    b = workbook(tmp_path / "2.xlsx", "甲街道")
    r = run_cli("check", str(a), str(b))
    assert r.exit_code == 1 and f"与 {a} 生成同一个报告文件" in r.output


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
    assert "07坏.xlsx" in table and "08锁.xlsx" in table and "有错误 2" in table
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
    workbook(a, "甲", edits=(("资金情况", "B4", 1800),))
    r = run_cli("build", str(tmp_path / "in"), "-o", str(out))
    assert r.exit_code == 0
    (line,) = [ln for ln in r.stdout.splitlines() if ln.startswith(str(a))]
    assert "已更新" in line and "数字 4 处，段落 2 处" in line
    assert "1890.40 → 1800.00" not in r.output                     # details only with -v
    workbook(a, "甲", edits=(("资金情况", "B4", 1700),))
    r = run_cli("build", str(tmp_path / "in"), "-o", str(out), "-v")
    assert f"[{a}]   资金情况 全年执行数 1800.00 → 1700.00" in r.stdout


def test_many_failures_are_listed_after_the_table(tmp_path):
    bad = []
    for i in range(22):
        bad.append(tmp_path / f"{i:02d}.xlsx")
        bad[-1].write_bytes(b"junk")
    r = run_cli("check", *map(str, bad))
    assert r.exit_code == 1 and "有错误的工作簿：" in r.stderr and "有错误 22" in r.stdout


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
