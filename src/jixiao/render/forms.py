"""The attachment tables, laid out as the official forms (基础数据表, 整体支出绩效自评表,
项目支出绩效自评表, 预算支出情况表): grids of cells with their merges. Every figure comes from
compute and is formatted by fmt; every title and label comes from the report format (a label
printed here is the key a format rewrites under `[attachments.<kind>.labels]`, see formats/labels.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jixiao.score.figures import BudgetTable, Evaluation, Figures, ProjectFigures
from jixiao.contract import FUND_SOURCES
from jixiao.render.document import Block, Cell, PageBreak, Paragraph, Row, Table
from jixiao.fmt import count, date_dots, number, styled, styled_pct
from jixiao.formats.labels import INCOME_LABELS, LABELS
from jixiao.formats.load import Format
from jixiao.formats.patterns import fill_pattern
from jixiao.model import Workbook

# The two 自评表 are each a table (unit, budget, goals) continued by a second one (the
# indicators), so that the indicator headings repeat on continuation pages. Both grids have 9
# columns summing to 156 mm; the first (10 mm) holds two characters a line, so "（万元）" breaks
# once; 一级/二级指标 hold four; the number columns hold "2606.21", "100.00", "100.00%" and
# 实际完成值 "102.07%" on one line (even in a stand-in font with digits 0.64 em wide).
EVAL_TOP_WIDTHS = (10.0, 14.0, 14.0, 22.0, 22.0, 22.0, 16.0, 19.0, 17.0)
EVAL_WIDTHS = (10.0, 17.0, 17.0, 22.0, 17.0, 20.0, 16.0, 16.0, 21.0)
BASIC_WIDTHS = (53.0, 17.0, 17.0, 17.0, 17.0, 17.0, 18.0)
BUDGET_WIDTHS = (26.0, 58.0, 24.0, 24.0, 24.0)



@dataclass(frozen=True)
class Attachment:
    kind: str                     # basic / evaluation / project / budget
    title: str
    blocks: tuple[Block, ...]     # the table, its notes and footer (no label, no page break)


class _Labels:
    """Label lookup for one attachment kind: the format's rewrite, else the default label."""

    def __init__(self, fmt: Format, kind: str, year: int | None):
        self.defaults = LABELS[kind]
        self.map: dict[str, str] = fmt[f"attachments.{kind}.labels"]
        self.values = {"year": year if year else "", "last_year": year - 1 if year else "",
                       "unit": "", "project": "", "type": "", "unit_short": ""}

    def __call__(self, key: str) -> str:
        return fill_pattern(self.map.get(key, self.defaults[key]), **self.values)


class _Numbers:
    """The format's way of showing each kind of number in a table ([numbers], docs/formats.md)."""

    def __init__(self, fmt: Format):
        self.styles = {k: fmt[f"numbers.{k}"] for k in ("money", "weight", "score", "rate")}

    def money(self, d) -> str:
        return styled(d, self.styles["money"])

    def weight(self, d) -> str:
        return styled(d, self.styles["weight"])

    def score(self, d) -> str:
        return styled(d, self.styles["score"])

    def rate(self, r) -> str:
        return styled_pct(r, self.styles["rate"])


def _has_value(*values) -> bool:
    """A row of a table whose rows are hidden when empty (hide_empty) is shown when it has a
    figure other than blank or 0."""
    return any(v is not None and v != 0 for v in values)


def prefixed(prefix: str, label: str) -> str:
    """`prefix` before a label, unless the label (a format's rewrite) already starts with it:
    never "其中：其中：…"."""
    return label if label.lstrip("　 ").startswith(prefix.strip("　 ")) else prefix + label


def colon(label: str) -> str:
    """A label followed by a figure: one "：" after it, never two."""
    return label if label.endswith(("：", ":")) else label + "："


def L(text: str = "", colspan: int = 1, rowspan: int = 1, bold: bool = False) -> Cell:
    return Cell(text, colspan, rowspan, "left", bold)


def C(text: str = "", colspan: int = 1, rowspan: int = 1, bold: bool = False) -> Cell:
    return Cell(text, colspan, rowspan, "center", bold)


