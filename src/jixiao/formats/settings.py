"""The settings of a report format, each declared once in SETTINGS with its default, a one-line
help and the check of its value (docs/formats.md documents each one; a test fails when one is
missing there). `flatten` turns format.toml's tables into the settings' dotted keys.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

from jixiao.contract import FUND_SOURCES, SECTIONS
from jixiao.formats.labels import LABELS
from jixiao.formats.patterns import pattern_problem
from jixiao.formats.search import DEFAULT
from jixiao.score.complete import REQUIREMENTS, SECTION_PREFIX


@dataclass(frozen=True)
class Setting:
    key: str                      # dotted, as written in format.toml ("scoring.over_budget")
    default: Any
    help: str                     # one line (Chinese) — docs/formats.md says more
    check: Callable[[Any], str] | None = None   # returns what is wrong, or ""


ATTACHMENT_KINDS = ("basic", "evaluation", "project", "budget")
PLACEHOLDERS = {
    "title": ("year", "unit", "last_year"),
    "attachment": ("year", "unit", "last_year", "project", "type"),
    "footer": ("filled_by", "fill_date", "phone", "head", "unit"),
    "numbering": ("n", "cn", "circled"),
}


def _one_of(*values: str) -> Callable[[Any], str]:
    return lambda v: "" if v in values else f"应为 {' / '.join(repr(x) for x in values)} 之一"


def _kind(kind: type | tuple[type, ...]) -> Callable[[Any], str]:
    names = {bool: "true/false", int: "整数", str: "文字（用引号括起）", list: "列表 [ … ]",
             dict: "表 { … }", float: "数值"}
    kinds = kind if isinstance(kind, tuple) else (kind,)

    def check(v: Any) -> str:
        if isinstance(v, bool) and bool not in kinds:
            return f"应为{'或'.join(names[k] for k in kinds)}"
        return "" if isinstance(v, kinds) else f"应为{'或'.join(names[k] for k in kinds)}"
    return check


def _pattern(group: str) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        if not isinstance(v, str):
            return "应为文字（用引号括起）"
        return pattern_problem(v, PLACEHOLDERS[group])
    return check


MAX_POINTS = 10_000               # largest 分值 / total a format may set


def _points(v: Any) -> str:
    ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and 0 <= v <= MAX_POINTS
    return "" if ok else f"应为0到{MAX_POINTS}之间的数值"


def _attachments_list(v: Any) -> str:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        return "应为列表，如 [\"basic\", \"evaluation\", \"project\", \"budget\"]"
    bad = [x for x in v if x not in ATTACHMENT_KINDS]
    return f"不认识的附件 {'、'.join(bad)}（可选：{'、'.join(ATTACHMENT_KINDS)}）" if bad else ""


def _numbering(v: Any) -> str:
    if not isinstance(v, list) or not v or len(v) > 8 or not all(isinstance(x, str) for x in v):
        return "应为1到8个编号样式的列表，如 [\"{cn}、\", \"（{cn}）\", \"{n}.\", \"（{n}）\"]"
    return next((p for p in (pattern_problem(x, PLACEHOLDERS["numbering"]) for x in v) if p), "")


def _grades(v: Any) -> str:
    ok = isinstance(v, list) and v and all(
        isinstance(g, list) and len(g) == 2 and not _points(g[0]) and isinstance(g[1], str) for g in v)
    if not ok:
        return "应为 [[分数下限, \"等级\"], …]，如 [[90, \"优\"], [80, \"良\"], [60, \"中\"], [0, \"差\"]]"
    lows = [g[0] for g in v]
    return "" if lows == sorted(lows, reverse=True) and lows[-1] <= 0 else "分数下限应从高到低排列，最后一档为0"


def _levels(v: Any) -> str:
    if not isinstance(v, list):
        return "应为一级指标的列表（[[framework.level]] 表）"
    for i, lv in enumerate(v, 1):
        if not isinstance(lv, dict):
            return f"第{i}个一级指标应为表"
        unknown = set(lv) - {"name", "weight", "level2"}
        if unknown:
            return f"第{i}个一级指标有未知的键 {'、'.join(sorted(unknown))}（可用：name、weight、level2）"
        if not isinstance(lv.get("name"), str) or not lv["name"].strip():
            return f"第{i}个一级指标缺少 name"
        if _points(lv.get("weight")):
            return f"一级指标“{lv['name']}”的 weight 应为不小于0的数值"
        if not isinstance(lv.get("level2", []), list) or \
                not all(isinstance(x, str) for x in lv.get("level2", [])):
            return f"一级指标“{lv['name']}”的 level2 应为二级指标名称的列表"
    names = [lv["name"] for lv in v]
    dup = {n for n in names if names.count(n) > 1}
    return f"一级指标重复：{'、'.join(sorted(dup))}" if dup else ""


def _source_weights(v: Any) -> str:
    if not isinstance(v, dict):
        return "应为表，如 { \"当年财政拨款\" = 6, \"其他资金\" = 4 }"
    bad = [k for k in v if k not in FUND_SOURCES]
    if bad:
        return f"不认识的资金来源 {'、'.join(bad)}（可选：{'、'.join(FUND_SOURCES)}）"
    return next((f"“{k}”{p}" for k, x in v.items() if (p := _points(x))), "")


def _labels(kind: str) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        if not isinstance(v, dict) or not all(isinstance(x, str) for x in v.values()):
            return "应为表：{ \"原标签\" = \"新标签\" }"
        bad = [k for k in v if k not in LABELS[kind]]
        if bad:
            return (f"不认识的标签 {'、'.join('“' + b + '”' for b in bad)}"
                    f"（可改的标签：{'、'.join(LABELS[kind])}）")
        return next((p for p in (pattern_problem(x, PLACEHOLDERS["attachment"]) for x in v.values()) if p), "")
    return check


def _required(v: Any) -> str:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        return "应为列表，如 [\"资金情况.全年执行数\", \"报告正文.存在的问题及原因分析\"]"
    known = set(REQUIREMENTS) | {SECTION_PREFIX + x for x in SECTIONS}
    bad = [x for x in v if x not in known]
    return (f"不认识的必填项 {'、'.join(bad)}（可选：{'、'.join(REQUIREMENTS)}，以及“{SECTION_PREFIX}章节名”）"
            if bad else "")


DEFAULT_REQUIRED = [*(k for k in REQUIREMENTS if k != "基础数据表.上年决算数"), *(SECTION_PREFIX + x for x in (
    "职能职责", "机构设置", "存在的问题及原因分析", "下一步改进措施"))]

_DEFAULT_LEVELS = [
    {"name": "产出指标", "weight": 40, "level2": ["数量指标", "质量指标", "时效指标"]},
    {"name": "效益指标", "weight": 20,
     "level2": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]},
    {"name": "满意度指标", "weight": 10, "level2": ["服务对象满意度指标"]},
    {"name": "成本指标", "weight": 20, "level2": ["经济成本指标", "社会成本指标", "生态环境成本指标"]},
]

SETTINGS: tuple[Setting, ...] = (
    Setting("extends", DEFAULT, "在哪个格式的基础上修改（default 之外的格式默认 extends = \"default\"）", _kind(str)),
    Setting("description", "", "一句话说明这个格式（哪个城市、哪一年）", _kind(str)),
    Setting("report.title", "{year}年度{unit}整体支出绩效自评报告", "报告标题（封面、正文标题）", _pattern("title")),
    Setting("report.file_name", "{year}年度{unit}整体支出绩效自评报告", "报告文件名（不含 .docx）", _pattern("title")),
    Setting("report.template", "report.txt.j2", "正文模板文件名", _kind(str)),
    Setting("parts.cover", True, "报告前是否有封面页", _kind(bool)),
    Setting("parts.order", "report-first", "\"report-first\"：先报告后附表；\"attachments-first\"：先附表，报告作为最后一个附件",
            _one_of("report-first", "attachments-first")),
    Setting("parts.attachments", ["basic", "evaluation", "project", "budget"], "包含哪些附表、按什么顺序", _attachments_list),
    Setting("parts.first_attachment", 1, "第一个附表的附件序号", lambda v: "" if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 99 else "应为1到99的整数"),
    Setting("layout.duplex", True, "双面打印：正文从奇数页（右页）开始", _kind(bool)),
    Setting("layout.stamp", True, "署名处加盖印章：成文日期右空四字，署名居中于日期之上（GB/T 9704 7.3.5.1）", _kind(bool)),
    Setting("numbering.levels", ["{cn}、", "（{cn}）", "{n}.", "（{n}）", "{circled}"], "各级标题和条目的编号样式", _numbering),
    Setting("words", {"entity": "部门（单位）", "whole": "部门整体"}, "模板中可用的措辞 words.名称（可自行增加）",
            lambda v: "" if isinstance(v, dict) and all(isinstance(x, str) for x in v.values()) else "应为表：{ 名称 = \"文字\" }"),
    Setting("scoring.total", 100, "总分满分", _points),
    Setting("scoring.budget_in_total", True, "预算执行率的分值是否计入总分", _kind(bool)),
    Setting("scoring.over_budget", "full", "执行率超过100%时：\"full\" 得满分；\"deduct\" 按 分值×(2−执行率)", _one_of("full", "deduct")),
    Setting("scoring.show_total", True, "自评表和正文是否显示总分和等级", _kind(bool)),
    Setting("scoring.grades", [[90, "优"], [80, "良"], [60, "中"], [0, "差"]], "等级划分（分数下限从高到低）", _grades),
    Setting("framework.budget", 10, "指标框架：预算执行率的分值", _points),
    Setting("framework.level", _DEFAULT_LEVELS, "指标框架：一级指标、分值及其二级指标", _levels),
    Setting("project.budget_weight", 10, "项目支出绩效自评表：资金执行的分值", _points),
    Setting("project.level", [], "项目支出绩效自评表的指标框架（空：只核对合计）", _levels),
    Setting("project.source_weights", {}, "按资金来源分别计分：{ \"当年财政拨款\" = 分值, … }（空：不分来源计分）", _source_weights),
    Setting("project.total", 100, "项目支出绩效自评表的总分满分", _points),
    Setting("project.budget_in_total", True, "项目资金执行的分值是否计入项目总分", _kind(bool)),
    Setting("complete.required", DEFAULT_REQUIRED, "完整的报告必须有的数字、工作表和章节（缺了是错误，只能生成草稿）", _required),
    Setting("attachments.footer", "填表人：{filled_by}　填报日期：{fill_date}　联系电话：{phone}　单位负责人签字：{head}",
            "每张附表下的填表人一行", _pattern("footer")),
    Setting("attachments.basic.title", "{year}年度部门（单位）整体支出绩效评价基础数据表", "基础数据表标题", _pattern("attachment")),
    Setting("attachments.basic.note", "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。",
            "基础数据表下的说明", _kind(str)),
    Setting("attachments.basic.unit_row", False, "基础数据表第一行是否为“预算单位名称”", _kind(bool)),
    Setting("attachments.basic.labels", {}, "基础数据表的标签改写", _labels("basic")),
    Setting("attachments.evaluation.title", "{year}年度部门（单位）整体支出绩效自评表", "整体支出绩效自评表标题", _pattern("attachment")),
    Setting("attachments.evaluation.labels", {}, "整体支出绩效自评表的标签改写", _labels("evaluation")),
    Setting("attachments.project.title", "{year}年度项目支出绩效自评表（{project}）", "项目支出绩效自评表标题（每个项目一张）", _pattern("attachment")),
    Setting("attachments.project.note", "", "项目支出绩效自评表下的备注", _kind(str)),
    Setting("attachments.project.labels", {}, "项目支出绩效自评表的标签改写", _labels("project")),
    Setting("attachments.budget.title", "{year}年度{type}支出情况表", "预算支出情况表标题（{type}：政府性基金预算等）", _pattern("attachment")),
    Setting("attachments.budget.labels", {}, "预算支出情况表的标签改写", _labels("budget")),
)
SETTING_BY_KEY = {s.key: s for s in SETTINGS}
# settings whose value is a table: a format that extends another adds to it key by key
FREE_TABLES = {k for k, s in SETTING_BY_KEY.items() if isinstance(s.default, dict)}


def flatten(data: dict, prefix: str = "") -> dict[str, Any]:
    """{"scoring": {"total": 100}} → {"scoring.total": 100}. A declared setting whose value is a
    table (words, labels, source_weights) stays whole; an unknown key is kept for load.py to refuse."""
    out: dict[str, Any] = {}
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and v and key not in SETTING_BY_KEY:
            out.update(flatten(v, key + "."))
        else:
            out[key] = v
    return out
