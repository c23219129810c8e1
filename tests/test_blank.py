"""`jixiao template`: the blank workbook is written from the contract and reads back cleanly."""
from __future__ import annotations

import io

import openpyxl
from click.testing import CliRunner

from jixiao.blank import blank_workbook
from jixiao.build import build
from jixiao.cli import main
from jixiao.contract import SHEETS


def test_blank_has_every_sheet_header_and_label():
    wb = openpyxl.load_workbook(io.BytesIO(blank_workbook(2025)))
    for spec in SHEETS:
        ws = wb[spec.name]
        assert [c.value for c in ws[1]] == [c.header for c in spec.columns]
        assert [ws.cell(r, 1).value for r in range(2, 2 + len(spec.labels))] == [x.label for x in spec.labels]
    assert wb["基本信息"].cell(3, 2).value == 2025
    dv = wb["报告正文"].data_validations.dataValidation
    assert dv and dv[0].showDropDown is False          # True would hide the arrow in Excel


def test_blank_reads_back_with_only_the_required_unit_name_missing(tmp_path):
    path = tmp_path / "blank.xlsx"
    path.write_bytes(blank_workbook(2025))
    out = build(path)
    assert [(m.level, m.where) for m in out.messages if m.is_error] == [("错误", "基本信息!B2")]
    wb = openpyxl.load_workbook(path)
    wb["基本信息"]["B2"] = "某某街道办事处"
    wb.save(path)
    out = build(path)
    assert out.ok and out.data is not None


def test_template_command_never_overwrites(tmp_path):
    target = tmp_path / "t.xlsx"
    r = CliRunner().invoke(main, ["template", "-o", str(target), "--year", "2025"])
    assert r.exit_code == 0 and target.is_file()
    before = target.read_bytes()
    r = CliRunner().invoke(main, ["template", "-o", str(target)])
    assert r.exit_code == 1 and target.read_bytes() == before
