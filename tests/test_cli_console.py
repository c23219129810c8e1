"""Output to any console never crashes the run (pitfalls.md, Consoles): the real command in a
subprocess, with a GBK console, a full device, a closed pipe, a closed stdout."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .workbooks import report_name, workbook

ODD_UNIT = "𠀀街道办事处😀"            # neither character is in GBK
COMMAND = [sys.executable, "-m", "jixiao.cli"]


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("console")
    odd = workbook(tmp / "in" / "1odd.xlsx", ODD_UNIT)
    plain = workbook(tmp / "in" / "2plain.xlsx", "普通街道办事处")
    bad = tmp / "in" / "3坏.xlsx"
    bad.write_bytes(b"not a workbook")
    return {"odd": odd, "plain": plain, "bad": bad}


def run(args: list, tmp_path: Path, *, env: dict | None = None, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, **kw) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*COMMAND, *map(str, args)], stdout=stdout, stderr=stderr, env=full_env,
                          cwd=tmp_path, timeout=120, **kw)


def reports(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.docx")) if folder.exists() else []


def no_traceback(stderr: bytes | None) -> None:
    text = (stderr or b"").decode("utf-8", "replace") + (stderr or b"").decode("gbk", "replace")
    assert "Traceback" not in text and "Exception ignored" not in text, text


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_gbk_console_degrades_characters_and_the_batch_goes_on(books, tmp_path, jobs):
    out = tmp_path / "out"
    r = run(["build", books["odd"], books["plain"], books["bad"], "-o", out, "-j", jobs], tmp_path,
            env={"PYTHONIOENCODING": "gbk"})
    no_traceback(r.stderr)
    assert r.returncode == 1                                # truthful: one workbook is broken
    assert reports(out) == sorted([report_name(ODD_UNIT), report_name("普通街道办事处")])
    text = r.stdout.decode("gbk")                           # what the console shows
    assert "?街道办事处?" in text and "普通街道办事处" in text and "新生成 2，有错误 1" in text
    assert "3坏.xlsx" in r.stderr.decode("gbk")


def test_gbk_console_single_workbook(books, tmp_path):
    r = run(["build", books["odd"], "-o", tmp_path / "out"], tmp_path, env={"PYTHONIOENCODING": "gbk"})
    no_traceback(r.stderr)
    assert r.returncode == 0 and "（新生成）" in r.stdout.decode("gbk")
    assert reports(tmp_path / "out") == [report_name(ODD_UNIT)]
    r = run(["check", books["odd"]], tmp_path, env={"PYTHONIOENCODING": "gbk"})
    assert r.returncode == 0 and "0 个错误" in r.stdout.decode("gbk")


@pytest.mark.parametrize("both", [False, True])
def test_stdout_on_a_full_device(books, tmp_path, both):
    out = tmp_path / "out"
    with open("/dev/full", "w") as full:
        r = run(["build", books["odd"], books["plain"], books["bad"], "-o", out], tmp_path,
                stdout=full, stderr=full if both else subprocess.PIPE)
    no_traceback(r.stderr)
    assert r.returncode == 1 and len(reports(out)) == 2
    with open("/dev/full", "w") as full:
        r = run(["build", books["plain"], "-o", out], tmp_path, stdout=full, stderr=full if both else subprocess.PIPE)
    no_traceback(r.stderr)
    assert r.returncode == 0


def test_a_closed_pipe(books, tmp_path):
    """`jixiao build … | head -1`: the reader goes away; the batch finishes, the exit code holds."""
    out = tmp_path / "out"
    p = subprocess.Popen([*COMMAND, "build", str(books["odd"]), str(books["plain"]), "-o", str(out), "-v"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    p.stdout.close()                                        # nobody reads stdout
    _, err = p.communicate(timeout=120)
    no_traceback(err)
    assert p.returncode == 0 and len(reports(out)) == 2


def test_head_in_a_shell_pipeline(books, tmp_path):
    cmd = " ".join(f"'{c}'" for c in [*COMMAND, "check", books["odd"], books["plain"], books["bad"]])
    r = subprocess.run(["bash", "-c", f"{cmd} 2>&1 | head -1; exit ${{PIPESTATUS[0]}}"], capture_output=True,
                       cwd=tmp_path, timeout=120)
    assert r.returncode == 1 and len(r.stdout.splitlines()) == 1
    no_traceback(r.stderr)


def test_no_stdout_at_all(books, tmp_path):
    out = tmp_path / "out"
    r = run(["build", books["plain"], "-o", out], tmp_path, preexec_fn=lambda: os.close(1))
    no_traceback(r.stderr)
    assert r.returncode == 0 and len(reports(out)) == 1


def test_a_fifo_argument_does_not_hang(books, tmp_path):
    fifo = tmp_path / "管道.xlsx"
    os.mkfifo(fifo)
    r = run(["build", fifo, books["plain"], "-o", tmp_path / "out"], tmp_path)
    no_traceback(r.stderr)
    assert r.returncode == 1 and len(reports(tmp_path / "out")) == 1
    (line,) = [ln for ln in r.stderr.decode().splitlines() if ln.startswith(f"[{fifo}]")]
    assert "错误" in line


def test_special_arguments_are_one_line_each(books, tmp_path):
    """A missing path, a device, a lock file: one Chinese line each, never click's English."""
    lock = tmp_path / "~$报表.xlsx"
    lock.write_bytes(b"\x05owner")
    args = [tmp_path / "没有.xlsx", "/dev/null", lock]
    r = run(["check", *args, books["plain"]], tmp_path)
    no_traceback(r.stderr)
    err = r.stderr.decode()
    out = r.stdout.decode()              # check's messages are its output
    assert r.returncode == 1 and "Usage:" not in err and "Error:" not in err
    for a in args:
        assert len([ln for ln in out.splitlines() if ln.startswith(f"[{a}] 错误")]) == 1, out
