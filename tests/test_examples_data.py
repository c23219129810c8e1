"""inputs/*.xlsx are written from inputs/data/*.toml by scripts/make_examples.py: this fails when
a workbook and its data drift apart (run `python scripts/make_examples.py` then)."""
from __future__ import annotations

import importlib.util
import io

import openpyxl
import pytest

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("make_examples", ROOT / "scripts" / "make_examples.py")
make_examples = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_examples)

DATA = sorted((ROOT / "inputs" / "data").glob("*.toml"))


def cells(book) -> dict[str, list[tuple[str, object]]]:
    return {ws.title: [(c.coordinate, c.value) for row in ws.iter_rows() for c in row if c.value is not None]
            for ws in book.worksheets}


def test_every_example_has_its_data_file():
    assert [p.stem for p in DATA] == [p.stem for p in sorted((ROOT / "inputs").glob("*.xlsx"))]


@pytest.mark.parametrize("data_file", DATA, ids=[p.stem for p in DATA])
def test_workbook_matches_its_data(data_file):
    made = openpyxl.load_workbook(io.BytesIO(make_examples.example_bytes(data_file)))
    committed = openpyxl.load_workbook(ROOT / "inputs" / (data_file.stem + ".xlsx"))
    assert committed.sheetnames == made.sheetnames
    a, b = cells(committed), cells(made)
    for sheet in made.sheetnames:
        assert a[sheet] == b[sheet], f"inputs/{data_file.stem}.xlsx sheet {sheet} drifted: run python scripts/make_examples.py"
    # and they carry what a clerk's blank workbook carries
    assert made.sheetnames[0] == "填写说明"
    assert made["绩效指标"].data_validations.dataValidation
