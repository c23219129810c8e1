"""output.py: atomic saves, stale temp files, read-only reports, PDF."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from jixiao.output import save_atomic


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
