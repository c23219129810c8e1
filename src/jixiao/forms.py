"""The attachment tables, laid out as the official forms (基础数据表, 整体支出绩效自评表,
项目支出绩效自评表, 预算支出情况表): grids of cells with their merges, every figure formatted here
from the one computed source. Titles come from the template's settings.toml."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .compute import Evaluation, Figures, ProjectFigures, add
from .contract import BUDGET_TYPES
from .document import Block, Cell, PageBreak, Paragraph, Row, Table
from .fmt import money, number as _num, pct
from .model import Workbook

# the 9-column grid shared by the two 自评表 (mm; sums to 156)
EVAL_WIDTHS = (8.0, 14.0, 14.0, 23.0, 19.0, 19.0, 15.0, 20.0, 24.0)
BASIC_WIDTHS = (53.0, 17.0, 17.0, 17.0, 17.0, 17.0, 18.0)
BUDGET_WIDTHS = (26.0, 58.0, 24.0, 24.0, 24.0)


@dataclass(frozen=True)
class Attachment:
    title: str
    blocks: tuple[Block, ...]


def L(text: str = "", colspan: int = 1, rowspan: int = 1, bold: bool = False) -> Cell:
    return Cell(text, colspan, rowspan, "left", bold)


def C(text: str = "", colspan: int = 1, rowspan: int = 1, bold: bool = False) -> Cell:
    return Cell(text, colspan, rowspan, "center", bold)


def N(value: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(value, colspan, rowspan, "right")


def footer(wb: Workbook) -> Paragraph:
    i = wb.info
    when = f"{i.fill_date.year}.{i.fill_date.month}.{i.fill_date.day}" if i.fill_date else "　　　"
    return Paragraph.of("table-note", f"填表人：{i.filled_by or '　　'}　填报日期：{when}　"
                                      f"联系电话：{i.phone or '　　'}　单位负责人签字：{i.head or '　　'}")


# ---------------------------------------------------------------- 基础数据表

_BASIC_LABELS = {
    "三公经费": "三公经费", "公务用车购置和维护经费": "　1、公务用车购置和维护经费",
    "公车购置": "　　其中：公车购置", "公车运行维护": "　　　　　公车运行维护",
    "出国经费": "　2、出国经费", "公务接待": "　3、公务接待", "项目支出": "项目支出",
    "公用经费": "公用经费", "办公经费": "　其中：办公经费", "水费、电费、差旅费": "　　　　水费、电费、差旅费",
    "会议费、培训费": "　　　　会议费、培训费", "政府采购金额": "政府采购金额",
    "部门基本支出预算调整": "部门基本支出预算调整",
}


def basic_table(wb: Workbook, fig: Figures) -> Table:
    y, info = wb.info.year, wb.info
    rows = [
        Row((C("财政供养人员情况（人）", rowspan=2, bold=True), C("编制数", 2), C(f"{y}年实际在职人数", 2),
             C("控制率", 2)), header=True),
        Row((C("" if info.staff_quota is None else str(info.staff_quota), 2),
             C("" if info.staff_actual is None else str(info.staff_actual), 2), C(pct(fig.staff_rate), 2))),
        Row((C("经费控制情况（万元）", bold=True), C(f"{y - 1 if y else ''}年决算数", 2), C(f"{y}年预算数", 2),
             C(f"{y}年决算数", 2))),
    ]
    n = 0
    for line in fig.basic:
        r = line.row
        if r.is_project:
            n += 1
            label = f"　{n}、{r.label}"
        else:
            label = _BASIC_LABELS.get(r.key, r.label)
        rows.append(Row((L(label),) + tuple(N(money(v), 2) for v in line.values)))
    rows.append(Row((C(f"楼堂馆所控制情况\n（{y}年完工项目）", bold=True), C("批复规模（㎡）"), C("实际规模（㎡）"),
                     C("规模控制率"), C("预算投资（万元）"), C("实际投资（万元）"), C("投资概算控制率"))))
    for b, (area_rate, invest_rate) in zip(wb.buildings, fig.building_rates):
        rows.append(Row((L(b.name), N(money(b.approved_area)), N(money(b.actual_area)), N(pct(area_rate)),
                         N(money(b.budget_invest)), N(money(b.actual_invest)), N(pct(invest_rate)))))
    if not wb.buildings:
        rows.append(Row((C("无"),) + tuple(C() for _ in range(6))))
    saving = "\n".join(t.content if not t.lead else f"{t.lead}：{t.content}" for t in wb.texts_of("厉行节约保障措施"))
    rows.append(Row((C("厉行节约保障措施", bold=True), L(saving or "无", 6))))
    return Table(BASIC_WIDTHS, tuple(rows))


# ---------------------------------------------------------------- 自评表 (unit and project)

def _indicator_rows(ev: Evaluation) -> list[Row]:
    rows: list[Row] = []
    items = ev.rows
    n = len(items)
    rows.append(Row((C("绩\n效\n指\n标", rowspan=n + 1, bold=True), C("一级指标", bold=True), C("二级指标", bold=True),
                     C("三级指标", bold=True), C("年度指标值", bold=True), C("实际完成值", bold=True),
                     C("分值", bold=True), C("得分", bold=True), C("偏差原因分析及改进措施", bold=True))))
    i = 0
    for lv in ev.levels:
        shown = lv.framework_weight if lv.framework_weight is not None else lv.weight
        first_of_level = True
        j = 0
        while j < len(lv.rows):
            k = j
            while k + 1 < len(lv.rows) and lv.rows[k + 1].ind.level2 == lv.rows[j].ind.level2:
                k += 1
            for t in range(j, k + 1):
                s = lv.rows[t]
                cells: list[Cell] = []
                if first_of_level:
                    cells.append(C(f"{lv.name}\n（{_num(shown)}分）", rowspan=len(lv.rows)))
                    first_of_level = False
                if t == j:
                    cells.append(C(s.ind.level2, rowspan=k - j + 1))
                cells += [L(s.ind.name), C(s.ind.target), C(s.ind.actual), N(money(s.ind.weight)),
                          N(money(s.score)), L(s.ind.remark)]
                rows.append(Row(tuple(cells)))
                i += 1
            j = k + 1
    return rows


def _total_row(ev: Evaluation) -> Row:
    weight = add(ev.budget.weight, *(lv.weight for lv in ev.levels))
    return Row((C("总分", 6, bold=True), N(money(weight)), N(money(ev.total)),
                C(f"等级：{ev.grade}" if ev.grade else "")))


def _goal_rows(goals: list[tuple[str, str]]) -> list[Row]:
    rows = [Row((C("年度\n总体\n目标", rowspan=len(goals) + 1, bold=True), C("预期目标", 4, bold=True),
                 C("实际完成情况", 4, bold=True)))]
    for expected, achieved in goals:
        rows.append(Row((L(expected, 4), L(achieved, 4))))
    return rows


def evaluation_table(wb: Workbook, fig: Figures) -> Table:
    ev, f = fig.evaluation, wb.funds
    b = ev.budget
    income = [k for k in ("一般公共预算", "政府性基金拨款", "国有资本经营拨款", "纳入专户管理的非税收入拨款",
                          "上级专项拨款", "其他资金")
              if f"收入：{k}" in f.lines or k in ("一般公共预算", "政府性基金拨款", "纳入专户管理的非税收入拨款", "其他资金")]
    spend = ["基本支出", "项目支出"]
    income_total = add(*(f.get(f"收入：{k}") for k in income))
    spend_total = add(*(f.get(f"支出：{k}") for k in spend))
    depth = max(len(income), len(spend))
    rows = [
        Row((C("区级预算部门（单位）名称", 3, bold=True), L(wb.info.unit_name, 6)), header=True),
        Row((C("年度\n预算\n申请\n（万元）", rowspan=3 + depth, bold=True), C("", 2), C("年初预算数", bold=True),
             C("全年预算数", bold=True), C("全年执行数", bold=True), C("分值", bold=True), C("执行率", bold=True),
             C("得分", bold=True))),
        Row((C("年度资金总额", 2), N(money(b.initial)), N(money(b.budget)), N(money(b.actual)), N(money(b.weight)),
             N(pct(b.rate)), N(money(b.score)))),
        Row((L(f"按收入性质分：{money(income_total)}", 4), L(f"按支出性质分：{money(spend_total)}", 4))),
    ]
    for i in range(depth):
        left = f"{'其中：' if i == 0 else '　　　'}{income[i]}：{money(f.get('收入：' + income[i]))}" if i < len(income) else ""
        right = f"{'其中：' if i == 0 else '　　　'}{spend[i]}：{money(f.get('支出：' + spend[i]))}" if i < len(spend) else ""
        rows.append(Row((L(left, 4), L(right, 4))))
    rows += _goal_rows([(g.expected, g.achieved) for g in wb.goals] or [("", "")])
    if ev.rows:
        rows += _indicator_rows(ev)
    rows.append(_total_row(ev))
    return Table(EVAL_WIDTHS, tuple(rows))


def project_table(wb: Workbook, pf: ProjectFigures) -> Table:
    p, ev = pf.project, pf.evaluation
    b = ev.budget
    by_source = {s: [x for x in p.funds if x.source == s] for s in ("当年财政拨款", "上年结转资金", "其他资金")}
    rows = [
        Row((C("项目名称", 2, bold=True), L(p.name, 7)), header=True),
        Row((C("主管部门", 2, bold=True), L(p.department or wb.info.department, 3), C("实施单位", 2, bold=True),
             L(p.implementer, 2))),
        Row((C("项目\n资金\n（万元）", rowspan=5, bold=True), C("", 2), C("年初预算数", bold=True),
             C("全年预算数", bold=True), C("全年执行数", bold=True), C("分值", bold=True), C("执行率", bold=True),
             C("自评得分", bold=True))),
        Row((C("年度资金总额", 2), N(money(b.initial)), N(money(b.budget)), N(money(b.actual)), N(money(b.weight)),
             N(pct(b.rate)), N(money(b.score)))),
    ]
    for source, funds in by_source.items():
        label = f"其中：{source}" if source == "当年财政拨款" else source
        rows.append(Row((L(label, 2), N(money(add(*(x.initial for x in funds)))), N(money(add(*(x.budget for x in funds)))),
                         N(money(add(*(x.actual for x in funds)))), C("—"), C("—"), C("—"))))
    rows += _goal_rows([(p.goal, p.result)])
    rows += _indicator_rows(ev)
    rows.append(_total_row(ev))
    return Table(EVAL_WIDTHS, tuple(rows))


def budget_table(wb: Workbook, btype: str) -> Table:
    items = [r for r in wb.budget_rows if r.budget_type == btype]
    rows = [Row((C("科目编码", bold=True), C("科目名称", bold=True), C("合计（万元）", bold=True),
                 C("基本支出（万元）", bold=True), C("项目支出（万元）", bold=True)), header=True)]
    for r in items:
        rows.append(Row((C(r.code), L(r.name), N(money(r.total if r.total is not None else add(r.basic, r.project))),
                         N(money(r.basic)), N(money(r.project)))))
    totals = [add(*((r.total if r.total is not None else add(r.basic, r.project)) for r in items)),
              add(*(r.basic for r in items)), add(*(r.project for r in items))]
    rows.append(Row((C("合计", 2, bold=True),) + tuple(N(money(t)) for t in totals)))
    return Table(BUDGET_WIDTHS, tuple(rows))


# ---------------------------------------------------------------- the list, numbered

def attachments(wb: Workbook, fig: Figures, titles: dict[str, str]) -> list[Attachment]:
    y = wb.info.year
    made: list[tuple[str, Table, tuple[Paragraph, ...]]] = [
        (titles["basic"].format(year=y), basic_table(wb, fig), (Paragraph.of("table-note", titles["basic_note"]),)),
        (titles["evaluation"].format(year=y), evaluation_table(wb, fig), ()),
    ]
    for pf in fig.projects:
        if pf.evaluation is not None:
            made.append((titles["project"].format(year=y, project=pf.project.name), project_table(wb, pf), ()))
    for btype in BUDGET_TYPES:
        if any(r.budget_type == btype for r in wb.budget_rows):
            made.append((titles[btype].format(year=y), budget_table(wb, btype), ()))
    out = []
    for n, (title, table, notes) in enumerate(made, start=1):
        blocks = (PageBreak(), Paragraph.of("attachment-label", f"附件{n}"), Paragraph.of("table-title", title),
                  table) + notes + (footer(wb),)
        out.append(Attachment(title, blocks))
    return out
