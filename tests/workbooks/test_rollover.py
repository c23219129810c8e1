"""`jixiao rollover`: next year's workbook from each example — what it keeps, what it moves, what it
clears, and that a program can fill the cleared cells and build."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from jixiao.build import build
from jixiao.cli.main import main
from jixiao.read.workbook import read_workbook

from ..conftest import EXAMPLES


def rollover(tmp_path: Path, key: str, *args: str):
    target = tmp_path / f"{key}_next.xlsx"
    r = CliRunner().invoke(main, ["rollover", str(EXAMPLES[key]), "-o", str(target), *args])
    return r, target


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_rollover_keeps_moves_and_clears(tmp_path, key):
    last, _ = read_workbook(EXAMPLES[key])
    r, target = rollover(tmp_path, key)
    assert r.exit_code == 0, r.output
    assert "保留：" in r.output and "清空" in r.output
    new, msgs = read_workbook(target)
    assert not [m for m in msgs if m.is_error], [str(m) for m in msgs]
    i, j = last.info, new.info
    assert (j.unit_name, j.year, j.template, j.filled_by, j.phone, j.head, j.staff_quota) == \
        (i.unit_name, i.year + 1, i.template, i.filled_by, i.phone, i.head, i.staff_quota)
    assert j.staff_actual is None and j.staff_actual_last == i.staff_actual
    assert j.fill_date is None and j.report_date is None and j.extra == i.extra
    assert all(x.amount is None for x in new.funds.lines.values())
    # 基础数据表: the same rows; last year's 本年决算数 is this year's 上年决算数
    assert [(r.label, r.prior, r.budget, r.actual) for r in new.basic_rows] == \
        [(r.label, r.actual, None, None) for r in last.basic_rows]
    from jixiao.formats.load import load
    from jixiao.formats.search import search_path
    framework = load(i.template, search_path()).scoring.framework
    assert [w.name for w in new.weights] == ([w.name for w in last.weights] or      # else the format's
                                             ["预算执行率"] + [lv.name for lv in framework.levels])
    assert [(x.level1, x.level2, x.name, x.target, x.weight) for x in new.indicators] == \
        [(x.level1, x.level2, x.name, x.target, x.weight) for x in last.indicators]
    assert all(x.actual == "" and x.score is None and x.remark == "" for x in new.indicators)
    assert [(p.name, p.department, p.implementer, p.goal) for p in new.projects] == \
        [(p.name, p.department, p.implementer, p.goal) for p in last.projects]
    assert all(not p.result and not p.note for p in new.projects)
    assert all(f.initial is None and f.budget is None and f.actual is None for p in new.projects for f in p.funds)
    assert [(t.section, t.lead, t.content) for t in new.texts] == \
        [(t.section, t.lead, t.content) for t in last.texts if t.section in ("职能职责", "机构设置")]
    assert [g.expected for g in new.goals] == [g.expected for g in last.goals]
    assert all(not g.achieved for g in new.goals)


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_rollover_fill_build(tmp_path, key):
    """A program fills what rollover cleared (here: last year's own values again) and builds."""
    r, target = rollover(tmp_path, key)
    assert r.exit_code == 0, r.output
    src = openpyxl.load_workbook(EXAMPLES[key])
    wb = openpyxl.load_workbook(target)
    for sheet in ("资金情况", "年度目标", "绩效指标", "报告正文"):
        ws = wb[sheet]
        for row in ws.iter_rows(min_row=2, max_col=ws.max_column):
            for c in row:
                if c.data_type != "f":
                    c.value = None
        for row in src[sheet].iter_rows(min_row=2, values_only=True):
            ws.append(list(row)) if sheet != "资金情况" else None
        if sheet == "资金情况":
            for r_ in range(2, src[sheet].max_row + 1):
                for c in range(1, 4):
                    ws.cell(r_, c).value = src[sheet].cell(r_, c).value
    for sheet in ("基础数据表", "项目", "项目资金"):       # this year's amounts and results
        for row in src[sheet].iter_rows(min_row=2):
            for c in row:
                wb[sheet].cell(c.row, c.column).value = c.value
    info = wb["基本信息"]
    for r_ in range(2, info.max_row + 1):
        if info.cell(r_, 1).value == "实际在职人数":
            info.cell(r_, 2).value = 30
    wb.save(target)
    out = build(target)
    assert out.ok and out.data is not None, [str(m) for m in out.messages if m.is_error]
    assert out.year == read_workbook(EXAMPLES[key])[0].info.year + 1


def test_rollover_to_another_format_takes_its_framework(tmp_path):
    r, target = rollover(tmp_path, "000", "--format", "岳阳2024", "--year", "2025")
    assert r.exit_code == 0, r.output
    assert "指标体系：按报告格式“岳阳2024”的指标框架" in r.output
    new, _ = read_workbook(target)
    assert new.info.template == "岳阳2024" and new.info.year == 2025
    assert [(w.name, int(w.weight)) for w in new.weights] == [("预算执行率", 10), ("产出指标", 50), ("效益指标", 30),
                                                              ("满意度指标", 10)]


def test_rollover_never_overwrites_unless_forced(tmp_path):
    r, target = rollover(tmp_path, "001")
    before = target.read_bytes()
    r, _ = rollover(tmp_path, "001")
    assert r.exit_code == 2 and "已存在" in r.output and target.read_bytes() == before
    r, _ = rollover(tmp_path, "001", "--force", "--year", "2026")
    assert r.exit_code == 0 and target.read_bytes() != before


def test_rollover_of_something_unreadable(tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a workbook")
    r = CliRunner().invoke(main, ["rollover", str(bad), "-o", str(tmp_path / "y.xlsx")])
    assert r.exit_code == 1 and "不是 .xlsx 工作簿" in r.output and not (tmp_path / "y.xlsx").exists()


def test_rollover_of_a_workbook_whose_format_is_not_found_says_how(tmp_path):
    from ..formats.test_formats import make_format, with_format
    make_format(tmp_path / "formats", "某市2025", 'extends = "株洲2023"\n')
    wb = with_format(EXAMPLES["000"], tmp_path, "某市2025")
    r = CliRunner().invoke(main, ["rollover", str(wb), "-o", str(tmp_path / "next.xlsx")])
    assert r.exit_code == 2 and "--formats" in r.output and not (tmp_path / "next.xlsx").exists()
    r = CliRunner().invoke(main, ["rollover", str(wb), "-o", str(tmp_path / "next.xlsx"),
                                  "--formats", str(tmp_path / "formats")])
    assert r.exit_code == 0, r.output
    assert read_workbook(tmp_path / "next.xlsx")[0].info.template == "某市2025"


# ---------------------------------------------------------------- the command's edges

@pytest.mark.parametrize("unit, name", [("甲/乙街道", "2024年度绩效自评工作簿_甲_乙街道.xlsx"),
                                        ("丙\\丁:戊*", "2024年度绩效自评工作簿_丙_丁_戊_.xlsx")])
def test_the_default_name_is_made_safe_as_report_names_are(tmp_path, unit, name):
    from ..variants import workbook
    last = workbook(tmp_path / "last.xlsx", unit)
    r = CliRunner().invoke(main, ["rollover", str(last)])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["last.xlsx", name])
    new, _ = read_workbook(tmp_path / name)
    assert new.info.unit_name == unit and new.info.year == 2024


def test_a_workbook_of_the_last_year_supported_is_not_rolled_into_itself(tmp_path):
    from jixiao.cli.yearly import MAX_YEAR

    from ..variants import workbook
    last = workbook(tmp_path / "last.xlsx", "甲街道办事处", edits=(("基本信息", "B3", MAX_YEAR),))
    r = CliRunner().invoke(main, ["rollover", str(last)])
    assert r.exit_code == 2 and r.output.strip() == (
        f"错误 last.xlsx 的年度是 {MAX_YEAR}，下一年度 {MAX_YEAR + 1} 超出了程序支持的范围（2000–{MAX_YEAR}） "
        "请检查上年工作簿“基本信息”中的年度，或用 --year 指定新年度。")
    assert [p.name for p in tmp_path.iterdir()] == ["last.xlsx"]


def test_rollover_never_writes_over_last_years_workbook(tmp_path):
    last = tmp_path / "last.xlsx"
    last.write_bytes(EXAMPLES["000"].read_bytes())
    r = CliRunner().invoke(main, ["rollover", str(last), "-o", str(last), "--force"])
    assert r.exit_code == 2 and "就是上年工作簿，没有覆盖" in r.output
    assert last.read_bytes() == EXAMPLES["000"].read_bytes()
