"""publish.py: reports committed in the order given — the first workbook naming a report file
keeps it, a later one naming the same file (as Windows or macOS would fold it) is an error naming
both, and nothing is written twice in a run."""
from __future__ import annotations

from jixiao.build import Outcome, build
from jixiao.cli.job import Result
from jixiao.cli.publish import claim

from ..variants import report_name, workbook
from .test_batch import files, run_cli


def _ok(shown: str, filename: str) -> Result:
    return Result(shown, Outcome(shown, filename=filename), data=b"x")


def test_a_later_workbook_naming_the_same_file_is_an_error_naming_both():
    claimed: dict[str, Result] = {}
    first, second = _ok("a.xlsx", "2023年度甲整体支出绩效自评报告.docx"), _ok("b.xlsx", "2023年度甲整体支出绩效自评报告.docx")
    claim(first, claimed)
    claim(second, claimed)
    assert not first.failed and second.failed and second.data is None
    (err,) = [m for m in second.outcome.messages if m.is_error]
    assert "a.xlsx" in err.what and "2023年度甲" in err.what
    assert any("b.xlsx" in m.what for m in first.outcome.messages)


def test_names_a_windows_or_mac_folder_takes_for_one_file_conflict():
    claimed: dict[str, Result] = {}
    for r in (_ok("a", "2023年度ABC街道.docx"), _ok("b", "2023年度abc街道.docx"),
              _ok("c", "2023年度e\u0301.docx"), _ok("d", "2023年度\u00e9.docx")):
        claim(r, claimed)
    assert len(claimed) == 2


def test_same_unit_and_year_twice_writes_the_first_and_names_both(tmp_path):
    a = workbook(tmp_path / "in" / "1.xlsx", "甲街道")
    b = workbook(tmp_path / "in" / "2.xlsx", "甲街道", edits=(("资金情况", "B3", 1985.40),))
    c = workbook(tmp_path / "in" / "3.xlsx", "乙街道")
    out = tmp_path / "out"
    r = run_cli("build", str(tmp_path / "in"), "-o", str(out), "-j", "2")
    assert r.exit_code == 1
    assert sorted(files(out)) == sorted([report_name("甲街道"), report_name("乙街道")])
    assert files(out)[report_name("甲街道")] == build(a).data        # the first, never overwritten
    assert f"[{b}] 错误 与 {a} 生成同一个报告文件" in r.stderr
    assert str(c) in r.stdout


def test_two_long_names_cut_to_the_same_file_name_conflict(tmp_path):
    a = workbook(tmp_path / "in" / "1.xlsx", "𠀀" * 48 + "甲")
    b = workbook(tmp_path / "in" / "2.xlsx", "𠀀" * 48 + "乙")
    assert build(a).filename == build(b).filename
    out = tmp_path / "out"
    r = run_cli("build", str(a), str(b), "-o", str(out))
    assert r.exit_code == 1 and len(files(out)) == 1
    assert f"与 {a} 生成同一个报告文件" in r.stderr


def test_check_flags_the_same_report_file_too(tmp_path):
    a = workbook(tmp_path / "1.xlsx", "甲街道")
    b = workbook(tmp_path / "2.xlsx", "甲街道")
    r = run_cli("check", str(a), str(b))
    assert r.exit_code == 1 and f"与 {a} 生成同一个报告文件" in r.output
