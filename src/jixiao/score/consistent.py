"""Consistency: two figures the report prints that a reader must see as the same quantity, or a
whole and the sum of its parts (the pairs are listed in docs/workbook.md, "Figures that must
agree"). A difference beyond the rounding of the figures shown (ROUNDING, 0.01 万元) is an error:
the report would contradict itself. Within rounding it is a warning (a clerk's real slip of one
fen, as the published reports have).

`consistency(wb, fig) -> list[Message]`: pure.
"""
from __future__ import annotations

from decimal import Decimal

from jixiao import fmt
from jixiao.messages import Message, error, warning
from jixiao.model import Workbook
from jixiao.score.figures import Figures, add

ROUNDING = Decimal("0.01")        # 万元: the figures are printed to two decimals


def _amount(d: Decimal | None) -> str:
    return fmt.money_as_entered(d) or "—"


def disagree(where: str, what: str, diff: Decimal, todo: str) -> Message:
    """An error beyond ROUNDING, a warning within it."""
    if abs(diff) > ROUNDING:
        return error(where, f"{what}（差{_amount(diff)}万元，报告中两处数字会互相矛盾）", todo)
    return warning(where, f"{what}（差{_amount(diff)}万元，在四舍五入的误差以内）", todo)


def consistency(wb: Workbook, fig: Figures) -> list[Message]:
    out: list[Message] = []
    f = wb.funds
    total = f.get("全年执行数")
    income = [k for k in f.lines if k.startswith("收入：")]
    spend = [k for k in f.lines if k.startswith("支出：")]
    for group, labels, s in (("按收入性质", income, fig.income_total), ("按支出性质", spend, fig.spend_total)):
        if s is not None and total is not None and s != total:
            out.append(disagree(f.ref(labels[0]),
                                f"{group}各项合计{_amount(s)}万元，与全年执行数{_amount(total)}万元不一致",
                                s - total, f"两者在自评表中并列印出，应相等：请核对{'、'.join(labels)}和全年执行数。"))
    basic, staff, public = (f.get("一般公共预算：" + k) for k in ("基本支出", "人员经费", "公用经费"))
    if basic is not None and (staff is not None or public is not None) and add(staff, public) != basic:
        both = add(staff, public)
        out.append(disagree(f.ref("一般公共预算：基本支出"),
                            f"人员经费{_amount(staff)}万元＋公用经费{_amount(public)}万元＝{_amount(both)}万元，"
                            f"与基本支出{_amount(basic)}万元不一致", both - basic,
                            "请核对基本支出、人员经费和公用经费。"))
    proj, paid = f.get("一般公共预算：项目支出"), f.get("一般公共预算：财政拨款支出")
    if paid is not None and basic is not None and add(basic, proj) != paid:
        both = add(basic, proj)
        out.append(disagree(f.ref("一般公共预算：财政拨款支出"),
                            f"基本支出{_amount(basic)}万元＋项目支出{_amount(proj)}万元＝{_amount(both)}万元，"
                            f"与财政拨款支出{_amount(paid)}万元不一致", both - paid,
                            "请核对一般公共预算的基本支出、项目支出和财政拨款支出。"))
    for bt in fig.budget_tables.values():
        for r, _ in bt.rows:
            both = add(r.basic, r.project)
            if r.total is not None and both is not None and both != r.total:
                out.append(disagree(r.refs["合计"], f"“{r.name}”合计{_amount(r.total)}万元，与基本支出＋项目支出{_amount(both)}万元不一致",
                                    r.total - both, "请核对该行金额。"))
        label = bt.budget_type + "支出"
        v = f.get(label)
        if v is not None and bt.total is not None and bt.total != v:
            out.append(disagree(f.ref(label),
                                f"“{label}”{_amount(v)}万元，与预算支出表中{bt.budget_type}各行合计{_amount(bt.total)}万元不一致",
                                v - bt.total, "请核对两处金额。"))
    return out
