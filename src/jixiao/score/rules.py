"""How a report format scores (docs/formats.md, [scoring], [framework], [project]): the total, the
grades, the indicator frameworks and what the budget line counts for. The format's settings
become a `Scoring` (formats/load.py); the figures (figures.py) and the checks (check.py) apply it.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

BUDGET_LEVEL1 = "预算执行率"     # the 指标体系 row that is the budget line, not a 一级指标

GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))


def grade(total: Decimal, grades: tuple[tuple[Decimal, str], ...] = GRADES) -> str:
    """The 等级 of a 总分: the first band whose lower bound it reaches (lower bound inclusive)."""
    return next((name for low, name in grades if total >= low), grades[-1][1])


def over_budget_deduction(rate_pct: Decimal, steps: tuple[tuple[Decimal, Decimal], ...]) -> Decimal:
    """Points taken off for an 执行率 above 100 % by a stepped rule: the deduction of the highest
    threshold the rate (in per cent) is above; 0 when it is above none."""
    off = Decimal(0)
    for above, points in steps:
        if rate_pct > above:
            off = points
    return off


@dataclass(frozen=True)
class Level1Spec:
    """One 一级指标 of an indicator framework: its weight and its 二级指标."""
    name: str
    weight: Decimal
    level2: tuple[str, ...] = ()


@dataclass(frozen=True)
class Framework:
    """An indicator framework (指标体系): the budget line's weight and the 一级指标."""
    budget: Decimal | None = Decimal(10)
    levels: tuple[Level1Spec, ...] = ()

    def weight(self, name: str) -> Decimal | None:
        return next((lv.weight for lv in self.levels if lv.name == name), None)

    def level2(self, name: str) -> tuple[str, ...]:
        return next((lv.level2 for lv in self.levels if lv.name == name), ())


@dataclass(frozen=True)
class Scoring:
    """The scoring rules of a report format (format.toml [scoring], [framework], [project])."""
    total: Decimal = Decimal(100)            # the full 总分
    budget_in_total: bool = True             # the budget line's points count inside 总分
    # 执行率 > 100%: "full" marks, "deduct" 分值 × (2 − 执行率), or steps: ((above %, points off), …)
    over_budget: str | tuple[tuple[Decimal, Decimal], ...] = "full"
    show_grade: bool = True                  # 等级 shown wherever a 总分 is
    source_rule: str = "sum"                 # per-source 分值: "sum" make up the budget line, "separate" do not
    show_total: bool = True                  # 总分 and 等级 shown in the report
    grades: tuple[tuple[Decimal, str], ...] = GRADES
    framework: Framework = Framework()       # used when the workbook's 指标体系 is empty
    project_budget_weight: Decimal = Decimal(10)
    project_framework: Framework = Framework()
    source_weights: tuple[tuple[str, Decimal], ...] = ()   # per 资金来源 points in project tables
    project_total: Decimal = Decimal(100)    # a project table's full 总分
    project_budget_in_total: bool = True     # its 资金 line counts inside that 总分

    def for_projects(self) -> "Scoring":
        """The rules a project table is scored by: its own total and budget rule."""
        return dataclasses.replace(self, total=self.project_total, budget_in_total=self.project_budget_in_total)
