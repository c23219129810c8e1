"""publish.py: two or more workbooks naming the same unit and year (or one report file, as
Windows or macOS would fold it) — none of their reports is written, each is an error naming all
the others, and a report already in the output folder for that unit is left as it was."""
from __future__ import annotations

from jixiao.build import Outcome, build
from jixiao.cli.job import Result
from jixiao.cli.publish import mark_duplicates

from ..variants import report_name, workbook
from .test_batch import files, run_cli


def _ok(shown: str, filename: str, unit: str = "", year: int | None = None) -> Result:
    return Result(shown, Outcome(shown, filename=filename, unit=unit, year=year, readable=True), data=b"x")


def test_every_workbook_of_a_duplicate_is_an_error_naming_the_others():
    a, b, c = (_ok(s, "2023年度甲整体支出绩效自评报告.docx", "甲", 2023) for s in ("a.xlsx", "b.xlsx", "c.xlsx"))
    d = _ok("d.xlsx", "2023年度乙整体支出绩效自评报告.docx", "乙", 2023)
    groups = mark_duplicates([a, b, c, d])
    assert [[r.shown for r in g] for g in groups] == [["a.xlsx", "b.xlsx", "c.xlsx"]]
    assert a.failed and b.failed and c.failed and not d.failed
    assert a.data is None and b.data is None and d.data == b"x"
    assert a.duplicates == ("b.xlsx", "c.xlsx") and c.duplicates == ("a.xlsx", "b.xlsx")
    (err,) = [m for m in b.outcome.messages if m.is_error]
    assert "a.xlsx、c.xlsx" in err.what and "报告都未写入" in err.what


def test_same_unit_and_year_under_two_formats_is_a_duplicate_too():
    a = _ok("a", "2023年度甲整体支出绩效自评报告.docx", "甲", 2023)
    b = _ok("b", "甲2023年度部门整体支出绩效自评报告.docx", "甲 ", 2023)
    c = _ok("c", "2024年度甲整体支出绩效自评报告.docx", "甲", 2024)
    assert len(mark_duplicates([a, b, c])) == 1 and a.failed and b.failed and not c.failed


def test_names_a_windows_or_mac_folder_takes_for_one_file_conflict():
    rs = [_ok("a", "2023年度ABC街道.docx"), _ok("b", "2023年度abc街道.docx"),
          _ok("c", "2023年度e\u0301.docx"), _ok("d", "2023年度\u00e9.docx"), _ok("e", "2023年度x.docx")]
    assert len(mark_duplicates(rs)) == 2 and not rs[-1].failed


def test_same_unit_and_year_twice_writes_neither_and_keeps_the_old_report(tmp_path):
    a = workbook(tmp_path / "in" / "1.xlsx", "甲街道")
    c = workbook(tmp_path / "in" / "3.xlsx", "乙街道")
    out = tmp_path / "out"
    assert run_cli("build", str(a), str(c), "-o", str(out)).exit_code == 0
    before = files(out)
    b = workbook(tmp_path / "in" / "2.xlsx", "甲街道", edits=(("资金情况", "B3", 1985.40),))
    r = run_cli("build", str(tmp_path / "in"), "-o", str(out), "-j", "2")
    assert r.exit_code == 1
    assert files(out) == before                       # 甲's old report untouched, 乙's unchanged
    assert f"[{b}] 错误 与 {a} 是同一单位、同一年度的工作簿" in r.stderr
    assert f"[{a}] 错误 与 {b} 是同一单位、同一年度的工作簿" in r.stderr
    assert r.stdout.count("未生成：重复") == 3 and "已生成（有警告） 1，未生成：重复 2；报告无变化 1。" in r.stdout


def test_two_long_names_cut_to_the_same_file_name_conflict(tmp_path):
    a = workbook(tmp_path / "in" / "1.xlsx", "𠀀" * 48 + "甲")
    b = workbook(tmp_path / "in" / "2.xlsx", "𠀀" * 48 + "乙")
    assert build(a).filename == build(b).filename
    out = tmp_path / "out"
    r = run_cli("build", str(a), str(b), "-o", str(out))
    assert r.exit_code == 1 and files(out) == {}
    assert f"与 {a} 是同一单位、同一年度的工作簿" in r.stderr


def test_check_flags_the_same_unit_too(tmp_path):
    a = workbook(tmp_path / "1.xlsx", "甲街道")
    b = workbook(tmp_path / "2.xlsx", "甲街道")
    r = run_cli("check", str(a), str(b))
    assert r.exit_code == 1 and f"与 {a} 是同一单位、同一年度的工作簿" in r.output
