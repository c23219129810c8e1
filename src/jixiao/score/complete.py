"""Completeness: what a finished report must have, as the report format declares it
(`complete.required`, a list of the REQUIREMENTS below), and amounts that look typed in 元
instead of 万元. Every blank a requirement finds is an error at its own cell, saying what belongs
there, so a half-filled workbook is never built under the report's name (`build --draft` still
shows it). docs/formats.md lists the requirements; docs/workbook.md the 元/万元 limits.

`completeness(wb, fig, required, has_indicators) -> list[Message]`: pure.
"""
from __future__ import annotations

from decimal import Decimal

from jixiao import fmt
from jixiao.contract import FUND_LABELS
from jixiao.messages import Message, error, warning
from jixiao.model import Workbook
from jixiao.score.figures import Figures

_GENERAL = ("一般公共预算：财政拨款支出", "一般公共预算：基本支出", "一般公共预算：人员经费",
            "一般公共预算：公用经费")
# each requirement a format may list, and what it asks for (docs/formats.md: complete.required)
REQUIREMENTS: dict[str, str] = {
    "基本信息.编制数": "基本信息“编制数”",
    "基本信息.实际在职人数": "基本信息“实际在职人数”",
    "资金情况.年初预算数": "资金情况“年初预算数”",
    "资金情况.全年预算数": "资金情况“全年预算数”",
    "资金情况.全年执行数": "资金情况“全年执行数”",
    "资金情况.按收入性质": "资金情况“收入：…”各行（至少一行）",
    "资金情况.按支出性质": "资金情况“支出：基本支出”“支出：项目支出”",
    "资金情况.一般公共预算": "资金情况“一般公共预算：财政拨款支出、基本支出、人员经费、公用经费”",
    "基础数据表.上年决算数": "基础数据表“上年决算数”列（整列空白时；默认不要求）",
    "基础数据表.本年预算数": "基础数据表“本年预算数”列（整列空白时）",
    "基础数据表.本年决算数": "基础数据表“本年决算数”列（整列空白时）",
    "年度目标": "年度目标：至少一条，每条的“实际完成情况”",
    "绩效指标": "绩效指标工作表及其指标（报告格式有指标框架时）",
    "项目.实际完成情况": "每个项目的“实际完成情况”",
    "项目资金.全年执行数": "每个项目资金行的“全年执行数”",
}
SECTION_PREFIX = "报告正文."       # "报告正文.存在的问题及原因分析": the clerk must write that 章节

# 元 typed for 万元: an amount 10,000 times too large
UNIT_SLIP_RATIO = 1000            # two figures of one quantity this many times apart: one is in 元
MAX_PER_STAFF = 1000              # 万元 of 全年执行数 per 编制/在职 person above which it looks like 元
MAX_UNIT_TOTAL = Decimal(10_000_000)   # 万元 (1,000 亿元) of 全年执行数 above which it looks like 元

TODO = "请填写。"


