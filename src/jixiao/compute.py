"""Every figure of the report, computed from the model (../shared/spec/report.md "Figures").

`compute(wb, settings) -> Figures`: pure. Rates are kept as Decimal ratios rounded to four
places (a percentage with two decimals); scores half-up to two decimals.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .contract import BASIC_PARENTS
from .model import BasicRow, Indicator, Project, Workbook
from .quantity import RuleScore, score_by_rule

CENT = Decimal("0.01")
RATE = Decimal("0.0001")
ZERO = Decimal(0)
BUDGET_LEVEL1 = "预算执行率"


def half_up(d: Decimal, q: Decimal = CENT) -> Decimal:
    return d.quantize(q, rounding=ROUND_HALF_UP)


def ratio(num: Decimal | int | None, den: Decimal | int | None) -> Decimal | None:
    """num / den rounded to a percentage with two decimals (0.9412), None when undefined."""
    if num is None or den is None or den == 0:
        return None
    return half_up(Decimal(num) / Decimal(den), RATE)


def add(*values: Decimal | None) -> Decimal | None:
    """Sum of the given values; None only when all are None."""
    present = [v for v in values if v is not None]
    return sum(present, ZERO) if present else None


def grade(total: Decimal) -> str:
    if total >= 90:
        return "优"
    if total >= 80:
        return "良"
    if total >= 60:
        return "中"
    return "差"


@dataclass(frozen=True)
class Settings:
    """Scoring settings of a report template (templates/<name>/settings.toml)."""
    over_budget: str = "full"       # 执行率 > 100%: "full" marks, or "deduct" 分值 × (2 − 执行率)
    budget_weight: Decimal = Decimal(10)   # when 指标体系 has no 预算执行率 row


@dataclass
class Scored:
    """An indicator with the score the report shows."""
    ind: Indicator
    score: Decimal | None            # entered, else by rule, else None
    rule: RuleScore | None = None    # the rule's verdict, when it could judge
    by_rule: bool = False            # the score was computed, not entered


@dataclass
class Level1:
    name: str
    weight: Decimal                  # sum of the 分值 of its indicators
    score: Decimal
    framework_weight: Decimal | None = None   # from 指标体系
    rows: list[Scored] = field(default_factory=list)


@dataclass
class Budget:
    """年度资金总额 line: 分值 × 执行率 (rounded first), capped at 分值."""
    initial: Decimal | None
    budget: Decimal | None
    actual: Decimal | None
    weight: Decimal
    rate: Decimal | None
    score: Decimal | None


@dataclass
class Evaluation:
    """One self-evaluation table: budget line, indicators by 一级指标, total and grade."""
    budget: Budget
    levels: list[Level1]
    total: Decimal | None
    grade: str

    @property
    def rows(self) -> list[Scored]:
        return [s for lv in self.levels for s in lv.rows]


@dataclass
class ProjectFigures:
    project: Project
    initial: Decimal | None
    budget: Decimal | None
    actual: Decimal | None
    increase: Decimal | None         # 年中调增 = 全年预算数 − 年初预算数
    balance: Decimal | None          # 结余结转 = 全年预算数 − 全年执行数
    evaluation: Evaluation | None    # None when the project has no indicators


@dataclass
class BasicLine:
    row: BasicRow
    values: tuple[Decimal | None, Decimal | None, Decimal | None]   # prior, budget, actual
    computed: tuple[bool, bool, bool]   # the value was summed from children


@dataclass
class Figures:
    staff_rate: Decimal | None
    evaluation: Evaluation
    basic: list[BasicLine]
    projects: list[ProjectFigures]
    building_rates: list[tuple[Decimal | None, Decimal | None]]   # 规模控制率, 投资概算控制率

    def basic_value(self, key: str, col: int) -> Decimal | None:
        line = next((b for b in self.basic if b.row.key == key), None)
        return line.values[col] if line else None


def budget_line(initial, budget, actual, weight: Decimal, settings: Settings) -> Budget:
    rate = ratio(actual, budget)
    score = None
    if rate is not None:
        if rate > 1:
            score = weight if settings.over_budget == "full" else max(ZERO, half_up(weight * (2 - rate)))
        else:
            score = min(weight, half_up(weight * rate))
    return Budget(initial, budget, actual, weight, rate, score)


def score_indicator(ind: Indicator) -> Scored:
    rule = None
    if ind.weight is not None:
        verdict = score_by_rule(ind.target, ind.actual, ind.weight, ind.name)
        rule = verdict if verdict.score is not None else None
    if ind.score is not None:
        return Scored(ind, ind.score, rule)
    if rule is not None:
        return Scored(ind, rule.score, rule, by_rule=True)
    return Scored(ind, None, None)


def evaluate(indicators: list[Indicator], budget: Budget,
             framework: dict[str, Decimal | None]) -> Evaluation:
    levels: dict[str, Level1] = {}
    for ind in indicators:
        s = score_indicator(ind)
        lv = levels.setdefault(ind.level1, Level1(ind.level1, ZERO, ZERO, framework.get(ind.level1)))
        lv.rows.append(s)
        lv.weight += ind.weight or 0
        lv.score += s.score or 0
    parts = [budget.score] + [s.score for lv in levels.values() for s in lv.rows]
    # no indicators: the evaluation is incomplete, so there is no 总分 to grade
    total = None if not levels or any(p is None for p in parts) else half_up(sum(parts, ZERO))
    return Evaluation(budget, list(levels.values()), total, grade(total) if total is not None else "")


def _basic_lines(rows: list[BasicRow]) -> list[BasicLine]:
    by_key = {r.key: r for r in rows if r.key}
    projects = [r for r in rows if r.is_project]
    children = {k: [by_key[c] for c in kids if c in by_key] for k, (kids, _) in BASIC_PARENTS.items()}
    children["项目支出"] = projects
    memo: dict[int, BasicLine] = {}

    def line(r: BasicRow) -> BasicLine:
        if id(r) in memo:
            return memo[id(r)]
        own = (r.prior, r.budget, r.actual)
        kids = [line(c) for c in children.get(r.key, [])] if r.key else []
        exact = r.key == "项目支出" or BASIC_PARENTS.get(r.key, ((), ""))[1] == "exact"
        vals, comp = [], []
        for i in range(3):
            summed = add(*(k.values[i] for k in kids)) if kids and exact else None
            vals.append(own[i] if own[i] is not None else summed)
            comp.append(own[i] is None and summed is not None)
        memo[id(r)] = BasicLine(r, tuple(vals), tuple(comp))
        return memo[id(r)]

    return [line(r) for r in rows]


def project_figures(p: Project, settings: Settings) -> ProjectFigures:
    initial = add(*(f.initial for f in p.funds))
    budget = add(*(f.budget for f in p.funds))
    actual = add(*(f.actual for f in p.funds))
    increase = budget - initial if budget is not None and initial is not None else None
    balance = budget - actual if budget is not None and actual is not None else None
    ev = None
    if p.indicators:
        ev = evaluate(p.indicators, budget_line(initial, budget, actual, Decimal(10), settings), {})
    return ProjectFigures(p, initial, budget, actual, increase, balance, ev)


def compute(wb: Workbook, settings: Settings = Settings()) -> Figures:
    framework = {w.name: w.weight for w in wb.weights}
    weight = framework.get(BUDGET_LEVEL1)
    if weight is None:
        weight = settings.budget_weight
    f = wb.funds
    budget = budget_line(f.get("年初预算数"), f.get("全年预算数"), f.get("全年执行数"), weight, settings)
    return Figures(
        staff_rate=ratio(wb.info.staff_actual, wb.info.staff_quota),
        evaluation=evaluate(wb.indicators, budget, framework),
        basic=_basic_lines(wb.basic_rows),
        projects=[project_figures(p, settings) for p in wb.projects],
        building_rates=[(ratio(b.actual_area, b.approved_area), ratio(b.actual_invest, b.budget_invest))
                        for b in wb.buildings],
    )


@dataclass(frozen=True)
class NamedFigure:
    """One figure the report shows, named as a clerk would look for it."""
    name: str                        # "资金情况 全年执行数", "绩效指标 新增就业人数 得分", "总分"
    value: Decimal | int | str | None
    kind: str                        # "money" | "rate" | "count" | "score" | "text"


def named_figures(wb: Workbook, fig: Figures) -> list[NamedFigure]:
    """Every figure of the report by a unique name, in report order: what a rebuild compares."""
    out: list[NamedFigure] = []
    seen: dict[str, int] = {}

    def put(name: str, value, kind: str) -> None:
        n = seen[name] = seen.get(name, 0) + 1
        out.append(NamedFigure(name if n == 1 else f"{name}（{n}）", value, kind))

    info = wb.info
    put("基本信息 编制数", info.staff_quota, "count")
    put("基本信息 实际在职人数", info.staff_actual, "count")
    put("控制率", fig.staff_rate, "rate")
    for label, line in wb.funds.lines.items():
        put(f"资金情况 {label}", line.amount, "money")
    for line in fig.basic:
        for col, v in zip(("上年决算数", "本年预算数", "本年决算数"), line.values):
            put(f"基础数据表 {line.row.label} {col}", v, "money")
    for b, (area, invest) in zip(wb.buildings, fig.building_rates):
        put(f"楼堂馆所 {b.name} 规模控制率", area, "rate")
        put(f"楼堂馆所 {b.name} 投资概算控制率", invest, "rate")
    _evaluation_figures(put, "", fig.evaluation)
    for pf in fig.projects:
        p = f"项目 {pf.project.name} "
        for name, v in (("年初预算数", pf.initial), ("全年预算数", pf.budget), ("全年执行数", pf.actual),
                        ("年中调增", pf.increase), ("结余结转", pf.balance)):
            put(p + name, v, "money")
        if pf.evaluation is not None:
            _evaluation_figures(put, p, pf.evaluation)
    return out


def _evaluation_figures(put, prefix: str, ev: Evaluation) -> None:
    put(prefix + "执行率", ev.budget.rate, "rate")
    put(prefix + "预算执行得分", ev.budget.score, "score")
    for lv in ev.levels:
        put(f"{prefix}{lv.name} 得分", lv.score, "score")
        for s in lv.rows:
            put(f"{prefix}{lv.name} {s.ind.name} 得分", s.score, "score")
    put(prefix + "总分", ev.total, "score")
    put(prefix + "等级", ev.grade, "text")
