"""A format's own faults at its file and line (formats/load.py, search.py): nesting deep enough to
exhaust recursion, a format.toml that is not a regular file, a title too long; and `jixiao
formats` linear in the number of formats."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli.main import main
from jixiao.formats import search
from jixiao.formats.load import MAX_FORMAT_DEPTH, MAX_TITLE_CHARS, FormatError, load
from jixiao.formats.search import shipped_root

from ..conftest import EXAMPLES
from .test_formats import make_format, with_format


def test_a_dotted_key_five_thousand_deep_is_a_located_format_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = make_format(tmp_path / "formats", "深", 'description = "x"\n' + "a" + ".a" * 5000 + " = 1\n")
    wb = with_format(EXAMPLES["001"], tmp_path, "深")
    r = CliRunner().invoke(main, ["build", str(wb), "-o", "out", "--formats", str(tmp_path / "formats")])
    assert r.exit_code == 1
    assert f"{folder / 'format.toml'}:2" in r.output and "嵌套过深" in r.output, r.output
    assert "内部错误" not in r.output and "RecursionError" not in r.output


@pytest.mark.parametrize("toml", ["a" + ".a" * 6000 + " = 1\n", "a = " + "[" * 6000 + "]" * 6000 + "\n",
                                  "a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n"])
def test_any_deep_nesting_is_a_format_error(tmp_path, toml):
    make_format(tmp_path, "深", toml)
    with pytest.raises(FormatError, match="嵌套过深") as info:
        load("深", (tmp_path, shipped_root()))
    assert info.value.where.endswith("format.toml:1")


def test_nesting_at_and_past_the_limit(tmp_path):
    keys = lambda n: ".".join(["a"] * n)          # noqa: E731 — n tables, the value at level n
    make_format(tmp_path, "至限", f"{keys(MAX_FORMAT_DEPTH)} = 1\n")
    with pytest.raises(FormatError) as at:          # deep enough, only unknown
        load("至限", (tmp_path, shipped_root()))
    assert "未知的设置" in at.value.what
    make_format(tmp_path, "过限", f"{keys(MAX_FORMAT_DEPTH + 1)} = 1\n")
    with pytest.raises(FormatError, match="嵌套过深"):
        load("过限", (tmp_path, shipped_root()))


def test_a_fifo_format_toml_is_an_error_not_the_shipped_format(tmp_path):
    """Borderline decided: a format.toml that is a pipe is that format's error; it never makes
    the program block on it, nor silently use the shipped format of the same name."""
    folder = tmp_path / "default"
    folder.mkdir()
    os.mkfifo(folder / "format.toml")
    result: list = []
    t = threading.Thread(target=lambda: result.append(_load_error("default", tmp_path)), daemon=True)
    t.start()
    t.join(10)
    assert result and result[0] is not None and "不是普通文件" in result[0].what
    assert result[0].where == str(folder / "format.toml")


def _load_error(name: str, root: Path) -> FormatError | None:
    try:
        load(name, (root, shipped_root()))
    except FormatError as e:
        return e
    return None


def test_title_length_at_and_past_the_limit(tmp_path):
    head = "{year}年度{unit}"
    make_format(tmp_path, "至限", '[report]\n\ntitle = "' + head + "甲" * (MAX_TITLE_CHARS - len(head)) + '"\n')
    assert len(load("至限", (tmp_path, shipped_root()))["report.title"]) == MAX_TITLE_CHARS
    make_format(tmp_path, "过限", '[report]\n\ntitle = "' + head + "甲" * (MAX_TITLE_CHARS + 1 - len(head)) + '"\n')
    with pytest.raises(FormatError, match="过长") as info:
        load("过限", (tmp_path, shipped_root()))
    assert info.value.where == f"{tmp_path / '过限' / 'format.toml'}:3"


@pytest.mark.slow              # 600 formats listed (each loaded and its templates checked as text): ~6 s
def test_jixiao_formats_lists_each_folder_once(tmp_path, monkeypatch):
    """Linear in the number of formats: 600 formats, the folder holding them listed once (it was
    listed once a format, and again for each format's extends: 600 → 10 s, 3,000 → 235 s)."""
    root = tmp_path / "formats"
    for i in range(600):
        make_format(root, f"格式{i:04d}", f'description = "第{i}个"\n')
    listed: list[Path] = []
    real = Path.iterdir

    def counting(self):
        listed.append(self)
        return real(self)
    monkeypatch.setattr(Path, "iterdir", counting)
    r = CliRunner().invoke(main, ["formats", "--formats", str(root)])
    assert r.exit_code == 0, r.output
    assert r.output.count("第") == 600
    assert listed.count(root) == 1, listed.count(root)
    assert search._listed is None                     # the listing is not kept after the command
