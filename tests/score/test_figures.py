"""Unit tests of jixiao.score.figures: every figure, from hand-made model objects."""
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.score.figures import (BudgetLine, add, budget_line, compute, evaluate, half_up, project_figures, ratio,
                                  score_indicator)
from jixiao.score.rules import Framework, Level1Spec, Scoring, grade
from jixiao.model import (BasicRow, Building, FundLine, Funds, Indicator, Info, Project, ProjectFund,
                          Weight, Workbook)

FULL = Scoring(over_budget="full")
DEDUCT = Scoring(over_budget="deduct")


def fw(**weights) -> Framework:
    return Framework(D(10), tuple(Level1Spec(k, D(v)) for k, v in weights.items()))


def ind(level1="产出指标", name="指标", target="", actual="", weight="10", score=None, level2="数量指标",
        remark=""):
    return Indicator(level1, level2, name, target, actual,
                     None if weight is None else D(weight), None if score is None else D(score), remark)


def budget(score="10", weight="10", rate="1") -> BudgetLine:
    return BudgetLine(None, D(100), D(100), D(weight), D(rate), None if score is None else D(score))


# ---------------------------------------------------------------- ratio, half_up, add

@pytest.mark.parametrize("num, den, expected", [
    (32, 34, D("0.9412")),
    (D("1902.68"), D("3911.21"), D("0.4865")),
    (36, 34, D("1.0588")),              # may exceed 100%
    (1, 3, D("0.3333")),
    (2, 3, D("0.6667")),
    (D("0.00005"), 1, D("0.0001")),     # half-up, not banker's
    (D("0.00015"), 1, D("0.0002")),
    (0, 5, D("0.0000")),
])
def test_ratio(num, den, expected):
    got = ratio(num, den)
    assert got == expected
    assert got.as_tuple().exponent == -4


@pytest.mark.parametrize("num, den", [(1, 0), (1, None), (None, 1), (None, None), (D(5), D("0.00"))])
def test_ratio_undefined(num, den):
    assert ratio(num, den) is None


@pytest.mark.parametrize("value, expected", [
    ("4.865", "4.87"), ("4.875", "4.88"), ("4.864999", "4.86"), ("-4.865", "-4.87"), ("2.5", "2.50"),
])
def test_half_up(value, expected):
    assert str(half_up(D(value))) == expected


def test_add():
    assert add() is None
    assert add(None, None) is None
    assert add(D("1.10"), None, D("2.20")) == D("3.30")
    assert add(D(0)) == D(0)


# ---------------------------------------------------------------- budget line

def test_budget_line_spec_example():
    b = budget_line(D("3000"), D("3911.21"), D("1902.68"), D(10), FULL)
    assert b.rate == D("0.4865")
    assert b.score == D("4.87")           # 10 × 0.4865 = 4.865 → 4.87 half-up
    assert (b.initial, b.budget, b.actual, b.weight) == (D("3000"), D("3911.21"), D("1902.68"), D(10))


def test_budget_line_score_uses_the_rounded_rate():
    # 48645 / 100000 = 0.48645 → 0.4865 first; 10 × 0.4865 = 4.865 → 4.87 (unrounded: 4.8645 → 4.86)
    b = budget_line(None, D("100000"), D("48645"), D(10), FULL)
    assert b.rate == D("0.4865")
    assert b.score == D("4.87")
    # 33335 / 100000 = 0.33335 → 0.3334 (half-up, not half-even)
    b = budget_line(None, D("100000"), D("33335"), D(3), FULL)
    assert b.rate == D("0.3334")
    assert b.score == D("1.00")


def test_budget_line_exactly_full():
    b = budget_line(None, D(100), D(100), D(10), FULL)
    assert b.rate == D("1.0000") and b.score == D(10)


def test_budget_line_over_budget_full():
    b = budget_line(None, D(100), D(105), D(10), FULL)
    assert b.rate == D("1.0500")
    assert b.score == D(10)


def test_budget_line_over_budget_default_setting_is_full():
    assert Scoring().over_budget == "full"
    assert budget_line(None, D(100), D(130), D(10), Scoring()).score == D(10)


