"""The reviewer: errors stop the build, warnings are printed (the workbook is docs/workbook.md), by
the report format's scoring rules (rules.py: its total, whether the budget line counts in it, its
frameworks).

`check(wb, figures, scoring, format_name) -> list[Message]`: pure; every message names `sheet!cell`.
"""
from __future__ import annotations

from decimal import Decimal

from jixiao import fmt
from jixiao.contract import BASIC_PARENTS
from jixiao.messages import Message, error, note, warning
from jixiao.model import Workbook
from jixiao.score.complete import completeness, unit_slips
from jixiao.score.consistent import consistency
from jixiao.score.figures import Evaluation, Figures, add
from jixiao.score.rules import BUDGET_LEVEL1, Framework, Level1Spec, Scoring

COLS = ("上年决算数", "本年预算数", "本年决算数")


def _amount(d: Decimal | None) -> str:
    """An amount in a message, as entered (fmt.money_as_entered), "—" for a blank."""
    return fmt.money_as_entered(d) or "—"


def _differs(a: Decimal | None, b: Decimal | None) -> bool:
    return a is not None and b is not None and a != b


def check(wb: Workbook, fig: Figures, scoring: Scoring = Scoring(), format_name: str = "default",
          required: tuple[str, ...] = ()) -> list[Message]:
    """Every error, warning and note about the workbook, by the scoring rules of the format
    named `format_name` (the name is quoted in the messages) and what it declares a finished
    report must have (`required`: complete.REQUIREMENTS)."""
    out: list[Message] = completeness(wb, fig, required, bool(scoring.framework.levels))
    out += consistency(wb, fig) + unit_slips(wb, fig)
    name = format_name
    _info(wb, out)
    _funds(wb, fig, scoring, out)
    _basic(wb, fig, out)
    _framework(wb, fig, scoring, name, out)
    _evaluation(fig.evaluation, out)
    _projects(wb, fig, scoring, name, out)
    _buildings(wb, out)
    _unfilled(wb, out)
    return out


def _unfilled(wb: Workbook, out: list[Message]) -> None:
    """One line listing the sheets still empty (a fresh `jixiao template` workbook, say)."""
    empty = []
    if not any(x.amount is not None for x in wb.funds.lines.values()):
        empty.append("资金情况（金额）")
    if not any(v is not None for r in wb.basic_rows for v in (r.prior, r.budget, r.actual)):
        empty.append("基础数据表（金额）")
    if not wb.goals:
        empty.append("年度目标")
    if not wb.indicators:
        empty.append("绩效指标")
    if not wb.texts:
        empty.append("报告正文")
    if len(empty) >= 3:      # mostly blank, not merely short of paragraphs
        out.append(warning(empty[0].split("（")[0], f"工作簿尚未填写：{'、'.join(empty)}",
                           "请按“填写说明”工作表逐表填写后再运行 jixiao check。"))


def _info(wb: Workbook, out: list[Message]) -> None:
    info = wb.info
    if info.staff_quota == 0:
        out.append(error(info.refs["编制数"], "编制数为0，无法计算控制率", "请填写核定的编制数。"))
    for label, v in (("编制数", info.staff_quota), ("实际在职人数", info.staff_actual),
                     ("上年实际在职人数", info.staff_actual_last)):
        if v is not None and v < 0:
            out.append(error(info.refs[label], f"{label}为负数（{v}）", "请填写人数。"))
    if info.staff_quota and info.staff_actual and info.staff_actual > info.staff_quota:
        out.append(note(info.refs["实际在职人数"],
                        f"实际在职人数{info.staff_actual}人超过编制数{info.staff_quota}人，控制率超过100%",
                        "如属实可不处理；报告将如实显示。"))
    if info.fill_date and info.year and info.fill_date.year < info.year:
        out.append(warning(info.refs["填报日期"], f"填报日期 {info.fill_date} 早于年度 {info.year} 年",
                           "请核对填报日期。"))
    if info.report_date and info.year and info.report_date.year < info.year:
        out.append(warning(info.refs["报告日期"], f"报告日期 {info.report_date} 早于年度 {info.year} 年",
                           "请核对报告日期。"))


