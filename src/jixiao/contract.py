"""The input workbook contract (docs/workbook.md), declared once.

The reader walks these declarations to find sheets, columns and labels and to clean each value;
the template writer (`jixiao template`) walks the same declarations to write a blank workbook.
Names here are fixed by the contract: extend, never rename.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    TEXT = "文本"
    MONEY = "金额（万元）"
    NUMBER = "数值"
    INT = "整数"
    YEAR = "年度"
    DATE = "日期"
    PERCENT = "百分比"
    CELLTEXT = "文本或数值"   # kept as the clerk wrote it (指标值 "≥95%", a number, a percent)


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    choices: tuple[str, ...] = ()      # allowed values (a drop-down in the template)
    width: int = 14                    # column width in the blank template


@dataclass(frozen=True)
class Label:
    """A row of a label sheet (基本信息, 资金情况): the label sits in the key column."""
    label: str
    kind: Kind = Kind.TEXT
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    labels: tuple[Label, ...] = ()     # label sheets only; the first column holds the label
    value_column: str = ""             # label sheets: the column holding the value
    required: bool = False             # the workbook is unusable without it
    hint: str = ""                     # one line for the 填写说明 sheet

    def column(self, header: str) -> Column:
        return next(c for c in self.columns if c.header == header)

    def label(self, name: str) -> Label | None:
        return next((lab for lab in self.labels if lab.label == name), None)


SECTIONS = (
    "职能职责", "机构设置", "人员情况", "基本支出情况", "项目支出情况",
    "政府性基金预算支出情况", "国有资本经营预算支出情况", "社会保险基金预算支出情况",
    "整体支出绩效情况", "项目支出绩效情况", "存在的问题及原因分析", "下一步改进措施",
    "结果应用和公开情况", "其他需要说明的情况", "厉行节约保障措施",
)
FUND_SOURCES = ("当年财政拨款", "上年结转资金", "其他资金")
BUDGET_TYPES = ("政府性基金预算", "国有资本经营预算", "社会保险基金预算")

# 基础数据表: the standard rows, in order. Rows between 项目支出 and 公用经费 are projects.
BASIC_ROWS = (
    "三公经费", "公务用车购置和维护经费", "公车购置", "公车运行维护", "出国经费", "公务接待",
    "项目支出",
    "公用经费", "办公经费", "水费、电费、差旅费", "会议费、培训费",
    "政府采购金额", "部门基本支出预算调整",
)
# parent → children. "exact": the parent is the sum of its children; "part": the children are
# 其中 items of the parent (公用经费 holds more than 办公经费 + 水电差旅 + 会议培训).
BASIC_PARENTS = {
    "三公经费": (("公务用车购置和维护经费", "出国经费", "公务接待"), "exact"),
    "公务用车购置和维护经费": (("公车购置", "公车运行维护"), "exact"),
    "公用经费": (("办公经费", "水费、电费、差旅费", "会议费、培训费"), "part"),
    # 项目支出: its children are the project rows, whatever the clerk named them ("exact").
}

INDICATOR_COLUMNS = (
    Column("一级指标", width=12), Column("二级指标", width=14), Column("三级指标", width=30),
    Column("年度指标值", Kind.CELLTEXT, width=14), Column("实际完成值", Kind.CELLTEXT, width=14),
    Column("分值", Kind.NUMBER, width=8), Column("得分", Kind.NUMBER, width=8),
    Column("偏差原因分析及改进措施", width=30),
)

FUND_LABELS = (
    "年初预算数", "全年预算数", "全年执行数",
    "收入：一般公共预算", "收入：政府性基金拨款", "收入：国有资本经营拨款",
    "收入：纳入专户管理的非税收入拨款", "收入：上级专项拨款", "收入：其他资金",
    "支出：基本支出", "支出：项目支出",
    "一般公共预算：预算资金", "一般公共预算：财政拨款收入", "一般公共预算：财政拨款支出",
    "一般公共预算：基本支出", "一般公共预算：人员经费", "一般公共预算：公用经费",
    "一般公共预算：项目支出",
    "政府性基金预算支出", "国有资本经营预算支出", "社会保险基金预算支出",
)

SHEETS: tuple[Sheet, ...] = (
    Sheet("基本信息", (Column("项目", width=18), Column("内容", Kind.CELLTEXT, width=44)),
          labels=(
              Label("单位名称", required=True), Label("年度", Kind.YEAR, required=True),
              Label("主管部门"), Label("报告模板"), Label("填表人"), Label("联系电话"),
              Label("单位负责人"), Label("填报日期", Kind.DATE), Label("报告日期", Kind.DATE),
              Label("编制数", Kind.INT), Label("实际在职人数", Kind.INT),
              Label("上年实际在职人数", Kind.INT), Label("单位简称"),
          ), value_column="内容", required=True,
          hint="单位名称、年度必填；报告模板留空即用默认模板；单位简称供报告格式的标题使用，可不填。"),
    Sheet("资金情况", (Column("项目", width=34), Column("金额（万元）", Kind.MONEY),
                   Column("说明", width=40)),
          labels=tuple(Label(x, Kind.MONEY) for x in FUND_LABELS), value_column="金额（万元）",
          hint="金额单位万元，保留两位小数；执行率低于100%时请在“全年执行数”的说明中写明原因。"),
    Sheet("基础数据表", (Column("项目", width=30), Column("上年决算数", Kind.MONEY),
                    Column("本年预算数", Kind.MONEY), Column("本年决算数", Kind.MONEY)),
          hint="“项目支出”与“公用经费”之间每个项目一行；合计行留空由程序按明细求和。"),
    Sheet("楼堂馆所", (Column("项目名称", width=30), Column("批复规模（㎡）", Kind.NUMBER),
                   Column("实际规模（㎡）", Kind.NUMBER), Column("预算投资（万元）", Kind.MONEY),
                   Column("实际投资（万元）", Kind.MONEY)),
          hint="本年完工的楼堂馆所，没有则留空。"),
    Sheet("年度目标", (Column("预期目标", width=50), Column("实际完成情况", width=50)),
          hint="每个目标一行，单元格内可换行。"),
    Sheet("指标体系", (Column("一级指标", width=16), Column("分值", Kind.NUMBER)),
          hint="本年度指标框架的一级指标及分值，合计100。"),
    Sheet("绩效指标", INDICATOR_COLUMNS,
          hint="一级、二级指标留空表示同上一行；定量指标的得分可留空，由程序按规则计分。"),
    Sheet("项目", (Column("项目名称", width=30), Column("主管部门", width=20),
                 Column("实施单位", width=20), Column("预期目标", width=40),
                 Column("实际完成情况", width=40), Column("绩效说明", width=50)),
          hint="每个一级项目一行。"),
    Sheet("项目资金", (Column("项目名称", width=30), Column("资金来源", choices=FUND_SOURCES),
                   Column("年初预算数", Kind.MONEY), Column("全年预算数", Kind.MONEY),
                   Column("全年执行数", Kind.MONEY)),
          hint="资金来源：当年财政拨款、上年结转资金、其他资金。"),
    Sheet("项目绩效指标", (Column("项目名称", width=30),) + INDICATOR_COLUMNS,
          hint="每个项目一组指标；项目名称与“项目”表一致，留空表示同上一行；一级、二级指标留空表示同上一行。"),
    Sheet("报告正文", (Column("章节", choices=SECTIONS, width=22), Column("小标题", width=24),
                   Column("内容", width=80)),
          hint="不必输入“1.”“（一）”等序号，程序自动编号。"),
    Sheet("预算支出表", (Column("预算类型", choices=BUDGET_TYPES, width=18),
                    Column("科目编码", width=14), Column("科目名称", width=30),
                    Column("合计", Kind.MONEY), Column("基本支出", Kind.MONEY),
                    Column("项目支出", Kind.MONEY)),
          hint="政府性基金、国有资本经营、社会保险基金预算支出情况表的行。"),
)

SHEET_BY_NAME = {s.name: s for s in SHEETS}
SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}