@pytest.mark.parametrize("actual, expected", [
    ("105", "9.50"),        # 10 × (2 − 1.05)
    ("104.55", "9.55"),     # 10 × (2 − 1.0455) = 9.545 → 9.55 half-up
    ("100.01", "10.00"),    # 10 × 0.9999 = 9.999 → 10.00
    ("250", "0"),           # never negative
])
def test_budget_line_over_budget_deduct(actual, expected):
    b = budget_line(None, D(100), D(actual), D(10), DEDUCT)
    assert b.score == D(expected)
    assert b.score >= 0


@pytest.mark.parametrize("bud", [D(0), D("0.00"), None])
def test_budget_line_without_budget_has_no_rate(bud):
    b = budget_line(None, bud, D("250"), D(10), FULL)
    assert b.rate is None and b.score is None


def test_budget_line_without_actual():
    b = budget_line(None, D(100), None, D(10), FULL)
    assert b.rate is None and b.score is None


@given(st.integers(min_value=1, max_value=10 ** 8), st.integers(min_value=0, max_value=10 ** 8),
       st.sampled_from([D(5), D(10), D("7.5")]))
def test_budget_score_never_exceeds_weight(bud, act, weight):
    for s in (FULL, DEDUCT):
        b = budget_line(None, D(bud) / 100, D(act) / 100, weight, s)
        assert D(0) <= b.score <= weight


@pytest.mark.parametrize("bud, act, weight, rate, score", [
    # 1902.68 / 3911.21 = 0.486469… → 0.4865; 10 × 0.4865 = 4.865 → 4.87
    ("3911.21", "1902.68", "10", "0.4865", "4.87"),
    # 2 / 3 = 0.66666… → 0.6667; 7.5 × 0.6667 = 5.00025 → 5.00
    ("3", "2", "7.5", "0.6667", "5.00"),
    # 1 / 3 = 0.33333… → 0.3333; 5 × 0.3333 = 1.6665 → 1.67 (half-up, not half-even 1.66)
    ("3", "1", "5", "0.3333", "1.67"),
    # 99.995 / 100 = 0.99995 → 1.0000 (the rounded rate is 100 %); 10 × 1 = 10.00
    ("100", "99.995", "10", "1.0000", "10.00"),
    # 0.01 / 100 = 0.0001; 5 × 0.0001 = 0.0005 → 0.00
    ("100", "0.01", "5", "0.0001", "0.00"),
    # 0 spent: 0 / 250 = 0 → 0.00
    ("250", "0", "10", "0.0000", "0.00"),
])
def test_budget_score_worked_by_hand(bud, act, weight, rate, score):
    b = budget_line(None, D(bud), D(act), D(weight), FULL)
    assert b.rate == D(rate) and b.score == D(score)


# ---------------------------------------------------------------- grade

