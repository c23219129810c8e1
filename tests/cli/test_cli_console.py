"""Output to any console never crashes the run (README, Commands: any console): the real command in a
subprocess, with a GBK console, a full device, a closed pipe, a closed stdout."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ..variants import report_name, workbook

pytestmark = pytest.mark.slow                 # each test starts `python -m jixiao.cli.main` processes

ODD_UNIT = "𠀀街道办事处😀"            # neither character is in GBK
COMMAND = [sys.executable, "-m", "jixiao.cli.main"]


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
    assert "?街道办事处?" in text and "普通街道办事处" in text and "已生成（有警告） 2，无法读取 1；报告新生成 2" in text
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


# ---------------------------------------------------------------- every command, click's own output too

@pytest.mark.parametrize("args", [["--help"], ["--version"], ["build", "-h"], ["formats"], ["nope"], ["build", "--nope"]])
def test_any_command_to_a_full_device(tmp_path, args):
    with open("/dev/full", "w") as full:
        r = run(args, tmp_path, stdout=full, stderr=full)
    no_traceback(r.stderr)
    assert r.returncode == (2 if args[-1] in ("nope", "--nope") else 0)


@pytest.mark.parametrize("command", ["template", "rollover"])
def test_template_and_rollover_to_a_full_device_still_write_their_file(books, tmp_path, command):
    args = ["template", "--year", "2024", "-o", tmp_path / "t.xlsx"] if command == "template" else \
        ["rollover", books["plain"], "-o", tmp_path / "t.xlsx"]
    with open("/dev/full", "w") as full:
        r = run(args, tmp_path, stdout=full)
    no_traceback(r.stderr)
    assert r.returncode == 0 and (tmp_path / "t.xlsx").is_file()


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "cp437", "shift_jis", "ascii", "gbk"])
def test_help_on_any_console_encoding(tmp_path, encoding):
    for args in (["--help"], ["build", "-h"], ["formats"]):
        r = run(args, tmp_path, env={"PYTHONIOENCODING": encoding})
        no_traceback(r.stderr)
        assert r.returncode == 0
        text = r.stdout.decode(encoding)                 # what the console shows: valid in its encoding
        assert "jixiao" in text or "default" in text
        if encoding in ("latin-1", "cp1252", "cp437", "ascii") and args != ["formats"]:
            assert "??" in text and "\\u" not in text


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize("args", [["nope"], ["--nope"], ["build", "--nope"]])
def test_usage_errors_degrade_to_question_marks(tmp_path, encoding, args):
    r = run(args, tmp_path, env={"PYTHONIOENCODING": encoding})
    no_traceback(r.stderr)
    err = r.stderr.decode(encoding)
    assert r.returncode == 2 and "nope" in err and "?" in err and "\\u" not in err and "Usage" not in err


@pytest.mark.parametrize("args", [["formats"], ["--help"], ["build", "-h"]])
def test_head_after_any_command(tmp_path, args):
    cmd = " ".join(f"'{c}'" for c in [*COMMAND, *args])
    r = subprocess.run(["bash", "-c", f"{cmd} | head -c 10; exit ${{PIPESTATUS[0]}}"], capture_output=True,
                       cwd=tmp_path, timeout=120)
    no_traceback(r.stderr)
    assert r.returncode == 0


# ---------------------------------------------------------------- signals: a killed run ends whole

SLOW = """
import sys, time
import jixiao.build as b
_build = b.build
def build(path, **options):             # each workbook takes a minute: the run is killed meanwhile
    time.sleep(60)
    return _build(path, **options)
b.build = build
import jixiao.cli.main
jixiao.cli.main.main()
"""

SLOW_SAVE = """
import os, sys, time
import jixiao.cli.files as o
_fsync = os.fsync
def fsync(fd):                          # a save that takes a minute: the run is killed meanwhile
    print("saving", file=sys.stderr, flush=True)
    time.sleep(60)
    _fsync(fd)
o.os = type(sys)("os_slow")
o.os.__dict__.update(os.__dict__)
o.os.fsync = fsync
import jixiao.cli.main
jixiao.cli.main.main()
"""


def children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        try:
            if d.name.isdigit() and int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(d.name))
        except (OSError, IndexError, ValueError):
            pass
    return out


def gone(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


def start(script: str, args: list, tmp_path: Path, **kw) -> subprocess.Popen:
    (tmp_path / "slow.py").write_text(script)
    return subprocess.Popen([sys.executable, str(tmp_path / "slow.py"), *map(str, args)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def wait_for(condition, seconds: float = 30) -> None:
    import time
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_a_signal_ends_the_workers_and_the_run_with_a_truthful_code(books, tmp_path, sig, code):
    """`timeout`, a closed terminal or Ctrl-C: the workers end with the run, the output pipes close
    (a caller reading them does not hang), nothing is half written, the exit code says why."""
    out = tmp_path / "out"
    p = start(SLOW, ["build", books["odd"], books["plain"], "-o", out, "-j", "2"], tmp_path,
              start_new_session=True)
    wait_for(lambda: len(children(p.pid)) == 2)
    workers = children(p.pid)
    if sig == signal.SIGINT:
        os.killpg(p.pid, sig)                        # Ctrl-C goes to the whole process group
    else:
        p.send_signal(sig)
    stdout, stderr = p.communicate(timeout=20)       # returns only when every holder closed the pipes
    no_traceback(stderr)
    assert p.returncode == code
    assert "错误 已中断（" in stderr.decode() and "已写入的报告保留，其余工作簿未处理。" in stderr.decode()
    wait_for(lambda: all(gone(w) for w in workers), 10)
    assert [f.name for f in out.iterdir()] == []     # no report, no temp file


def test_workers_die_with_a_killed_main_process(books, tmp_path):
    """SIGKILL cannot be caught: the workers end anyway (PR_SET_PDEATHSIG) and release the pipes."""
    p = start(SLOW, ["build", books["odd"], books["plain"], "-o", tmp_path / "out", "-j", "2"], tmp_path)
    wait_for(lambda: len(children(p.pid)) == 2)
    workers = children(p.pid)
    p.kill()
    p.communicate(timeout=20)
    assert p.returncode == -signal.SIGKILL
    wait_for(lambda: all(gone(w) for w in workers), 10)


def test_a_signal_during_a_save_leaves_the_old_report_and_no_temp_file(books, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / report_name("普通街道办事处")).write_bytes(b"last year's")
    p = start(SLOW_SAVE, ["build", books["plain"], "-o", out], tmp_path)
    wait_for(lambda: any(f.name.endswith(".tmp") for f in out.iterdir()))
    p.send_signal(signal.SIGTERM)
    _, stderr = p.communicate(timeout=20)
    no_traceback(stderr)
    assert p.returncode == 143 and "已中断（收到终止信号 SIGTERM）" in stderr.decode()
    assert [f.name for f in out.iterdir()] == [report_name("普通街道办事处")]
    assert (out / report_name("普通街道办事处")).read_bytes() == b"last year's"
