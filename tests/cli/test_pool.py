"""pool.py: workbooks on a process pool, results in the order given, each failure its own (an
exception, a worker that dies, a workbook that hangs)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from jixiao.build import Outcome
from jixiao.cli import pool
from jixiao.cli.inputs import Item
from jixiao.cli.job import Job
from jixiao.cli.pool import run


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
    results = list(run(items, Job(explode), jobs, seen.append))
    assert [r.shown for r in results] == names
    assert sorted(r.shown for r in seen) == sorted(names)
    assert [r.failed for r in results] == ["bad" in n for n in names]
    assert "程序内部错误" in results[1].outcome.messages[0].what and "boom" in results[1].outcome.messages[0].what


def test_a_worker_that_dies_costs_only_its_own_workbook(tmp_path):
    names = [f"{i:02d}.xlsx" for i in range(12)]
    names[5] = "05die.xlsx"
    items = [Item(tmp_path / n, n) for n in names]
    results = list(run(items, Job(explode), 2))
    assert [r.shown for r in results] == names
    assert [r.failed for r in results] == ["die" in n for n in names]
    assert "意外退出" in results[5].outcome.messages[0].what


def test_a_workbook_that_hangs_is_given_up(tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "WORKBOOK_SECONDS", 1)
    names = ["a.xlsx", "hang.xlsx", "c.xlsx", "d.xlsx"]
    started = time.monotonic()
    results = list(run([Item(tmp_path / n, n) for n in names], Job(explode), 2))
    assert time.monotonic() - started < 20
    assert [r.failed for r in results] == [False, True, False, False]
    assert "超过 1 秒" in results[1].outcome.messages[0].what


def test_one_workbook_runs_in_this_process(tmp_path, monkeypatch):
    import concurrent.futures
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", None)   # would fail if a pool were made
    (res,) = run([Item(tmp_path / "a.xlsx", "a")], Job(explode), 8)
    assert res.outcome.unit == "a"