@pytest.mark.parametrize("total, expected", [
    ("100", "优"), ("90", "优"), ("90.00", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"),
    ("60", "中"), ("59.99", "差"), ("0", "差"),
])
def test_grade(total, expected):
    assert grade(D(total)) == expected


# ---------------------------------------------------------------- one indicator

def test_score_indicator_entered_score_wins():
    s = score_indicator(ind(name="党员活动≥（次）", target="6次", actual="3次", weight="2", score="2"))
    assert s.score == D(2) and not s.by_rule
    assert s.rule is not None and s.rule.score == D("1.00")    # the rule's verdict is kept for the check


def test_score_indicator_blank_quantitative_by_rule():
    s = score_indicator(ind(name="党员活动≥（次）", target="6次", actual="3次", weight="2"))
    assert s.by_rule is True
    assert s.score == D("1.00")             # 2 × 3 / 6


def test_score_indicator_blank_quantitative_met():
    s = score_indicator(ind(name="群众满意度", target="≥90%", actual="96%", weight="5"))
    assert s.by_rule and s.score == D(5)


def test_score_indicator_reverse():
    s = score_indicator(ind(name="投诉率", target="≤5%", actual="10%", weight="4"))
    assert s.by_rule and s.score == D("2.00")       # 4 × 5 / 10


def test_score_indicator_qualitative_blank():
    s = score_indicator(ind(name="群众获得感", target="有所提升", actual="有所提升", weight="5"))
    assert s.score is None and s.rule is None and not s.by_rule


def test_score_indicator_without_weight():
    s = score_indicator(ind(target="6次", actual="3次", weight=None))
    assert s.score is None and s.rule is None


# ---------------------------------------------------------------- evaluate

def _indicators():
    return [
        ind("产出指标", "党员活动≥（次）", "6次", "3次", "2", None),         # by rule: 1.00
        ind("产出指标", "合格率", "100%", "100%", "18", "18", level2="质量指标"),
        ind("效益指标", "群众知晓率", "≥90%", "95%", "30", "28.5", level2="社会效益指标"),
        ind("产出指标", "完成时限", "12月底前", "按时", "20", "19.5", level2="时效指标"),  # back to 产出
    ]


def test_evaluate_levels_in_first_seen_order_with_sums():
    ev = evaluate(_indicators(), budget("4.87"), fw(产出指标=40, 效益指标=30), FULL)
    assert [lv.name for lv in ev.levels] == ["产出指标", "效益指标"]
    out, eff = ev.levels
    assert out.weight == D(40) and out.score == D("38.50")       # 1.00 + 18 + 19.5
    assert eff.weight == D(30) and eff.score == D("28.5")
    assert out.framework_weight == D(40) and eff.framework_weight == D(30)
    assert [s.ind.name for s in out.rows] == ["党员活动≥（次）", "合格率", "完成时限"]
    assert [s.by_rule for s in ev.rows] == [True, False, False, False]


def test_evaluate_total_and_grade():
    ev = evaluate(_indicators(), budget("4.87"), Framework(), FULL)
    assert ev.total == D("71.87")        # 4.87 + 1.00 + 18 + 28.5 + 19.5
    assert ev.grade == "中"
    assert ev.levels[0].framework_weight is None


def test_evaluate_total_reaches_grade_bound():
    inds = [ind(weight="90", score="85.13")]
    ev = evaluate(inds, budget("4.87"), Framework(), FULL)
    assert ev.total == D("90.00") and ev.grade == "优"


def test_evaluate_qualitative_blank_makes_total_none():
    inds = _indicators() + [ind("满意度指标", "群众满意度", "较满意", "满意", "10", None)]
    ev = evaluate(inds, budget("4.87"), Framework(), FULL)
    assert ev.total is None
    assert ev.grade == ""
    assert ev.levels[-1].score == D(0)        # the unscored row adds nothing
    assert ev.rows[-1].score is None


def test_evaluate_budget_without_score_makes_total_none():
    ev = evaluate(_indicators(), budget(None), Framework(), FULL)
    assert ev.total is None and ev.grade == ""


def test_evaluate_without_indicators_has_no_total():
    ev = evaluate([], budget("4.87"), Framework(), FULL)
    assert ev.total is None and ev.grade == ""


# ---------------------------------------------------------------- compute(): whole workbook

def test_compute_budget_weight_from_framework_and_staff_rate():
    wb = Workbook(info=Info(unit_name="单位", year=2023, staff_quota=34, staff_actual=32),
                  funds=Funds({"年初预算数": FundLine(D(3000)), "全年预算数": FundLine(D("3911.21")),
                               "全年执行数": FundLine(D("1902.68"))}),
                  weights=[Weight("预算执行率", D(20)), Weight("产出指标", D(80))],
                  indicators=[ind(weight="80", score="80")])
    fig = compute(wb)
    assert fig.staff_rate == D("0.9412")
    b = fig.evaluation.budget
    assert b.weight == D(20) and b.rate == D("0.4865") and b.score == D("9.73")   # 20 × 0.4865
    assert fig.evaluation.total == D("89.73") and fig.evaluation.grade == "良"


def test_compute_budget_weight_from_the_format_when_the_workbook_lacks_it():
    wb = Workbook(funds=Funds({"全年预算数": FundLine(D(100)), "全年执行数": FundLine(D(50))}))
    scoring = Scoring(framework=Framework(D(15)))
    assert compute(wb, scoring).evaluation.budget.weight == D(15)
    assert compute(wb, scoring).evaluation.budget.score == D("7.50")
    assert compute(wb).evaluation.budget.weight == D(10)
    assert not compute(wb).framework_from_workbook
    # a 指标体系 without 预算执行率 keeps the format's budget weight too (check.py says if it no longer adds up)
    wb.weights = [Weight("产出指标", D(90))]
    fig = compute(wb, scoring)
    assert fig.framework_from_workbook and fig.evaluation.budget.weight == D(15)
    assert fig.framework.levels == (Level1Spec("产出指标", D(90)),)


def test_budget_outside_the_total():
    wb = Workbook(funds=Funds({"全年预算数": FundLine(D(100)), "全年执行数": FundLine(D(50))}),
                  weights=[Weight("产出指标", D(100))], indicators=[ind(weight="100", score="95")])
    ev = compute(wb, Scoring(budget_in_total=False)).evaluation
    assert ev.budget.score == D("5.00")       # still scored and shown
    assert ev.total == D(95)                  # but 总分 is the indicators only
    assert compute(wb, Scoring()).evaluation.total == D("100.00")


def test_grades_follow_the_format():
    grades = ((D(85), "好"), (D(0), "差"))
    assert grade(D(85), grades) == "好" and grade(D("84.99"), grades) == "差"


def test_project_source_weights_score_each_source():
    p = Project("p", funds=[ProjectFund("当年财政拨款", D(100), D(100), D(90)),
                            ProjectFund("其他资金", D(50), D(50), D(25))],
                indicators=[ind(weight="90", score="90")])
    pf = project_figures(p, Scoring(source_weights=(("当年财政拨款", D(6)), ("其他资金", D(4)))))
    own, carried, other = pf.sources
    assert (own.rate, own.score) == (D("0.9000"), D("5.40"))      # 6 × 90%
    assert (other.rate, other.score) == (D("0.5000"), D("2.00"))   # 4 × 50%
    assert carried.weight is None and carried.score is None
    # a scored source the project has no money from keeps its full points
    none = project_figures(p, Scoring(source_weights=(("当年财政拨款", D(6)), ("上年结转资金", D(4)))))
    assert none.sources[1].score == D(4) and none.evaluation.budget.score == D("9.40")
    ev = pf.evaluation
    assert ev.budget.weight == D(10) and ev.budget.score == D("7.40")
    assert ev.total == D("97.40")


def test_compute_over_budget_setting_reaches_the_budget_line():
    wb = Workbook(funds=Funds({"全年预算数": FundLine(D(100)), "全年执行数": FundLine(D(110))}))
    assert compute(wb, FULL).evaluation.budget.score == D(10)
    assert compute(wb, DEDUCT).evaluation.budget.score == D("9.00")


def test_compute_budget_weight_zero_in_framework_is_kept():
    wb = Workbook(funds=Funds({"全年预算数": FundLine(D(100)), "全年执行数": FundLine(D(100))}),
                  weights=[Weight("预算执行率", D(0)), Weight("产出指标", D(100))],
                  indicators=[ind(weight="100", score="100")])
    ev = compute(wb).evaluation
    assert ev.budget.weight == D(0)
    assert ev.total == D(100)


def test_compute_staff_rate_none_without_quota():
    assert compute(Workbook(info=Info(staff_quota=0, staff_actual=3))).staff_rate is None
    assert compute(Workbook(info=Info(staff_quota=None, staff_actual=3))).staff_rate is None


# ---------------------------------------------------------------- 基础数据表 lines

def row(label, key=None, prior=None, bud=None, actual=None):
    f = lambda v: None if v is None else D(v)  # noqa: E731
    return BasicRow(label, label if key is None else key, f(prior), f(bud), f(actual))


def _basic_rows():
    return [
        row("三公经费"),
        row("公务用车购置和维护经费"),
        row("公车购置", actual="10.5", bud="12"),
        row("公车运行维护", actual="5.25", bud="6"),
        row("出国经费", actual="0"),
        row("公务接待", actual="3.1", bud="4"),
        row("项目支出"),
        row("业务工作经费", key="", prior="100", bud="200", actual="150.5"),
        row("运行维护经费", key="", bud="50", actual="49.5"),
        row("业务工作经费", key="", actual="1"),        # the same label twice
        row("公用经费"),
        row("办公经费", actual="20"),
        row("水费、电费、差旅费", actual="5"),
        row("会议费、培训费", actual="3"),
        row("政府采购金额", actual="88"),
    ]


def _lines():
    fig = compute(Workbook(basic_rows=_basic_rows()))
    return fig, fig.basic


def test_basic_lines_keep_order_and_rows():
    fig, _ = _lines()
    assert [ln.row.label for ln in fig.basic] == [r.label for r in _basic_rows()]


def test_basic_blank_project_parent_is_sum_of_project_rows():
    fig, _ = _lines()
    line = next(ln for ln in fig.basic if ln.row.key == "项目支出")
    assert line.values == (D("100"), D("250"), D("201.0"))
    assert line.computed == (True, True, True)
    assert fig.basic_value("项目支出", 2) == D("201")


def test_basic_nested_sum_three_public():
    fig, _ = _lines()
    car = next(ln for ln in fig.basic if ln.row.key == "公务用车购置和维护经费")
    assert car.values == (None, D(18), D("15.75"))
    assert car.computed == (False, True, True)
    # 三公经费 = 公务用车（itself blank: 公车购置 + 公车运行维护）+ 出国经费 + 公务接待
    assert fig.basic_value("三公经费", 2) == D("18.85")
    assert fig.basic_value("三公经费", 1) == D(22)
    assert fig.basic_value("三公经费", 0) is None


def test_basic_part_parent_stays_blank():
    fig, _ = _lines()
    assert fig.basic_value("公用经费", 2) is None
    line = next(ln for ln in fig.basic if ln.row.key == "公用经费")
    assert line.computed == (False, False, False)


def test_basic_filled_parent_is_kept_even_if_different():
    rows = _basic_rows()
    rows[0] = row("三公经费", actual="99")
    rows[6] = row("项目支出", actual="1")
    fig = compute(Workbook(basic_rows=rows))
    assert fig.basic_value("三公经费", 2) == D(99)
    assert fig.basic_value("项目支出", 2) == D(1)
    line = next(ln for ln in fig.basic if ln.row.key == "三公经费")
    assert line.computed[2] is False


def test_basic_leaf_values_unchanged():
    fig, _ = _lines()
    assert fig.basic_value("政府采购金额", 2) == D(88)
    assert fig.basic_value("出国经费", 2) == D(0)
    assert fig.basic_value("不存在", 2) is None


# ---------------------------------------------------------------- projects

def test_project_figures_multiple_fund_rows():
    p = Project("社区治理项目", funds=[
        ProjectFund("当年财政拨款", D("100"), D("150.5"), D("120.25")),
        ProjectFund("上年结转资金", None, D("20"), D("20")),
        ProjectFund("其他资金", D("10"), D("10"), D("5")),
    ])
    pf = project_figures(p, FULL)
    assert pf.initial == D("110")
    assert pf.budget == D("180.5")
    assert pf.actual == D("145.25")
    assert pf.increase == D("70.5")          # 180.5 − 110
    assert pf.balance == D("35.25")          # 180.5 − 145.25
    assert pf.evaluation is None             # no indicators, no table


def test_project_figures_decrease_is_negative():
    pf = project_figures(Project("p", funds=[ProjectFund("当年财政拨款", D(100), D(80), D(80))]), FULL)
    assert pf.increase == D(-20) and pf.balance == D(0)


def test_project_figures_without_funds():
    pf = project_figures(Project("p"), FULL)
    assert (pf.initial, pf.budget, pf.actual, pf.increase, pf.balance) == (None,) * 5


def test_project_figures_missing_initial():
    pf = project_figures(Project("p", funds=[ProjectFund("当年财政拨款", None, D(50), D(40))]), FULL)
    assert pf.increase is None and pf.balance == D(10)


def test_project_evaluation_budget_weight_is_ten():
    p = Project("p", funds=[ProjectFund("当年财政拨款", D(100), D(120), D(110))],
                indicators=[ind(weight="90", score="90")])
    pf = project_figures(p, FULL)
    ev = pf.evaluation
    assert ev.budget.weight == D(10)
    assert ev.budget.rate == D("0.9167") and ev.budget.score == D("9.17")
    assert ev.total == D("99.17") and ev.grade == "优"


def test_compute_projects_in_order():
    wb = Workbook(projects=[Project("甲"), Project("乙", indicators=[ind(weight="90", score="90")])])
    fig = compute(wb)
    assert [pf.project.name for pf in fig.projects] == ["甲", "乙"]
    assert fig.projects[0].evaluation is None and fig.projects[1].evaluation is not None


# ---------------------------------------------------------------- buildings

def test_building_rates():
    wb = Workbook(buildings=[
        Building("办公楼", D(1000), D(950), D(500), D("512.5")),
        Building("仓库", D(0), D(10), None, D(5)),
    ])
    assert compute(wb).building_rates == [(D("0.9500"), D("1.0250")), (None, None)]
