"""Reading hostile files in a child process: time and peak memory of `jixiao check` on every
bomb of tests/test_broken.py, and the cases the in-process harness cannot stage (a folder, a
file the user may not read — the tests run as root, so the child drops to `nobody`)."""
from __future__ import annotations

import os
import pickle
import resource
import select
import shutil
import signal
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.build import build
from jixiao.cli.main import main
from jixiao.read.workbook import read_workbook
from tests.broken_factory import GOOD_BYTES
from tests.test_broken import BOMBS, CASES, files_under

SECONDS = 10           # generous: correctness, not a benchmark
PEAK_MB = 200          # what reading may add to the process at its peak


def in_child(fn, *, user: int | None = None, timeout: float = 30):
    """fn() run in a forked child: (its result, seconds, peak resident MB added)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:                                   # the child
        payload = b""
        try:
            os.close(r)
            if user is not None:
                os.setgroups([])
                os.setgid(user)
                os.setuid(user)
            base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.monotonic()
            result = fn()
            seconds = time.monotonic() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            payload = pickle.dumps((result, seconds, (peak - base) / 1024))
        except BaseException as e:                 # noqa: BLE001 — reported to the parent
            payload = pickle.dumps(("exception", repr(e), 0))
        finally:
            with os.fdopen(w, "wb") as f:
                f.write(payload)
            os._exit(0)
    os.close(w)
    chunks = []
    deadline = time.monotonic() + timeout
    with os.fdopen(r, "rb") as f:
        while True:
            ready, _, _ = select.select([f], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                pytest.fail(f"the child took more than {timeout} s")
            chunk = os.read(f.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    result = pickle.loads(b"".join(chunks))
    assert result[0] != "exception", result
    return result


def check_cli(path: Path):
    result = CliRunner().invoke(main, ["check", str(path)])
    return result.exit_code, result.output, repr(result.exception) if result.exception and \
        not isinstance(result.exception, SystemExit) else ""


@pytest.mark.slow                                  # a forked child a bomb
@pytest.mark.parametrize("case_id", BOMBS)
def test_bombs_are_read_within_seconds_and_bounded_memory(case_id, tmp_path):
    case = next(c for c in CASES if c.id == case_id)
    folder = tmp_path / "in"
    folder.mkdir()
    path, where = case.make(folder)
    before = files_under(tmp_path)
    (code, output, exception), seconds, peak = in_child(lambda: check_cli(path))
    assert not exception, exception
    assert code == (1 if case.level == "错误" else 0), output
    if case.level is not None:
        assert where in output and case.what in output, output
    assert seconds < SECONDS, f"{seconds:.1f} s"
    assert peak < PEAK_MB, f"{peak:.0f} MB"
    assert files_under(tmp_path) == before


def test_folder_is_not_a_workbook(tmp_path):
    folder = tmp_path / "工作簿.xlsx"
    folder.mkdir()
    wb, msgs = read_workbook(folder)
    assert wb is None and [(m.level, m.where) for m in msgs] == [("错误", "")]
    assert "是文件夹" in msgs[0].what and "工作簿.xlsx" in msgs[0].what
    out = build(folder)
    assert out.data is None and "是文件夹" in out.messages[0].what


@pytest.fixture
def open_folder():
    """A folder every user may enter (pytest's tmp_path sits under a root-only folder)."""
    folder = Path(tempfile.mkdtemp(prefix="jixiao-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to another user")
def test_unreadable_file(open_folder):
    path = open_folder / "别人的.xlsx"
    path.write_bytes(GOOD_BYTES)
    path.chmod(0o600)                              # root's own: `nobody` may not read it
    (wb, msgs), _, _ = in_child(lambda: read_workbook(path), user=65534)
    assert wb is None and len(msgs) == 1
    assert msgs[0].is_error and "没有权限读取" in msgs[0].what and "别人的.xlsx" in msgs[0].what


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to another user")
def test_file_in_a_folder_that_may_not_be_entered(open_folder):
    folder = open_folder / "私人"
    folder.mkdir(mode=0o700)
    path = folder / "x.xlsx"
    path.write_bytes(GOOD_BYTES)
    (wb, msgs), _, _ = in_child(lambda: read_workbook(path), user=65534)
    assert wb is None and "没有权限访问" in msgs[0].what


def test_unreadable_file_without_root(tmp_path, monkeypatch):
    """The same message where the test cannot drop privileges: opening is made to refuse."""
    from jixiao.read import package
    path = tmp_path / "别人的.xlsx"
    path.write_bytes(GOOD_BYTES)
    real_open = os.open

    def refuse(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr(package.os, "open", refuse)
    wb, msgs = read_workbook(path)
    assert wb is None and "没有权限读取" in msgs[0].what


def test_fifo_put_in_place_after_the_first_look_does_not_block(tmp_path):
    """The file is looked at (stat), then opened without blocking and looked at again."""
    from jixiao.read.package import _read_file
    from jixiao.read.refused import Refused
    fifo = tmp_path / "x.xlsx"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(Refused) as e:
        _read_file(fifo)                # as if stat had seen a regular file a moment before
    assert "不是普通文件" in e.value.what and time.monotonic() - started < 2