def completeness(wb: Workbook, fig: Figures, required: tuple[str, ...], has_indicators: bool) -> list[Message]:
    """An error at every blank the format's requirements find."""
    out: list[Message] = []
    need = set(required)
    info = wb.info
    for label, value in (("编制数", info.staff_quota), ("实际在职人数", info.staff_actual)):
        if f"基本信息.{label}" in need and value is None:
            out.append(error(info.refs.get(label, "基本信息"), f"“{label}”为空，报告要写明人员情况",
                             f"请填写{label}（人）。" if label in info.refs else
                             f"请在基本信息加一行“{label}”并填写。"))
    f = wb.funds
    for label in ("年初预算数", "全年预算数", "全年执行数"):
        if f"资金情况.{label}" in need and f.get(label) is None:
            out.append(_fund_blank(wb, label, "报告的年度资金总额要印出这个数"))
    groups = (("资金情况.按收入性质", [x for x in FUND_LABELS if x.startswith("收入：")], "按收入性质分"),
              ("资金情况.按支出性质", [x for x in FUND_LABELS if x.startswith("支出：")], "按支出性质分"),
              ("资金情况.一般公共预算", list(_GENERAL), "一般公共预算支出情况"))
    for key, labels, what in groups:
        if key not in need:
            continue
        if key == "资金情况.一般公共预算":
            out += [_fund_blank(wb, x, f"报告的“{what}”要印出这个数") for x in labels if f.get(x) is None]
        elif all(f.get(x) is None for x in labels):
            out += [_fund_blank(wb, x, f"报告的“{what}”各行全部空白") for x in labels]
    for i, col in enumerate(("上年决算数", "本年预算数", "本年决算数")):
        if f"基础数据表.{col}" in need and wb.basic_rows and all(b.values[i] is None for b in fig.basic):
            out += [error(b.row.refs.get(col, "基础数据表"), f"基础数据表“{b.row.label}”的{col}为空（整列都没有填写）",
                          f"请填写（没有发生的填0）。") for b in fig.basic]
        elif f"基础数据表.{col}" in need and not wb.basic_rows:
            out.append(error("基础数据表", f"基础数据表没有任何行，{col}无从印出", f"请从模板复制基础数据表后填写。"))
    if "年度目标" in need:
        if not wb.goals:
            out.append(error("年度目标" if "年度目标" in wb.absent else "年度目标!A2", "没有填写年度目标",
                             f"请填写本年度的预期目标和实际完成情况。"))
        out += [error(g.refs.get("实际完成情况", "年度目标"), f"年度目标“{_short(g.expected)}”的实际完成情况为空",
                      f"请写明实际完成情况。") for g in wb.goals if not g.achieved]
    if "绩效指标" in need and has_indicators and not wb.indicators:
        missing = "绩效指标" in wb.absent
        out.append(error("绩效指标" if missing else "绩效指标!A2",
                         "缺少工作表“绩效指标”" if missing else "没有填写绩效指标，自评表和总分无从印出",
                         ("请从模板复制“绩效指标”工作表并填写本年度的指标。" if missing else
                          "请在“绩效指标”表中填写本年度的指标。") + TODO))
    for p in wb.projects:
        if "项目.实际完成情况" in need and not p.result:
            out.append(error(p.refs.get("实际完成情况", "项目"), f"项目“{p.name}”的实际完成情况为空",
                             f"请写明项目的实际完成情况。"))
        if "项目资金.全年执行数" in need:
            out += [error(x.refs.get("全年执行数", "项目资金"), f"项目“{p.name}”（{x.source}）的全年执行数为空",
                          f"请填写（没有执行的填0）。") for x in p.funds if x.actual is None]
    for key in required:
        if key.startswith(SECTION_PREFIX):
            section = key[len(SECTION_PREFIX):]
            if not wb.texts_of(section):
                out.append(error("报告正文", f"报告正文没有“{section}”一节的段落（报告中这一节会是空的）",
                                 f"请在报告正文加一行，章节选“{section}”，在“内容”列写这一节。"))
    return out


def _fund_blank(wb: Workbook, label: str, why: str) -> Message:
    ref = wb.funds.ref(label)
    return error(ref or "资金情况", f"资金情况“{label}”为空（{why}）",
                 (f"请填写金额（万元；没有的填0）。" if ref else
                  f"请在资金情况加一行“{label}”并填写金额。"))


def _short(text: str, n: int = 20) -> str:
    line = text.split("\n")[0]
    return line if len(line) <= n else line[:n] + "…"


def unit_slips(wb: Workbook, fig: Figures) -> list[Message]:
    """Amounts that look typed in 元 instead of 万元, with the likely cause."""
    out: list[Message] = []
    f = wb.funds
    for label, key in (("支出：项目支出", "项目支出"), ("一般公共预算：公用经费", "公用经费")):
        a, b = f.get(label), fig.basic_value(key, 2)
        if not a or not b:
            continue
        ratio = a / b
        if ratio >= UNIT_SLIP_RATIO or ratio <= Decimal(1) / UNIT_SLIP_RATIO:
            big, where = (f"资金情况“{label}”", f.ref(label)) if ratio > 1 else \
                (f"基础数据表“{key}”本年决算数", next((x.row.refs["本年决算数"] for x in fig.basic if x.row.key == key), ""))
            out.append(error(where or "资金情况",
                             f"{big}是另一处同一数字的约{fmt.number(round(max(ratio, 1 / ratio)))}倍"
                             f"（资金情况{fmt.money_as_entered(a)}，基础数据表{fmt.money_as_entered(b)}），像是按“元”填写的",
                             "本工作簿的金额单位都是万元：请把按元填写的金额除以10000。"))
    total = f.get("全年执行数")
    if total is None:
        return out
    staff = wb.info.staff_actual or wb.info.staff_quota
    if total > MAX_UNIT_TOTAL:
        out.append(warning(f.ref("全年执行数"), f"全年执行数{fmt.money_as_entered(total)}万元超过{fmt.number(MAX_UNIT_TOTAL)}万元，像是按“元”填写的",
                           "金额单位是万元：如按元填写，请除以10000；如确属实可不处理。"))
    elif staff and total / staff > MAX_PER_STAFF:
        out.append(warning(f.ref("全年执行数"),
                           f"全年执行数{fmt.money_as_entered(total)}万元，按{staff}人计每人超过{MAX_PER_STAFF}万元，像是按“元”填写的",
                           "金额单位是万元：如按元填写，请把资金情况各金额除以10000；如确属实可不处理。"))
    return out
