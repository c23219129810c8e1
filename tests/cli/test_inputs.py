"""inputs.py: files and folders given on the command line → the workbooks to process, each once,
in order; lock files and non-workbooks skipped, special files named and never opened."""
from __future__ import annotations

import os
from pathlib import Path

from jixiao.cli.inputs import collect

from ..variants import workbook


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
    items = collect([tmp_path / "in"])
    assert [i.path for i in items] == [b, a]           # a/z.xlsx before b.xlsx, as sorted paths
    assert all(i.problem is None for i in items)


def test_a_workbook_given_twice_or_through_its_folder_is_built_once(tmp_path):
    a = workbook(tmp_path / "in" / "a.xlsx", "甲")
    items = collect([a, tmp_path / "in", Path(str(a).replace("/in/", "/in/./"))])
    assert [i.path for i in items] == [a]


def test_special_files_in_a_folder_are_named_never_opened(tmp_path):
    folder = tmp_path / "in"
    workbook(folder / "a.xlsx", "甲")
    os.mkfifo(folder / "管道.xlsx")
    items = collect([folder])
    problems = [i for i in items if i.problem is not None]
    assert len(problems) == 1 and "命名管道" in problems[0].problem.what


def test_an_empty_folder_is_one_error(tmp_path):
    (tmp_path / "empty").mkdir()
    (item,) = collect([tmp_path / "empty"])
    assert item.problem is not None and "没有工作簿" in item.problem.what


def test_file_arguments_go_to_the_reader_as_they_are(tmp_path):
    """Missing files, FIFOs and devices are the reader's to name; the CLI neither opens nor judges them."""
    os.mkfifo(tmp_path / "fifo.xlsx")
    args = [tmp_path / "missing.xlsx", tmp_path / "fifo.xlsx", Path("/dev/null")]
    assert [(i.path, i.problem) for i in collect(args)] == [(a, None) for a in args]
