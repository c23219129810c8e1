"""The unit's year, in the domain's terms: plain dataclasses, Decimal money, no Excel, no docx.

Every record keeps `refs`: the `sheet!cell` each value came from (keyed by the contract's header
or label), so checks can point at the cell a clerk must fix.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

Refs = dict[str, str]


@dataclass
class Info:
    unit_name: str = ""
    year: int | None = None
    department: str = ""          # 主管部门
    template: str = ""            # 报告模板
    filled_by: str = ""           # 填表人
    phone: str = ""               # 联系电话
    head: str = ""                # 单位负责人
    fill_date: date | None = None     # 填报日期
    report_date: date | None = None   # 报告日期
    staff_quota: int | None = None    # 编制数
    staff_actual: int | None = None   # 实际在职人数
    staff_actual_last: int | None = None  # 上年实际在职人数
    extra: dict[str, str] = field(default_factory=dict)   # rows the contract does not name
    refs: Refs = field(default_factory=dict)


@dataclass
class FundLine:
    """One row of 资金情况."""
    amount: Decimal | None = None
    note: str = ""                # 说明
    refs: Refs = field(default_factory=dict)


@dataclass
class Funds:
    lines: dict[str, FundLine] = field(default_factory=dict)   # by contract label

    def get(self, label: str) -> Decimal | None:
        line = self.lines.get(label)
        return line.amount if line else None

    def note(self, label: str) -> str:
        line = self.lines.get(label)
        return line.note if line else ""

    def ref(self, label: str) -> str:
        line = self.lines.get(label)
        return line.refs.get("金额（万元）", "") if line else ""


@dataclass
class BasicRow:
    """One row of 基础数据表 (经费控制情况)."""
    label: str                    # as the clerk wrote it (numbering stripped)
    key: str                      # the standard row it is, or "" for a project row
    prior: Decimal | None = None  # 上年决算数
    budget: Decimal | None = None  # 本年预算数
    actual: Decimal | None = None  # 本年决算数
    refs: Refs = field(default_factory=dict)
    row: int = 0

    @property
    def is_project(self) -> bool:
        return self.key == ""


@dataclass
class Building:
    name: str
    approved_area: Decimal | None = None
    actual_area: Decimal | None = None
    budget_invest: Decimal | None = None
    actual_invest: Decimal | None = None
    refs: Refs = field(default_factory=dict)


@dataclass
class Goal:
    expected: str
    achieved: str
    refs: Refs = field(default_factory=dict)


@dataclass
class Weight:
    name: str                     # 一级指标
    weight: Decimal | None
    refs: Refs = field(default_factory=dict)


@dataclass
class Indicator:
    level1: str                   # 一级指标 (blank cells filled from the row above)
    level2: str                   # 二级指标
    name: str                     # 三级指标
    target: str                   # 年度指标值, as written
    actual: str                   # 实际完成值, as written
    weight: Decimal | None        # 分值
    score: Decimal | None         # 得分 as entered (None: blank)
    remark: str = ""              # 偏差原因分析及改进措施
    refs: Refs = field(default_factory=dict)


@dataclass
class ProjectFund:
    source: str                   # 当年财政拨款 / 上年结转资金 / 其他资金
    initial: Decimal | None = None   # 年初预算数
    budget: Decimal | None = None    # 全年预算数
    actual: Decimal | None = None    # 全年执行数
    refs: Refs = field(default_factory=dict)


@dataclass
class Project:
    name: str
    department: str = ""
    implementer: str = ""
    goal: str = ""
    result: str = ""
    note: str = ""                # 绩效说明
    funds: list[ProjectFund] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    refs: Refs = field(default_factory=dict)


@dataclass
class TextRow:
    section: str                  # 章节
    lead: str                     # 小标题
    content: str                  # 内容
    refs: Refs = field(default_factory=dict)


@dataclass
class BudgetRow:
    """One row of 预算支出表."""
    budget_type: str
    code: str
    name: str
    total: Decimal | None = None
    basic: Decimal | None = None
    project: Decimal | None = None
    refs: Refs = field(default_factory=dict)


@dataclass
class Workbook:
    """Everything one unit reports for one year."""
    source: str = ""              # file name, for messages
    info: Info = field(default_factory=Info)
    funds: Funds = field(default_factory=Funds)
    basic_rows: list[BasicRow] = field(default_factory=list)
    buildings: list[Building] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    weights: list[Weight] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    texts: list[TextRow] = field(default_factory=list)
    budget_rows: list[BudgetRow] = field(default_factory=list)
    absent: tuple[str, ...] = ()  # contract sheets the file does not have (or that could not be read)

    def texts_of(self, section: str) -> list[TextRow]:
        return [t for t in self.texts if t.section == section]