def _funds(wb: Workbook, fig: Figures, scoring: Scoring, out: list[Message]) -> None:
    f = wb.funds
    total = f.get("全年执行数")
    for label, line in f.lines.items():
        if line.amount is not None and line.amount < 0:
            out.append(error(f.ref(label), f"“{label}”为负数（{_amount(line.amount)}）", "请核对金额。"))
    b = fig.evaluation.budget
    if b.actual is not None and b.budget is None:
        out.append(warning(f.ref("全年执行数") or "资金情况", "填了全年执行数但没有全年预算数，无法计算执行率和得分",
                           "请在资金情况中填写“全年预算数”。"))
    if b.rate is not None and b.rate < 1 and not f.note("全年执行数"):
        out.append(warning(f.ref("全年执行数"), f"执行率{fmt.pct(b.rate)}，低于100%，但没有说明原因",
                           "请在“全年执行数”一行的“说明”列写明未执行完的原因。"))
    if b.rate is not None and b.rate > 1:
        how = ("按报告格式得满分" if scoring.over_budget == "full" else
               f"按报告格式以 分值×(2−执行率) 计分，得{fmt.money(b.score)}分")
        out.append(warning(f.ref("全年执行数"),
                           f"全年执行数{_amount(b.actual)}万元超过全年预算数{_amount(b.budget)}万元，执行率{fmt.pct(b.rate)}（{how}）",
                           "请核对两个数字；如确属超支，请在“全年执行数”的“说明”列写明原因。"))
    # 资金情况 against 基础数据表
    for label, key in (("一般公共预算：公用经费", "公用经费"), ("支出：项目支出", "项目支出")):
        basic_v = fig.basic_value(key, 2)
        if _differs(f.get(label), basic_v):
            out.append(warning(f.ref(label),
                               f"资金情况“{label}”{_amount(f.get(label))}万元，与基础数据表“{key}”本年决算数{_amount(basic_v)}万元不一致",
                               "两处应为同一数字，请核对后改正其中一处。"))


def _basic(wb: Workbook, fig: Figures, out: list[Message]) -> None:
    by_key = {b.row.key: b for b in fig.basic if b.row.key}
    projects = [b for b in fig.basic if b.row.is_project]
    parents = {k: ([by_key[c] for c in kids if c in by_key], how) for k, (kids, how) in BASIC_PARENTS.items()}
    parents["项目支出"] = (projects, "exact")
    for key, (kids, how) in parents.items():
        parent = by_key.get(key)
        if parent is None or not kids:
            continue
        for i, col in enumerate(COLS):
            own = getattr(parent.row, ("prior", "budget", "actual")[i])
            s = add(*(k.values[i] for k in kids))
            if own is None or s is None:
                continue
            names = "、".join(k.row.label for k in kids)
            if how == "exact" and own != s:
                out.append(error(parent.row.refs[col],
                                 f"“{key}”{col}{_amount(own)}万元，与其明细（{names}）合计{_amount(s)}万元不一致",
                                 "合计行可以留空由程序求和；如填写，须等于明细之和。"))
            elif how == "part" and s > own:
                out.append(error(parent.row.refs[col],
                                 f"“{key}”{col}{_amount(own)}万元，小于其中明细（{names}）合计{_amount(s)}万元",
                                 "“其中”各项之和不能超过总数，请核对。"))
    for b in fig.basic:
        for i, col in enumerate(COLS):
            v = b.values[i]
            if v is not None and v < 0:
                out.append(error(b.row.refs[col], f"“{b.row.label}”{col}为负数（{_amount(v)}）", "请核对金额。"))


