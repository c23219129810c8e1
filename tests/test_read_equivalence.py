"""The streaming reader (xlsx.py) against the openpyxl reader it replaced (tests/legacy_read.py,
kept here only as the oracle): the same model and messages for the examples, as written by
openpyxl and as re-saved by LibreOffice (shared strings, styles)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from jixiao.messages import sort_messages
from jixiao.read import read_workbook
from tests import legacy_read

from .conftest import EXAMPLES


def _same(path: Path) -> None:
    old, old_msgs = legacy_read.read_workbook(path)
    new, new_msgs = read_workbook(path)
    assert new == old
    assert sort_messages(new_msgs) == sort_messages(old_msgs)


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_examples_read_as_before(key):
    _same(EXAMPLES[key])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_examples_resaved_by_libreoffice_read_as_before(tmp_path):
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path),
                    *map(str, EXAMPLES.values())], check=True, capture_output=True, timeout=300)
    for path in EXAMPLES.values():
        _same(tmp_path / path.name)
