"""Next year's workbook from last year's (`jixiao rollover`): what carries over and what starts
empty, as data for blank.fill_workbook, with a Chinese account of both.

Kept: the unit (名称, 主管部门, 填表人, 联系电话, 单位负责人, 编制数, rows of its own), its 职能职责 and
机构设置 paragraphs, the 指标体系 (or the new format's), the indicators with their 年度指标值 and
分值, the projects with their departments, 预期目标 and funding sources, the 基础数据表 rows and
the 预算支出表 subjects. Moved: last year's 本年决算数 → 上年决算数, 实际在职人数 → 上年实际在职人数.
Cleared: this year's amounts, actual values, scores and reasons, dates, the other paragraphs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jixiao.formats.load import Format
from jixiao.model import Indicator, Workbook

KEPT_SECTIONS = ("职能职责", "机构设置")


@dataclass
class Plan:
    data: dict[str, Any]                      # for blank.fill_workbook
    kept: list[str] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)


def _indicator_row(ind: Indicator) -> list[Any]:
    # 一级 二级 三级 年度指标值 | 实际完成值 | 分值 | 得分 偏差原因
    return [ind.level1, ind.level2, ind.name, ind.target, None, ind.weight, None, None]


def plan(last: Workbook, year: int, fm: Format, same_format: bool) -> Plan:
    i = last.info
    p = Plan({})
    info: dict[str, Any] = {"单位名称": i.unit_name, "年度": year, "主管部门": i.department,
                            "报告模板": fm.name, "填表人": i.filled_by, "联系电话": i.phone,
                            "单位负责人": i.head, "编制数": i.staff_quota,
                            "上年实际在职人数": i.staff_actual, "单位简称": i.unit_short, **i.extra}
    p.data["基本信息"] = {k: v for k, v in info.items() if v not in (None, "")}
    p.kept.append(f"基本信息：单位名称、主管部门、填表人、联系电话、单位负责人、编制数"
                  f"{'及' + '、'.join(i.extra) if i.extra else ''}；报告格式为“{fm.name}”，年度为{year}")
    if i.staff_actual is not None:
        p.kept.append(f"上年实际在职人数：{i.staff_actual}人（上年工作簿的实际在职人数）")
    p.cleared.append("基本信息：实际在职人数、填报日期、报告日期")
    p.cleared.append(f"资金情况：全部金额和说明（{sum(1 for x in last.funds.lines.values() if x.amount is not None)}项）")

    if last.basic_rows:      # else the blank workbook's standard rows stay
        p.data["基础数据表"] = [[r.label if not r.key else r.key, r.actual, None, None] for r in last.basic_rows]
        p.kept.append(f"基础数据表：{len(last.basic_rows)}行的名称；上年的本年决算数移入上年决算数")
        p.cleared.append("基础数据表：本年预算数、本年决算数")

    if last.buildings:
        p.cleared.append(f"楼堂馆所：{len(last.buildings)}行（本年完工的另填）")
    p.data["年度目标"] = [[g.expected, None] for g in last.goals]
    if last.goals:
        p.kept.append(f"年度目标：{len(last.goals)}条预期目标（请按本年度修改）")
        p.cleared.append("年度目标：实际完成情况")

    if same_format and last.weights:
        p.data["指标体系"] = [[w.name, w.weight] for w in last.weights]
        p.kept.append("指标体系：上年的一级指标和分值")
    else:
        p.kept.append(f"指标体系：按报告格式“{fm.name}”的指标框架")
    p.data["绩效指标"] = [_indicator_row(ind) for ind in last.indicators]
    if last.indicators:
        p.kept.append(f"绩效指标：{len(last.indicators)}个指标的名称、年度指标值和分值")
        p.cleared.append("绩效指标：实际完成值、得分、偏差原因分析及改进措施")

    p.data["项目"] = [[x.name, x.department, x.implementer, x.goal, None, None] for x in last.projects]
    p.data["项目资金"] = [[x.name, f.source, None, None, None] for x in last.projects for f in x.funds]
    p.data["项目绩效指标"] = [[x.name] + _indicator_row(ind) for x in last.projects for ind in x.indicators]
    if last.projects:
        p.kept.append(f"项目：{len(last.projects)}个项目的名称、主管部门、实施单位、预期目标、资金来源和绩效指标")
        p.cleared.append("项目：实际完成情况、绩效说明、各项资金金额，项目指标的完成值、得分和偏差原因")

    kept_texts = [t for t in last.texts if t.section in KEPT_SECTIONS]
    p.data["报告正文"] = [[t.section, t.lead, t.content] for t in kept_texts]
    if kept_texts:
        p.kept.append(f"报告正文：职能职责、机构设置的{len(kept_texts)}段")
    others = len(last.texts) - len(kept_texts)
    if others:
        p.cleared.append(f"报告正文：其他章节的{others}段")

    p.data["预算支出表"] = [[r.budget_type, r.code, r.name, None, None, None] for r in last.budget_rows]
    if last.budget_rows:
        p.kept.append(f"预算支出表：{len(last.budget_rows)}个科目")
        p.cleared.append("预算支出表：金额")
    return p
