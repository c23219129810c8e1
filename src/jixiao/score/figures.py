"""Every figure of the report, computed from the model by the format's scoring rules (rules.py;
docs/workbook.md, docs/formats.md).

`compute(wb, scoring) -> Figures`: pure. Rates are kept as Decimal ratios rounded to four
places (a percentage with two decimals); scores half-up to two decimals. Nothing else in the
program computes a figure: the render stage and the checks read them from here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from jixiao.contract import BASIC_PARENTS, BUDGET_TYPES, FUND_SOURCES
from jixiao.model import BasicRow, BudgetRow, Indicator, Project, ProjectFund, Weight, Workbook
from jixiao.score.quantity import RuleScore, score_by_rule
from jixiao.score.rules import BUDGET_LEVEL1, Framework, Level1Spec, Scoring, grade, over_budget_deduction

CENT = Decimal("0.01")
RATE = Decimal("0.0001")
ZERO = Decimal(0)


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
class BudgetLine:
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
    budget: BudgetLine
    levels: list[Level1]
    total: Decimal | None
    grade: str
    full: Decimal = Decimal(100)     # the 分值 of the 总分 row
    budget_counted: bool = True      # the budget line's 得分 is part of the total

    @property
    def rows(self) -> list[Scored]:
        return [s for lv in self.levels for s in lv.rows]


@dataclass
class SourceLine:
    """One 资金来源 of a project: its amounts, and its points when the format scores sources."""
    source: str
    initial: Decimal | None
    budget: Decimal | None
    actual: Decimal | None
    weight: Decimal | None           # None: this source is not scored on its own
    rate: Decimal | None
    score: Decimal | None


@dataclass
class ProjectFigures:
    project: Project
    initial: Decimal | None
    budget: Decimal | None
    actual: Decimal | None
    increase: Decimal | None         # 年中调增 = 全年预算数 − 年初预算数
    balance: Decimal | None          # 结余结转 = 全年预算数 − 全年执行数
    evaluation: Evaluation | None    # None when the project has no indicators
    sources: list[SourceLine] = field(default_factory=list)   # 当年财政拨款, 上年结转资金, 其他资金


@dataclass
class BasicLine:
    row: BasicRow
    values: tuple[Decimal | None, Decimal | None, Decimal | None]   # prior, budget, actual
    computed: tuple[bool, bool, bool]   # the value was summed from children


@dataclass
class BudgetTable:
    """One 预算支出情况表 (政府性基金 / 国有资本经营 / 社会保险基金): rows and totals."""
    budget_type: str
    rows: list[tuple[BudgetRow, Decimal | None]]     # each row with its 合计 (entered, else 基本＋项目)
    total: Decimal | None
    basic: Decimal | None
    project: Decimal | None


@dataclass
class Figures:
    staff_rate: Decimal | None       # 控制率 = 实际在职人数 / 编制数
    staff_change: int | None         # 实际在职人数 − 上年实际在职人数
    framework: Framework             # the one the evaluation followed (workbook's, else format's)
    framework_from_workbook: bool    # False: 指标体系 was empty and the format's framework was used
    evaluation: Evaluation
    basic: list[BasicLine]
    projects: list[ProjectFigures]
    building_rates: list[tuple[Decimal | None, Decimal | None]]   # 规模控制率, 投资概算控制率
    budget_tables: dict[str, BudgetTable] = field(default_factory=dict)   # types with rows only
    income_total: Decimal | None = None     # 按收入性质分: the 收入： lines of 资金情况 added up
    spend_total: Decimal | None = None      # 按支出性质分: the 支出： lines added up

    def basic_value(self, key: str, col: int) -> Decimal | None:
        line = next((b for b in self.basic if b.row.key == key), None)
        return line.values[col] if line else None


def budget_line(initial, budget, actual, weight: Decimal, scoring: Scoring) -> BudgetLine:
    """分值 × 执行率 (the rate rounded to a percentage with two decimals first), half-up, capped
    at 分值; above 100 % as the format says."""
    rate = ratio(actual, budget)
    score = None
    if rate is not None:
        if rate > 1:
            rule = scoring.over_budget
            if rule == "full":
                score = weight
            elif rule == "deduct":
                score = max(ZERO, half_up(weight * (2 - rate)))
            else:
                score = max(ZERO, weight - over_budget_deduction(half_up(rate * 100), rule))
        else:
            score = min(weight, half_up(weight * rate))
    return BudgetLine(initial, budget, actual, weight, rate, score)


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


def evaluate(indicators: list[Indicator], budget: BudgetLine, framework: Framework,
             scoring: Scoring) -> Evaluation:
    levels: dict[str, Level1] = {}
    for ind in indicators:
        s = score_indicator(ind)
        lv = levels.setdefault(ind.level1, Level1(ind.level1, ZERO, ZERO, framework.weight(ind.level1)))
        lv.rows.append(s)
        lv.weight += ind.weight or 0
        lv.score += s.score or 0
    parts = [s.score for lv in levels.values() for s in lv.rows]
    if scoring.budget_in_total:
        parts.append(budget.score)
    # no indicators: the evaluation is incomplete, so there is no 总分 to grade
    total = None if not levels or any(p is None for p in parts) else half_up(sum(parts, ZERO))
    return Evaluation(budget, list(levels.values()), total,
                      grade(total, scoring.grades) if total is not None else "", scoring.total,
                      scoring.budget_in_total)


def workbook_framework(weights: list[Weight], scoring: Scoring) -> Framework:
    """指标体系 as a Framework: the 预算执行率 row is the budget line; without one, the format's
    budget weight stands (the checks say when the sum then misses the format's total)."""
    budget = next((w.weight for w in weights if w.name == BUDGET_LEVEL1), None)
    if budget is None:
        budget = scoring.framework.budget
    return Framework(budget, tuple(Level1Spec(w.name, w.weight if w.weight is not None else ZERO,
                                              scoring.framework.level2(w.name))
                                   for w in weights if w.name != BUDGET_LEVEL1))


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


def _source_line(source: str, funds: list[ProjectFund], weight: Decimal | None, scoring: Scoring) -> SourceLine:
    """One 资金来源 of a project. When the format scores it: 分值 × its own 执行率; a source the
    project has no money from (no 全年预算数, nothing spent) has nothing to fall short of and
    scores its full 分值, so every project is scored out of the same points."""
    mine = [f for f in funds if f.source == source]
    initial, budget, actual = (add(*(getattr(f, a) for f in mine)) for a in ("initial", "budget", "actual"))
    score = None
    if weight is not None:
        if not budget and not actual:
            score = weight
        else:
            score = budget_line(initial, budget, actual, weight, scoring).score
    return SourceLine(source, initial, budget, actual, weight, ratio(actual, budget), score)


def project_figures(p: Project, scoring: Scoring) -> ProjectFigures:
    initial = add(*(f.initial for f in p.funds))
    budget = add(*(f.budget for f in p.funds))
    actual = add(*(f.actual for f in p.funds))
    increase = budget - initial if budget is not None and initial is not None else None
    balance = budget - actual if budget is not None and actual is not None else None
    weights = dict(scoring.source_weights)
    sources = [_source_line(s, p.funds, weights.get(s), scoring) for s in FUND_SOURCES]
    ev = None
    if p.indicators:
        if weights and scoring.source_rule == "sum":      # the budget line is the sum of the scored sources
            scored = [s for s in sources if s.weight is not None]
            score = None if any(s.score is None for s in scored) else add(*(s.score for s in scored))
            line = BudgetLine(initial, budget, actual, add(*(s.weight for s in scored)) or ZERO,
                          ratio(actual, budget), score)
        else:
            line = budget_line(initial, budget, actual, scoring.project_budget_weight, scoring)
        ev = evaluate(p.indicators, line, scoring.project_framework, scoring.for_projects())
    return ProjectFigures(p, initial, budget, actual, increase, balance, ev, sources)


def budget_tables(rows: list[BudgetRow]) -> dict[str, BudgetTable]:
    out: dict[str, BudgetTable] = {}
    for btype in BUDGET_TYPES:
        mine = [(r, r.total if r.total is not None else add(r.basic, r.project))
                for r in rows if r.budget_type == btype]
        if mine:
            out[btype] = BudgetTable(btype, mine, add(*(t for _, t in mine)), add(*(r.basic for r, _ in mine)),
                                     add(*(r.project for r, _ in mine)))
    return out


def compute(wb: Workbook, scoring: Scoring = Scoring()) -> Figures:
    from_workbook = bool(wb.weights)
    framework = workbook_framework(wb.weights, scoring) if from_workbook else scoring.framework
    f = wb.funds
    budget = budget_line(f.get("年初预算数"), f.get("全年预算数"), f.get("全年执行数"),
                         framework.budget if framework.budget is not None else ZERO, scoring)
    return Figures(
        staff_rate=ratio(wb.info.staff_actual, wb.info.staff_quota),
        staff_change=(wb.info.staff_actual - wb.info.staff_actual_last
                      if wb.info.staff_actual is not None and wb.info.staff_actual_last is not None else None),
        framework=framework,
        framework_from_workbook=from_workbook,
        evaluation=evaluate(wb.indicators, budget, framework, scoring),
        basic=_basic_lines(wb.basic_rows),
        projects=[project_figures(p, scoring) for p in wb.projects],
        building_rates=[(ratio(b.actual_area, b.approved_area), ratio(b.actual_invest, b.budget_invest))
                        for b in wb.buildings],
        budget_tables=budget_tables(wb.budget_rows),
        income_total=add(*(v.amount for k, v in f.lines.items() if k.startswith("收入："))),
        spend_total=add(*(v.amount for k, v in f.lines.items() if k.startswith("支出："))),
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