def _framework(wb: Workbook, fig: Figures, scoring: Scoring, fmt_name: str, out: list[Message]) -> None:
    fw = fig.framework
    listed = "、".join(f"{lv.name}{fmt.number(lv.weight)}" for lv in scoring.framework.levels)
    if not wb.indicators:
        if any(m.is_error and m.where.startswith("绩效指标") for m in out):
            return                              # completeness: the sheet is required
        out.append(warning("绩效指标", "没有填写绩效指标，自评表只有资金部分，总分无法计算",
                           "请在“绩效指标”表中填写本年度的指标（指标体系已给出各一级指标的分值）。"))
        return
    if not wb.weights:
        if wb.indicators and not fw.levels:
            out.append(error("指标体系!A2", "指标体系为空，无法核对各一级指标的分值",
                             "请填写本年度指标框架（如 预算执行率 10、产出指标 40 …，合计100）。"))
            return
        out.append(note("指标体系!A2", f"指标体系为空，已按报告格式“{fmt_name}”的指标框架核对"
                                      f"（预算执行率{fmt.number(fw.budget)}、{listed}）",
                        "如本年度的指标框架不同，请在“指标体系”表中填写。"))
    first_ref = wb.weights[0].refs.get("分值", "指标体系!B2") if wb.weights else "指标体系!B2"
    seen: set[str] = set()
    for w in wb.weights:
        if not w.name:
            out.append(error(w.refs.get("一级指标", "指标体系"), f"指标体系中有一行的一级指标为空（分值{fmt.number(w.weight)}）",
                             "请填写一级指标的名称，或删除这一行。"))
        elif w.name in seen:
            out.append(error(w.refs.get("一级指标", "指标体系"), f"一级指标“{w.name}”在指标体系中重复",
                             "每个一级指标只填一行，请删除重复的一行。"))
        seen.add(w.name)
    budget_row = next((w for w in wb.weights if w.name == BUDGET_LEVEL1), None)
    levels_sum = add(*(lv.weight for lv in fw.levels)) or Decimal(0)
    budget = fw.budget or Decimal(0)
    counted = levels_sum + (budget if scoring.budget_in_total else 0)
    total = scoring.total
    if wb.weights and counted != total:
        if scoring.budget_in_total and budget_row is None and levels_sum == total and budget:
            out.append(error(first_ref,
                             f"指标体系没有“预算执行率”一行，其余一级指标已合计{fmt.number(levels_sum)}分；报告格式“{fmt_name}”"
                             f"把预算执行率（{fmt.number(budget)}分）计入总分，合计将为{fmt.number(counted)}分，不是{fmt.number(total)}分",
                             f"请在指标体系中加一行“预算执行率”，并调整其他一级指标的分值，使合计为{fmt.number(total)}分。"))
        else:
            how = "含预算执行率" if scoring.budget_in_total else "不含预算执行率"
            out.append(error(first_ref,
                             f"指标体系各一级指标分值合计{fmt.number(counted)}分（{how}），不等于{fmt.number(total)}分（报告格式“{fmt_name}”规定的总分）",
                             "请核对指标体系的分值。"))
    levels = {lv.name: lv for lv in fig.evaluation.levels}
    weights = {w.name: w for w in wb.weights}
    named: dict[str, Level1Spec] = {}       # each named 一级指标 once (blank and twin rows reported above)
    for spec in fw.levels:
        if spec.name and spec.name not in named:
            named[spec.name] = spec
    for spec in named.values():
        lv = levels.get(spec.name)
        got = lv.weight if lv else Decimal(0)
        if got != spec.weight:
            ref = lv.rows[0].ind.refs["分值"] if lv else weights[spec.name].refs["分值"] if spec.name in weights else "绩效指标"
            out.append(error(ref, f"一级指标“{spec.name}”下各三级指标分值合计{fmt.number(got)}，与指标体系规定的{fmt.number(spec.weight)}分不一致",
                             "请调整该一级指标下各指标的分值，使合计等于指标体系的分值。"))
    _level_names(fig.evaluation, fw, "指标体系", out)
    if wb.weights and scoring.framework.levels and _shape(fw) != _shape(scoring.framework):
        out.append(note(first_ref, f"指标体系与报告格式“{fmt_name}”的指标框架（预算执行率"
                                   f"{fmt.number(scoring.framework.budget)}、{listed}）不同",
                        "如本年度框架确有调整可不处理；否则请按报告格式填写指标体系。"))


def _shape(fw: Framework) -> tuple:
    return (fw.budget, tuple((lv.name, lv.weight) for lv in fw.levels))


def _level_names(ev: Evaluation, fw: Framework, where: str, out: list[Message]) -> None:
    """Indicators under a 一级指标 the framework lacks (error), or a 二级指标 it does not list for
    that 一级指标 (warning)."""
    names = [lv.name for lv in fw.levels if lv.name]
    for lv in ev.levels:
        if lv.name not in names:
            out.append(error(lv.rows[0].ind.refs["一级指标"],
                             f"一级指标“{lv.name or '（空）'}”不在{where}中",
                             f"一级指标应为：{'、'.join(dict.fromkeys(names))}。"))
            continue
        allowed = fw.level2(lv.name)
        for s in lv.rows:
            if allowed and s.ind.level2 not in allowed:
                out.append(warning(s.ind.refs["二级指标"],
                                   f"二级指标“{s.ind.level2 or '（空）'}”不是“{lv.name}”下的二级指标",
                                   f"“{lv.name}”的二级指标为：{'、'.join(allowed)}。"))
                break


