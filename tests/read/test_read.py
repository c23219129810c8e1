"""Unit tests of jixiao.read.workbook, sheets → model: the reading rules beyond the contract, and that
every limit the reader enforces is documented (docs/workbook.md) with its value."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.read import clean, formulas, limits, numfmt, sheets, workbook
from jixiao.read.workbook import read_workbook
from tests.broken_factory import GOOD_BYTES, load_good, rename_sheet

ROOT = Path(__file__).resolve().parents[2]


def save(wb, tmp_path: Path, name: str = "x.xlsx") -> Path:
    p = tmp_path / name
    wb.save(p)
    return p


def write(data: bytes, tmp_path: Path) -> Path:
    p = tmp_path / "x.xlsx"
    p.write_bytes(data)
    return p


# ---------------------------------------------------------------- 项目绩效指标: blank 项目名称

def _project_indicators(wb, rows):
    ws = wb["项目绩效指标"]
    ws.delete_rows(2, ws.max_row)
    for i, row in enumerate(rows, start=2):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j, v)


def test_blank_project_name_means_the_row_above(tmp_path):
    wb = load_good()
    name = wb["项目"]["A2"].value
    _project_indicators(wb, [
        [name, "产出指标", "数量指标", "户数", "10户", "10户", 50, 50],
        [None, None, "质量指标", "合格率", "100%", "100%", 30, 30],
        [" ", "效益指标", "社会效益指标", "满意度", "≥90%", "95%", 20, 20],
    ])
    w, msgs = read_workbook(save(wb, tmp_path))
    (p,) = w.projects
    assert [(i.level1, i.level2, i.name) for i in p.indicators] == [
        ("产出指标", "数量指标", "户数"), ("产出指标", "质量指标", "合格率"), ("效益指标", "社会效益指标", "满意度")]
    assert not [m for m in msgs if m.where.startswith("项目绩效指标")]


def test_blank_project_name_on_the_first_row_is_an_error(tmp_path):
    wb = load_good()
    _project_indicators(wb, [[None, "产出指标", "数量指标", "户数", "10户", "10户", 50, 50]])
    w, msgs = read_workbook(save(wb, tmp_path))
    assert any(m.where == "项目绩效指标!A2" and "项目名称为空" in m.what and m.is_error for m in msgs)
    assert not w.projects[0].indicators


def test_unknown_project_is_reported_once_for_its_rows(tmp_path):
    wb = load_good()
    _project_indicators(wb, [["无此项目", "产出指标", "数量指标", "户数", "10户", "10户", 50, 50],
                             [None, None, "质量指标", "合格率", "100%", "100%", 30, 30]])
    _, msgs = read_workbook(save(wb, tmp_path))
    assert [m.where for m in msgs if "不在“项目”表中" in m.what] == ["项目绩效指标!A2"]


# ---------------------------------------------------------------- sheet names

def test_exact_sheet_name_wins_over_a_lenient_match(tmp_path):
    wb = load_good()
    wb.copy_worksheet(wb["基本信息"]).title = "基本信息 "
    wb["基本信息 "]["B2"] = "另一个单位"
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.info.unit_name == "株洲市芦淞区贺家土街道办事处"
    assert not [m for m in msgs if "不完全一致" in m.what]


def test_lenient_sheet_name_note_shows_invisible_characters(tmp_path):
    _, msgs = read_workbook(write(rename_sheet(GOOD_BYTES, "年度目标", "年度目标\u200b"), tmp_path))
    (m,) = [m for m in msgs if "不完全一致" in m.what]
    assert m.level == "提示" and m.where == "年度目标" and "“年度目标\\u200b”" in m.what


def test_hidden_contract_sheet_is_read_with_a_warning(tmp_path):
    wb = load_good()
    wb["年度目标"].sheet_state = "hidden"
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.goals
    assert any(m.where == "年度目标" and m.level == "警告" and "隐藏" in m.what for m in msgs)


# ---------------------------------------------------------------- hidden rows

def test_many_hidden_rows_are_listed_briefly(tmp_path):
    wb = load_good()
    ws = wb["绩效指标"]
    for r in range(3, 20):
        ws.row_dimensions[r].hidden = True
    w, msgs = read_workbook(save(wb, tmp_path))
    (m,) = [m for m in msgs if "隐藏" in m.what]
    assert m.where == "绩效指标!A3" and "3、4、5" in m.what and "等 17 行" in m.what
    assert len(w.indicators) == 29


# ---------------------------------------------------------------- values

def test_error_value_never_reaches_the_model(tmp_path):
    wb = load_good()
    wb["年度目标"]["B2"] = "#N/A"
    wb["报告正文"]["C2"] = "#REF!"
    w, msgs = read_workbook(save(wb, tmp_path))
    assert "#" not in w.goals[0].achieved and "#REF!" not in w.texts[0].content
    assert {m.where for m in msgs if m.is_error} == {"年度目标!B2", "报告正文!C2"}


def test_year_as_a_real_date_reads_its_year(tmp_path):
    from datetime import date
    wb = load_good()
    ws = wb["基本信息"]
    ws["B3"] = date(2023, 5, 1)
    assert ws["A3"].value == "年度"
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.info.year == 2023


def test_text_total_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_TEXT_CHARS", 100)
    w, msgs = read_workbook(write(GOOD_BYTES, tmp_path))
    assert w is None
    (m,) = msgs[-1:]
    assert m.is_error and re.fullmatch(r"\w+!B\d+|\w+!A\d+", m.where) and "文字超过 100 个字" in m.what


def test_unit_name_of_invisible_characters_is_blank(tmp_path):
    wb = load_good()
    wb["基本信息"]["B2"] = "\u200b\u2003\u202e"
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.info.unit_name == ""
    assert any(m.where == "基本信息!B2" and "单位名称" in m.what and m.is_error for m in msgs)


def test_money_in_a_formula_without_cache_uses_unary_minus(tmp_path):
    wb = load_good()
    wb["资金情况"]["B2"] = "=500--7.83"
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.funds.get("年初预算数") == Decimal("507.83")


# ---------------------------------------------------------------- the limits, documented

READING_MODULES = (limits, numfmt, clean, formulas, sheets, workbook)


def _limits():
    for module in READING_MODULES:
        for name in module.LIMITS:
            yield module, name, getattr(module, name)


def _shown(name: str, value) -> str:
    return f"{value // 1048576} MB" if name.endswith("_BYTES") else f"{int(value):,}"


@pytest.mark.parametrize("module, name, value", list(_limits()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_limit_is_documented_with_its_value(module, name, value):
    doc = (ROOT / "docs" / "workbook.md").read_text(encoding="utf-8")
    rows = [line for line in doc.splitlines() if line.startswith(f"| `{name}`")]
    assert rows, f"{name} is not documented in docs/workbook.md"
    assert _shown(name, value) in rows[0], f"{name}: docs/workbook.md does not say {_shown(name, value)}"


@pytest.mark.parametrize("module", READING_MODULES, ids=lambda m: m.__name__)
def test_every_limit_constant_is_listed(module):
    """A MAX_ constant of a reading module missing from its LIMITS tuple would go undocumented."""
    source = Path(module.__file__).read_text(encoding="utf-8")
    assert set(re.findall(r"^(MAX_\w+) = ", source, re.M)) == set(module.LIMITS)


# ---------------------------------------------------------------- property: tab names

from hypothesis import HealthCheck, given, settings          # noqa: E402
from hypothesis import strategies as st                      # noqa: E402

from jixiao.contract import SHEETS                           # noqa: E402

NOISE = st.text(st.sampled_from(" \u3000\u00a0\u2003\u200b\u200d\ufeff\u202e\u2066"), max_size=3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=st.sampled_from([s.name for s in SHEETS if s.name != "预算支出表"]),
       before=NOISE, inside=NOISE, after=NOISE)
def test_tab_names_with_spaces_and_invisible_characters_read_the_same(sheet, before, inside, after, tmp_path):
    """A contract sheet whose tab carries spaces or invisible characters is read as if it were
    named exactly, with a note when the name differs."""
    name = before + sheet[:1] + inside + sheet[1:] + after
    good, _ = read_workbook(write(GOOD_BYTES, tmp_path))
    w, msgs = read_workbook(write(rename_sheet(GOOD_BYTES, sheet, name.replace("&", "&amp;")), tmp_path))
    assert w == good
    notes = [m for m in msgs if "不完全一致" in m.what]
    assert (notes != []) == (name != sheet) and all(m.where == sheet and m.level == "提示" for m in notes)


@pytest.mark.parametrize("name", ["\U000E0100\U000E0101\U000E01EF", "\uFE0F", "\uFE00\uFE0F", "\u180B\u180C\u180D",
                                  "\u200D\u200C", "\u0301\u0302", "\u2800\u3164\u115F", "\U000E0020\U000E007F",
                                  "\uFE0F\u200D\u00A0\u3000"])
def test_a_unit_name_with_no_visible_character_is_an_error(tmp_path, name):
    wb = load_good()
    wb["基本信息"]["B2"] = name
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.info.unit_name == ""
    assert any(m.where == "基本信息!B2" and "单位名称" in m.what and m.is_error for m in msgs), msgs


def test_a_unit_name_with_variation_selectors_and_visible_text_is_kept(tmp_path):
    wb = load_good()
    wb["基本信息"]["B2"] = "月湖街道\uFE0F"
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.info.unit_name.startswith("月湖街道")
    assert not any(m.where == "基本信息!B2" and m.is_error for m in msgs)


def test_default_ignorable_is_unicodes_property():
    """Derived as DerivedCoreProperties.txt derives it: 4,174 code points (Unicode 9 to 15)."""
    import sys

    assert sum(clean.default_ignorable(chr(c)) for c in range(sys.maxunicode + 1)) == 4174
    assert all(clean.default_ignorable(c) for c in "\u00AD\u034F\u180B\u180F\u200B\u200D\u2060\uFE0F\uFEFF\U000E0001\U000E0100")
    assert not any(clean.default_ignorable(c) for c in "\u0600\u06DD\uFFF9\u0020\u3000甲a")
