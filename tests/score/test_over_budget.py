"""Scoring rules as data: the over-budget rule as steps (and its presets full / deduct), and
per-source 分值 that stand apart from the budget line (project.source_rule). Worked by hand."""
from decimal import Decimal as D

from jixiao.model import Project, ProjectFund, Indicator
from jixiao.score.figures import budget_line, project_figures
from jixiao.score.rules import Scoring, over_budget_deduction

STEPS = ((D(120), D(1)), (D(150), D(2)), (D(200), D(5)))


def test_steps_take_off_the_points_of_the_highest_threshold_passed():
    assert over_budget_deduction(D("100.01"), STEPS) == 0
    assert over_budget_deduction(D("120.00"), STEPS) == 0          # "above 120": 120 itself is not
    assert over_budget_deduction(D("120.01"), STEPS) == 1
    assert over_budget_deduction(D("148.00"), STEPS) == 1
    assert over_budget_deduction(D("150.50"), STEPS) == 2
    assert over_budget_deduction(D("900"), STEPS) == 5


def test_budget_line_by_each_rule():
    # 1776 / 1200 = 148.00 %
    stepped = budget_line(None, D(1200), D(1776), D(10), Scoring(over_budget=STEPS))
    assert stepped.rate == D("1.48") and stepped.score == D(9)
    assert budget_line(None, D(1200), D(1776), D(10), Scoring()).score == D(10)                      # full
    assert budget_line(None, D(1200), D(1776), D(10), Scoring(over_budget="deduct")).score == D("5.20")   # 10 × 0.52
    assert budget_line(None, D(100), D(1000), D(3), Scoring(over_budget=STEPS)).score == D(0)        # never below 0
    assert budget_line(None, D(100), D(90), D(10), Scoring(over_budget=STEPS)).score == D(9)         # under: 分值 × rate


def _project() -> Project:
    return Project("专项", funds=[ProjectFund("当年财政拨款", D(100), D(100), D(100)),
                                ProjectFund("上年结转资金", D(50), D(50), D(25))],
                   indicators=[Indicator("产出指标", "数量指标", "x", "", "", D(90), D(90))])


def test_sources_summed_or_separate():
    weights = (("当年财政拨款", D(10)), ("上年结转资金", D(10)), ("其他资金", D(10)))
    summed = project_figures(_project(), Scoring(source_weights=weights)).evaluation.budget
    # sum: 10 + 10 × 50% + 10 (no money: full) = 25 out of 30
    assert (summed.weight, summed.score) == (D(30), D(25))
    separate = project_figures(_project(), Scoring(source_weights=weights, source_rule="separate"))
    # separate: the line is 10 × 125/150 = 10 × 83.33% = 8.33; each source keeps its own 分值 and 得分
    assert (separate.evaluation.budget.weight, separate.evaluation.budget.score) == (D(10), D("8.33"))
    assert [(s.weight, s.score) for s in separate.sources] == [(D(10), D(10)), (D(10), D(5)), (D(10), D(10))]