def _evaluation(ev: Evaluation, out: list[Message]) -> None:
    for s in ev.rows:
        ind, refs = s.ind, s.ind.refs
        if not ind.name:
            out.append(error(refs["三级指标"], "三级指标名称为空", "请填写指标名称。"))
        if ind.weight is None:
            out.append(error(refs["分值"], f"指标“{ind.name}”没有分值", "请填写分值。"))
            continue
        if ind.weight < 0:
            out.append(error(refs["分值"], f"指标“{ind.name}”分值为负数", "请核对分值。"))
        if not ind.actual:
            out.append(error(refs["实际完成值"], f"指标“{ind.name}”的实际完成值为空",
                             "请填写本年度实际完成的数值或情况（自评表要印出它）。"))
            continue
        if s.score is None:
            out.append(error(refs["得分"], f"指标“{ind.name}”没有得分，且“{ind.target}”与“{ind.actual}”无法按规则比较",
                             "定性指标须由填表人评分，请在“得分”列填写。"))
            continue
        if s.score > ind.weight:
            out.append(error(refs["得分"], f"指标“{ind.name}”得分{fmt.number(s.score)}超过分值{fmt.number(ind.weight)}",
                             "得分不能超过分值，请改正。"))
        elif s.score < 0:
            out.append(error(refs["得分"], f"指标“{ind.name}”得分为负数（{fmt.number(s.score)}）", "请改正得分。"))
        elif s.score < ind.weight and not ind.remark:
            out.append(warning(refs["偏差原因分析及改进措施"],
                               f"指标“{ind.name}”得分{fmt.number(s.score)}低于分值{fmt.number(ind.weight)}，但没有填写偏差原因分析",
                               "请在“偏差原因分析及改进措施”列说明原因和改进措施。"))
        if s.by_rule:
            out.append(note(refs["得分"], f"指标“{ind.name}”得分留空，已按规则计为{fmt.number(s.score)}分（{s.rule.reason}）",
                            "如不同意，请直接填写得分。"))
        elif s.rule is not None and s.rule.score != s.score and not ind.remark:
            out.append(warning(refs["得分"],
                               f"指标“{ind.name}”填写得分{fmt.number(s.score)}，按规则应为{fmt.number(s.rule.score)}分（{s.rule.reason}）",
                               "请核对得分，或在偏差原因中说明评分理由。"))


def _projects(wb: Workbook, fig: Figures, scoring: Scoring, fmt_name: str, out: list[Message]) -> None:
    pfw = scoring.project_framework
    for pf in fig.projects:
        p = pf.project
        if not p.funds:
            out.append(warning(p.refs["项目名称"], f"项目“{p.name}”在“项目资金”表中没有资金行",
                               "请在“项目资金”表填写该项目的资金来源和金额。"))
        for fund in p.funds:
            for h, v in (("年初预算数", fund.initial), ("全年预算数", fund.budget), ("全年执行数", fund.actual)):
                if v is not None and v < 0:
                    out.append(error(fund.refs[h], f"项目“{p.name}”{h}为负数", "请核对金额。"))
            if _differs(fund.actual, fund.budget) and fund.actual > fund.budget:
                out.append(warning(fund.refs["全年执行数"],
                                   f"项目“{p.name}”（{fund.source}）全年执行数{_amount(fund.actual)}万元超过全年预算数{_amount(fund.budget)}万元",
                                   "请核对金额。"))
        for line in pf.sources:
            if scoring.source_weights and line.weight is None and (line.budget or line.actual):
                out.append(warning(p.refs["项目名称"],
                                   f"项目“{p.name}”有{line.source}，但报告格式“{fmt_name}”不为该资金来源计分",
                                   "请核对资金来源；如报告格式漏了该来源，请在格式的 project.source_weights 中补上。"))
        ev = pf.evaluation
        if ev is None:
            continue
        _evaluation(ev, out)
        first = ev.rows[0].ind.refs["分值"]
        if pfw.levels:
            levels = {lv.name: lv for lv in ev.levels}
            for spec in pfw.levels:
                got = levels[spec.name].weight if spec.name in levels else Decimal(0)
                if got != spec.weight:
                    ref = levels[spec.name].rows[0].ind.refs["分值"] if spec.name in levels else first
                    out.append(error(ref, f"项目“{p.name}”一级指标“{spec.name}”下各指标分值合计{fmt.number(got)}，"
                                          f"与报告格式“{fmt_name}”规定的{fmt.number(spec.weight)}分不一致",
                                     "请调整该项目该一级指标下各指标的分值。"))
            _level_names(ev, pfw, f"报告格式“{fmt_name}”的项目指标框架", out)
        else:
            weight = add(*(s.ind.weight for s in ev.rows)) or Decimal(0)
            counted = scoring.project_budget_in_total
            expected = scoring.project_total - (ev.budget.weight if counted else 0)
            if weight != expected:
                how = (f"加上资金执行{fmt.number(ev.budget.weight)}分为{fmt.number(weight + ev.budget.weight)}分"
                       if counted else "（资金执行不计入总分）")
                out.append(warning(first, f"项目“{p.name}”各绩效指标分值合计{fmt.number(weight)}分{how}，"
                                          f"不等于{fmt.number(scoring.project_total)}分",
                                   f"项目支出绩效自评表中绩效指标分值合计应为{fmt.number(expected)}分。"))


def _buildings(wb: Workbook, out: list[Message]) -> None:
    for b in wb.buildings:
        if _differs(b.actual_area, b.approved_area) and b.actual_area > b.approved_area:
            out.append(warning(b.refs["实际规模（㎡）"], f"“{b.name}”实际规模超过批复规模", "请核对或说明原因。"))
        if _differs(b.actual_invest, b.budget_invest) and b.actual_invest > b.budget_invest:
            out.append(warning(b.refs["实际投资（万元）"], f"“{b.name}”实际投资超过预算投资", "请核对或说明原因。"))
