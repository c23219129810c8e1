"""Sample workbooks a format's templates are rendered against when the format is checked
(lint.py, `jixiao formats --check`): one with every sheet filled, every 章节 the format declares
written, projects with every 资金来源 and every budget table; one with only the unit and the year.
Made-up figures: they exist to run each branch of a template, not to be read."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from jixiao.contract import BASIC_ROWS, BUDGET_TYPES, FUND_LABELS, FUND_SOURCES
from jixiao.formats.load import Format
from jixiao.model import (BasicRow, Building, BudgetRow, FundLine, Funds, Goal, Indicator, Info, Project,
                          ProjectFund, TextRow, Weight, Workbook)


def _indicators(levels, prefix: str) -> list[Indicator]:
    out = []
    for lv in levels:
        level2 = lv.level2[0] if lv.level2 else "数量指标"
        out.append(Indicator(lv.name, level2, f"{prefix}{lv.name}样例", "≥95%", "96%", lv.weight, lv.weight))
    return out


def full_sample(fm: Format) -> Workbook:
    sc = fm.scoring
    info = Info(unit_name="某某街道办事处", unit_short="某某街道", year=2025, department="某某区人民政府",
                template=fm.name, filled_by="张三", phone="0731-00000000", head="李四",
                fill_date=date(2026, 3, 31), report_date=date(2026, 4, 28), staff_quota=30, staff_actual=28,
                staff_actual_last=29, extra={"办公电话": "0731-00000000", "手机号码": "13800000000"})
    funds = Funds({label: FundLine(D("100.00") + i, "样例说明") for i, label in enumerate(FUND_LABELS)})
    funds.lines["全年执行数"] = FundLine(D("95.00"), "部分项目跨年实施")
    basic = [BasicRow(k, k, D("1.00"), D("2.00"), D("3.00")) for k in BASIC_ROWS]
    at = next(i for i, r in enumerate(basic) if r.key == "项目支出") + 1
    basic[at:at] = [BasicRow("样例项目经费", "", D("1.00"), D("2.00"), D("3.00"))]
    levels = sc.framework.levels
    weights = ([Weight("预算执行率", sc.framework.budget)] if sc.framework.budget is not None else []) + \
        [Weight(lv.name, lv.weight) for lv in levels]
    plevels = sc.project_framework.levels or levels
    projects = []
    for n in (1, 2):
        p = Project(f"样例项目{n}", "某某区财政局", "某某街道办事处", "完成样例目标", "已完成", "样例绩效说明")
        p.funds = [ProjectFund(s, D("10.00"), D("12.00"), D("11.00")) for s in FUND_SOURCES]
        p.indicators = _indicators(plevels, "项目")
        projects.append(p)
    texts = []
    for s in fm.sections:
        texts.append(TextRow(s.name, "样例小标题", f"{s.name}的样例段落。"))
        texts.append(TextRow(s.name, "", f"{s.name}的第二段。"))
    budget_rows = [BudgetRow(t, "2120801", "样例科目", D("5.00"), D("2.00"), D("3.00")) for t in BUDGET_TYPES]
    return Workbook("样例", info, funds, basic, [Building("样例楼", D("100"), D("90"), D("50"), D("45"))],
                    [Goal("样例目标", "已完成")], weights if levels else [], _indicators(levels, ""), projects,
                    texts, budget_rows)


def empty_sample(fm: Format) -> Workbook:
    return Workbook("样例", Info(unit_name="某某街道办事处", year=2025, template=fm.name))
