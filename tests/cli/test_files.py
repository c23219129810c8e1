"""files.py: atomic saves, stale temp files, read-only reports, links never followed."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jixiao.cli import files as output
from jixiao.cli.files import (STALE_TEMP_SECONDS, OutputError, prepare_folder, publish, remove_stale_temps,
                              save_atomic)


def test_save_atomic_replaces_and_leaves_no_temp(tmp_path: Path):
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")
    save_atomic(b"new", target)
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"]


def test_save_atomic_failure_keeps_old_file(tmp_path: Path):
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        save_atomic("not bytes", target)  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"]


def test_save_atomic_gives_an_ordinary_file_mode(tmp_path: Path):
    target = tmp_path / "r.docx"
    save_atomic(b"x", target)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


# ---------------------------------------------------------------- publish: replacing a previous report

def test_publish_says_whether_it_replaced(tmp_path: Path):
    target = tmp_path / "r.docx"
    assert publish(b"one", target) is False
    assert publish(b"two", target) is True
    assert target.read_bytes() == b"two"


def test_a_replaced_report_keeps_its_mode(tmp_path: Path):
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    publish(b"new", target)
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o640


def test_a_read_only_previous_report_is_refused_and_kept(tmp_path: Path):
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")
    target.chmod(0o444)
    with pytest.raises(OutputError, match="只读"):
        publish(b"new", target)
    assert target.read_bytes() == b"old" and target.stat().st_mode & 0o777 == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"]


def test_a_report_open_in_word_stays_whole(tmp_path: Path, monkeypatch):
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")

    def locked(src, dst):          # what Windows does while Word holds the file
        raise PermissionError(13, "Access is denied", str(dst))
    monkeypatch.setattr(output.os, "replace", locked)
    with pytest.raises(OutputError, match="Word/WPS") as e:
        publish(b"new", target)
    assert "原报告保持不变" in e.value.message
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"]      # no temp file left


def test_a_full_disk_keeps_the_old_report(tmp_path: Path, monkeypatch):
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(output.os, "fsync", full)
    with pytest.raises(OutputError, match="磁盘空间不足"):
        publish(b"new", target)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["r.docx"]


def test_something_else_in_the_reports_place_is_not_replaced(tmp_path: Path):
    (tmp_path / "r.docx").mkdir()
    with pytest.raises(OutputError, match="不是普通文件"):
        publish(b"new", tmp_path / "r.docx")


# ---------------------------------------------------------------- stale temp files

def test_a_killed_save_leaves_a_temp_file_that_the_next_run_removes(tmp_path: Path):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old")
    code = ("import os, sys; from pathlib import Path; import jixiao.cli.files as o;"
            "o.os.replace = lambda *a: os._exit(9);"           # killed between write and rename
            f"o.save_atomic(b'new', Path({str(target)!r}))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 9
    (temp,) = [p for p in tmp_path.iterdir() if p.name != "报告.docx"]
    assert temp.name.startswith(".报告.docx.jixiao-") and target.read_bytes() == b"old"
    assert remove_stale_temps(tmp_path) == []                      # young: maybe a live save
    old = time.time() - STALE_TEMP_SECONDS - 1
    os.utime(temp, (old, old))
    assert remove_stale_temps(tmp_path) == [temp.name]
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_only_our_own_stale_temp_files_are_removed(tmp_path: Path):
    old = time.time() - STALE_TEMP_SECONDS - 1
    names = [".r.docx.jixiao-abcd1234.tmp", ".jixiao-x1y2z3w4.tmp",        # ours
             ".r.docx.abcd1234.tmp", "r.docx.jixiao-abcd1234.tmp", ".r.docx.jixiao-abc.tmp",
             "~$r.docx", ".~lock.r.docx#", "r.tmp", ".r.docx.jixiao-abcd1234.tmp.bak"]
    for n in names:
        (tmp_path / n).write_bytes(b"")
        os.utime(tmp_path / n, (old, old))
    (tmp_path / ".d.jixiao-abcd1234.tmp").mkdir()                # a folder is never removed
    assert remove_stale_temps(tmp_path) == sorted(names[:2])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[2:] + [".d.jixiao-abcd1234.tmp"])


def test_long_target_names_still_get_a_temp_file(tmp_path: Path):
    target = tmp_path / ("甲" * 80 + ".xlsx")                      # 245 bytes
    save_atomic(b"x", target)
    assert target.read_bytes() == b"x"


# ---------------------------------------------------------------- the output folder

def test_output_folder_is_created(tmp_path: Path):
    prepare_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir() and list((tmp_path / "a" / "b").iterdir()) == []


def test_output_folder_that_is_a_file(tmp_path: Path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="不是文件夹"):
        prepare_folder(tmp_path / "f")
    with pytest.raises(OutputError, match="无法创建输出文件夹"):
        prepare_folder(tmp_path / "f" / "sub")


# ---------------------------------------------------------------- links and modes

def test_a_previous_reports_mode_keeps_only_its_permission_bits(tmp_path: Path):
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")
    target.chmod(0o6775)                         # setuid and setgid on the old file: not carried over
    publish(b"new", target)
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o7777 == 0o775
    save_atomic(b"x", target, mode=0o104755)     # whatever mode is asked, only permission bits
    assert target.stat().st_mode & 0o7777 == 0o755


@pytest.mark.parametrize("dangling", [False, True])
def test_a_link_at_the_reports_path_is_refused_never_followed(tmp_path: Path, dangling):
    victim = tmp_path / "passwd"
    if not dangling:
        victim.write_bytes(b"root")
        victim.chmod(0o4755)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "r.docx"
    target.symlink_to(victim)
    with pytest.raises(OutputError, match="是指向 .* 的链接（快捷方式），没有替换，也没有写入它所指的文件"):
        publish(b"new", target)
    assert target.is_symlink() and os.readlink(target) == str(victim)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["r.docx"]
    if not dangling:
        assert victim.read_bytes() == b"root" and victim.stat().st_mode & 0o7777 == 0o4755
    else:
        assert not victim.exists()