def N(value: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(value, colspan, rowspan, "right")


def footer(wb: Workbook, fmt: Format) -> Paragraph:
    i = wb.info
    blank = "　　　"
    return Paragraph.of("table-note", fill_pattern(
        fmt["attachments.footer"], filled_by=i.filled_by or blank, fill_date=date_dots(i.fill_date) or blank,
        phone=i.phone or blank, head=i.head or blank, unit=i.unit_name))


# ---------------------------------------------------------------- 基础数据表

def basic_table(wb: Workbook, fig: Figures, fmt: Format) -> Table:
    info = wb.info
    t = _Labels(fmt, "basic", info.year)
    num = _Numbers(fmt)
    money = num.money
    hide = fmt["attachments.basic.hide_empty"]
    rows: list[Row] = []
    if fmt["attachments.basic.unit_row"]:
        rows.append(Row((C(t("预算单位名称"), bold=True), L(info.unit_name, 6)), header=True))
    rows += [
        Row((C(t("财政供养人员情况（人）"), rowspan=2, bold=True), C(t("编制数"), 2),
             C(t("{year}年实际在职人数"), 2), C(t("控制率"), 2)), header=not rows),
        Row((C(count(info.staff_quota), 2), C(count(info.staff_actual), 2), C(num.rate(fig.staff_rate), 2))),
        Row((C(t("经费控制情况（万元）"), bold=True), C(t("{last_year}年决算数"), 2), C(t("{year}年预算数"), 2),
             C(t("{year}年决算数"), 2))),
    ]
    n = 0
    for line in fig.basic:
        r = line.row
        if hide and not _has_value(*line.values):
            continue
        if r.is_project:
            n += 1
            label = f"　{n}、{r.label}"
        else:
            label = t(r.key) if r.key in LABELS["basic"] else r.label
        rows.append(Row((L(label),) + tuple(N(money(v), 2) for v in line.values)))
    rows.append(Row((C(t("楼堂馆所控制情况"), bold=True), C(t("批复规模（㎡）")),
                     C(t("实际规模（㎡）")), C(t("规模控制率")), C(t("预算投资（万元）")), C(t("实际投资（万元）")),
                     C(t("投资概算控制率")))))
    for b, (area_rate, invest_rate) in zip(wb.buildings, fig.building_rates):
        rows.append(Row((L(b.name), N(money(b.approved_area)), N(money(b.actual_area)), N(num.rate(area_rate)),
                         N(money(b.budget_invest)), N(money(b.actual_invest)), N(num.rate(invest_rate)))))
    if not wb.buildings:
        rows.append(Row((C(t("无")),) + tuple(C() for _ in range(6))))
    saving = "\n".join(x.content if not x.lead else f"{x.lead}：{x.content}" for x in wb.texts_of("厉行节约保障措施"))
    rows.append(Row((C(t("厉行节约保障措施"), bold=True), L(saving or t("无"), 6))))
    return Table(BASIC_WIDTHS, tuple(rows))


# ---------------------------------------------------------------- 自评表 (unit and project)

def _indicator_rows(ev: Evaluation, t: _Labels, score_label: str, num: _Numbers) -> list[Row]:
    """The indicator part of a 自评表: its heading row first (it repeats on every page the table
    continues onto, so it merges nothing downwards: the 绩效指标 label is its first cell and the
    column below is one empty merged cell), then one row per indicator."""
    rows: list[Row] = []
    n = len(ev.rows)
    rows.append(Row((C(t("绩效指标"), bold=True), C(t("一级指标"), bold=True),
                     C(t("二级指标"), bold=True), C(t("三级指标"), bold=True), C(t("年度指标值"), bold=True),
                     C(t("实际完成值"), bold=True), C(t("分值"), bold=True), C(score_label, bold=True),
                     C(t("偏差原因分析及改进措施"), bold=True)), header=True))
    first_row = True
    for lv in ev.levels:
        shown = lv.framework_weight if lv.framework_weight is not None else lv.weight
        first_of_level = True
        j = 0
        while j < len(lv.rows):
            k = j
            while k + 1 < len(lv.rows) and lv.rows[k + 1].ind.level2 == lv.rows[j].ind.level2:
                k += 1
            for i in range(j, k + 1):
                s = lv.rows[i]
                cells: list[Cell] = []
                if first_row:
                    cells.append(C("", rowspan=n))
                    first_row = False
                if first_of_level:
                    cells.append(C(f"{lv.name}\n（{number(shown)}分）", rowspan=len(lv.rows)))
                    first_of_level = False
                if i == j:
                    cells.append(C(s.ind.level2, rowspan=k - j + 1))
                cells += [L(s.ind.name), C(s.ind.target), C(s.ind.actual), N(num.weight(s.ind.weight)),
                          N(num.score(s.score)), L(s.ind.remark)]
                rows.append(Row(tuple(cells)))
            j = k + 1
    return rows


def _total_row(ev: Evaluation, t: _Labels, fmt: Format, num: _Numbers) -> list[Row]:
    if not fmt.scoring.show_total:
        return []
    grade = ""
    if ev.grade and fmt.scoring.show_grade:
        grade = f"{colon(t('等级'))}{ev.grade}" if t("等级") else ev.grade
    return [Row((C(t("总分"), 6, bold=True), N(num.weight(ev.full)), N(num.score(ev.total)), C(grade)))]


def _goal_rows(goals: list[tuple[str, str]], t: _Labels) -> list[Row]:
    rows = [Row((C(t("年度总体目标"), rowspan=len(goals) + 1, bold=True), C(t("预期目标"), 4, bold=True),
                 C(t("实际完成情况"), 4, bold=True)))]
    for expected, achieved in goals:
        rows.append(Row((L(expected, 4), L(achieved, 4))))
    return rows


def _budget_row(t: _Labels, b, score_label: str, num: _Numbers) -> list[Row]:
    return [
        Row((C("", 2), C(t("年初预算数"), bold=True), C(t("全年预算数"), bold=True), C(t("全年执行数"), bold=True),
             C(t("分值"), bold=True), C(t("执行率"), bold=True), C(score_label, bold=True))),
        Row((C(t("年度资金总额"), 2), N(num.money(b.initial)), N(num.money(b.budget)), N(num.money(b.actual)),
             N(num.weight(b.weight)), N(num.rate(b.rate)), N(num.score(b.score)))),
    ]


def evaluation_table(wb: Workbook, fig: Figures, fmt: Format) -> Table:
    ev, f = fig.evaluation, wb.funds
    t = _Labels(fmt, "evaluation", wb.info.year)
    num = _Numbers(fmt)
    hide = fmt["attachments.evaluation.hide_empty"]
    # the official form's four rows, and 国有资本经营拨款 / 上级专项拨款 when they hold an amount;
    # with hide_empty only the rows that hold an amount
    official = ("一般公共预算", "政府性基金拨款", "纳入专户管理的非税收入拨款", "其他资金")
    income = [k for k in INCOME_LABELS if _has_value(f.get(f"收入：{k}"))
              or (not hide and (f.get(f"收入：{k}") is not None or k in official))]
    spend = [k for k in ("基本支出", "项目支出") if not hide or _has_value(f.get(f"支出：{k}"))]
    show_income = not hide or bool(income) or _has_value(fig.income_total)
    show_spend = not hide or bool(spend) or _has_value(fig.spend_total)
    depth = max(len(income), len(spend))
    budget = _budget_row(t, ev.budget, t("得分"), num)
    lines: list[Row] = []
    if show_income or show_spend:
        # income lines are long (纳入专户管理的非税收入拨款), spending ones short: 5 columns to 3
        lines.append(Row((L(f"{t('按收入性质分：')}{num.money(fig.income_total)}" if show_income else "", 5),
                          L(f"{t('按支出性质分：')}{num.money(fig.spend_total)}" if show_spend else "", 3))))
    for i in range(depth):
        def item(keys: list[str], kind: str) -> str:
            if i >= len(keys):
                return ""
            label = prefixed("其中：", t(keys[i])) if i == 0 else "　　　" + t(keys[i])
            return f"{colon(label)}{num.money(f.get(kind + keys[i]))}"
        lines.append(Row((L(item(income, "收入："), 5), L(item(spend, "支出："), 3))))
    rows = [
        Row((C(t("区级预算部门（单位）名称"), 3, bold=True), L(wb.info.unit_name, 6)), header=True),
        Row((C(t("年度预算申请（万元）"), rowspan=2 + len(lines), bold=True),) + budget[0].cells),
        budget[1],
        *lines,
    ]
    rows += _goal_rows([(g.expected, g.achieved) for g in wb.goals] or [("", "")], t)
    rest = (_indicator_rows(ev, t, t("得分"), num) if ev.rows else []) + _total_row(ev, t, fmt, num)
    return Table(EVAL_TOP_WIDTHS, tuple(rows), continued=Table(EVAL_WIDTHS, tuple(rest)) if rest else None)


def project_table(wb: Workbook, pf: ProjectFigures, fmt: Format) -> Table:
    p, ev = pf.project, pf.evaluation
    t = _Labels(fmt, "project", wb.info.year)
    num = _Numbers(fmt)
    hide = fmt["attachments.project.hide_empty"]
    sources = [s for s in pf.sources if not hide or _has_value(s.initial, s.budget, s.actual)]
    score_label = t("自评得分")
    budget = _budget_row(t, ev.budget, score_label, num)
    rows = [
        Row((C(t("项目名称"), 2, bold=True), L(p.name, 7)), header=True),
        Row((C(t("主管部门"), 2, bold=True), L(p.department or wb.info.department, 3), C(t("实施单位"), 2, bold=True),
             L(p.implementer, 2))),
        Row((C(t("项目资金（万元）"), rowspan=2 + len(sources), bold=True),) + budget[0].cells),
        budget[1],
    ]
    for i, s in enumerate(sources):
        scored = s.weight is not None
        label = prefixed("其中：", t(s.source)) if i == 0 and (hide or s.source == FUND_SOURCES[0]) else t(s.source)
        rows.append(Row((L(label, 2), N(num.money(s.initial)), N(num.money(s.budget)), N(num.money(s.actual)),
                         N(num.weight(s.weight)) if scored else C("—"), N(num.rate(s.rate)) if scored else C("—"),
                         N(num.score(s.score)) if scored else C("—"))))
    rows += _goal_rows([(p.goal, p.result)], t)
    rest = _indicator_rows(ev, t, score_label, num) + _total_row(ev, t, fmt, num)
    return Table(EVAL_TOP_WIDTHS, tuple(rows), continued=Table(EVAL_WIDTHS, tuple(rest)))


def budget_table(wb: Workbook, bt: BudgetTable, fmt: Format) -> Table:
    t = _Labels(fmt, "budget", wb.info.year)
    money = _Numbers(fmt).money
    rows = [Row((C(t("科目编码"), bold=True), C(t("科目名称"), bold=True), C(t("合计（万元）"), bold=True),
                 C(t("基本支出（万元）"), bold=True), C(t("项目支出（万元）"), bold=True)), header=True)]
    for r, total in bt.rows:
        if fmt["attachments.budget.hide_empty"] and not _has_value(total, r.basic, r.project):
            continue
        rows.append(Row((C(r.code), L(r.name), N(money(total)), N(money(r.basic)), N(money(r.project)))))
    rows.append(Row((C(t("合计"), 2, bold=True), N(money(bt.total)), N(money(bt.basic)), N(money(bt.project)))))
    return Table(BUDGET_WIDTHS, tuple(rows))


# ---------------------------------------------------------------- the format's list, in order

def attachments(wb: Workbook, fig: Figures, fmt: Format) -> list[Attachment]:
    """The attachments the format asks for, in its order, with their titles; each is a table
    followed by its notes and the 填表人 footer (labels and page breaks are the render stage's)."""
    y = wb.info.year
    values: dict[str, Any] = {"year": y if y else "", "last_year": y - 1 if y else "",
                              "unit": wb.info.unit_name, "project": "", "type": "",
                              "unit_short": wb.info.unit_short or wb.info.unit_name}
    out: list[Attachment] = []

    def add_one(kind: str, table: Table, notes: tuple[str, ...] = (), **extra: str) -> None:
        title = fill_pattern(fmt[f"attachments.{kind}.title"], **{**values, **extra})
        blocks: tuple[Block, ...] = (table,) + tuple(Paragraph.of("table-note", n) for n in notes if n)
        out.append(Attachment(kind, title, blocks + (footer(wb, fmt),)))

    for kind in fmt["parts.attachments"]:
        if kind == "basic":
            add_one("basic", basic_table(wb, fig, fmt), (fmt["attachments.basic.note"],))
        elif kind == "evaluation":
            add_one("evaluation", evaluation_table(wb, fig, fmt))
        elif kind == "project":
            for pf in fig.projects:
                if pf.evaluation is not None:
                    add_one("project", project_table(wb, pf, fmt), (fmt["attachments.project.note"],),
                            project=pf.project.name)
        elif kind == "budget":
            for btype, bt in fig.budget_tables.items():
                add_one("budget", budget_table(wb, bt, fmt), type=btype)
    return out


def labelled(att: Attachment, n: int) -> tuple[Block, ...]:
    """An attachment as it is laid out: a new page, the label 附件N, the title, the table."""
    return (PageBreak(), Paragraph.of("attachment-label", f"附件{n}"),
            Paragraph.of("table-title", att.title)) + att.blocks
