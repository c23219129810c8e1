"""Sheets → model: the contract's sheets of one workbook (found and streamed by sheets.py) mapped
to the dataclasses of model.py. All cleaning of cell values happens here (through clean.py,
celltext.py and label_keys.py), and every value keeps the `sheet!cell` it came from. Nothing
downstream reads Excel.

`read_workbook(path) -> (Workbook | None, messages)`: never raises on bad input; a file that
cannot be read at all gives None and an error that names the file, the sheet or the cell
(the package reader's `Refused`, as a Message).

Reading rules beyond the contract (docs/workbook.md, "Reading: limits and rules") are listed in
sheets.py; here: a year typed into a date-formatted 年度 cell reads as the year typed.
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from jixiao.contract import BASIC_ROWS, SHEET_BY_NAME, SHEETS, Kind, Sheet
from jixiao.messages import Message, error, warning
from jixiao.model import (BasicRow, Building, BudgetRow, FundLine, Goal, Indicator, Info, Project,
                          ProjectFund, TextRow, Weight, Workbook)
from jixiao.read.celltext import cell_text
from jixiao.read.clean import clean_text, to_date, to_decimal, to_int, to_percent, to_year, year_like
from jixiao.read.label_keys import label_key, strip_numbering
from jixiao.read.package import open_package
from jixiao.read.refused import Refused
from jixiao.read.sheets import Raw, RawRow, read_sheets

MAX_UNIT_NAME = 50              # characters of 单位名称 (the report's file name holds it)

LIMITS = ("MAX_UNIT_NAME",)


# ---------------------------------------------------------------- cleaning by kind

_TEXT_KINDS = (Kind.TEXT, Kind.CELLTEXT)
_CONVERT = {Kind.MONEY: to_decimal, Kind.NUMBER: to_decimal, Kind.INT: to_int,
            Kind.YEAR: to_year, Kind.DATE: to_date}
_TODO = {Kind.MONEY: "金额请填数字（单位万元，如 1506.95）。", Kind.NUMBER: "请填数字。",
         Kind.INT: "请填整数。", Kind.YEAR: "请填四位数年份，如 2024。", Kind.DATE: "请填日期，如 2025-04-28。"}
_CENT = Decimal("0.01")


class _Cleaner:
    def __init__(self, msgs: list[Message]):
        self.msgs = msgs

    def value(self, raw: Raw | None, kind: Kind, what: str):
        if raw is None:
            return "" if kind in _TEXT_KINDS else None
        v = raw.value
        if v is None:
            return "" if kind in _TEXT_KINDS else None
        if type(v) is str and v.startswith("=") and kind not in _TEXT_KINDS:
            return None    # an unevaluable formula, already reported
        if kind is Kind.YEAR and raw.serial is not None and year_like(raw.serial):
            v = raw.serial       # 2023 typed into a date-formatted cell (it shows as 1905-07-15)
        if kind is Kind.TEXT:
            return clean_text(v)
        if kind is Kind.CELLTEXT:
            return cell_text(v, raw.fmt)
        if kind is Kind.PERCENT:
            result, problem = to_percent(v, raw.fmt)
            if problem:
                self.msgs.append(error(raw.ref, f"{what}{problem}", "请填百分比，如 96.39% 或 0.9639。"))
            return result
        result, problem = _CONVERT[kind](v)
        if problem:
            self.msgs.append(error(raw.ref, f"{what}{problem}", _TODO[kind]))
            return None
        if kind is Kind.MONEY and result is not None:
            cents = result.quantize(_CENT)
            result = cents if result == cents else result
        return result


def _refs(row: RawRow) -> dict[str, str]:
    return {h: raw.ref for h, raw in row.items()}


# ---------------------------------------------------------------- the sheets

_INFO_KEYS = frozenset(lab.label for lab in SHEET_BY_NAME["基本信息"].labels)


def _read_info(rows: list[RawRow], spec: Sheet, clean: _Cleaner, msgs: list[Message]) -> Info:
    info = Info()
    attr = {"单位名称": "unit_name", "年度": "year", "主管部门": "department", "报告模板": "template",
            "填表人": "filled_by", "联系电话": "phone", "单位负责人": "head", "填报日期": "fill_date",
            "报告日期": "report_date", "编制数": "staff_quota", "实际在职人数": "staff_actual",
            "上年实际在职人数": "staff_actual_last"}
    seen: set[str] = set()
    for row in rows:
        key = label_key(row["项目"].value, _INFO_KEYS)
        lab = spec.label(key)
        raw = row[spec.value_column]
        if lab is None:
            if key:
                info.extra[key] = clean_text(raw.value)
            continue
        if key in seen:
            msgs.append(error(row["项目"].ref, f"“{key}”重复填写", "请只保留一行。"))
            continue
        seen.add(key)
        value = clean.value(raw, lab.kind if lab.kind is not Kind.TEXT else Kind.CELLTEXT, f"{key}：")
        setattr(info, attr[key], value)
        info.refs[key] = raw.ref
    for lab in spec.labels:
        if lab.required and not getattr(info, attr[lab.label]) and lab.label not in seen:
            msgs.append(error(f"{spec.name}!A1", f"缺少必填项“{lab.label}”",
                              f"请在“项目”列加一行“{lab.label}”，并在“内容”列填写。"))
        elif lab.required and getattr(info, attr[lab.label]) in (None, "") and lab.label in seen:
            msgs.append(error(info.refs[lab.label], f"必填项“{lab.label}”为空", "请填写。"))
    info.unit_name = info.unit_name.replace("\n", "")
    if len(info.unit_name) > MAX_UNIT_NAME:      # it names the report file (255 bytes at most)
        msgs.append(error(info.refs["单位名称"], f"单位名称过长（{len(info.unit_name)}个字，最多{MAX_UNIT_NAME}个字）",
                          "请只填写单位的正式名称。"))
        info.unit_name = ""
    return info


def _read_funds(rows, spec: Sheet, clean: _Cleaner, msgs, wb: Workbook) -> None:
    known = {label_key(lab.label): lab.label for lab in spec.labels}
    for row in rows:
        key = label_key(row["项目"].value, known)
        label = known.get(key)
        if label is None:
            if key:
                msgs.append(warning(row["项目"].ref, f"“{key}”不是资金情况的标准项目，已忽略",
                                    "标准项目见填写说明；如是笔误请改正。"))
            continue
        if label in wb.funds.lines:
            msgs.append(error(row["项目"].ref, f"“{label}”重复填写", "请只保留一行。"))
            continue
        amount = clean.value(row["金额（万元）"], Kind.MONEY, f"“{label}”的金额")
        wb.funds.lines[label] = FundLine(amount, clean_text(row["说明"].value), _refs(row))


def _read_basic(rows, clean: _Cleaner, msgs, wb: Workbook) -> None:
    standard = {label_key(x): x for x in BASIC_ROWS}
    zone = "before"      # before 项目支出 / projects / after 公用经费
    for row in rows:
        text = clean_text(row["项目"].value).replace("\n", "")
        key = label_key(text, standard)
        std = standard.get(key, "")
        if std == "项目支出":
            zone = "projects"
        elif std == "公用经费":
            zone = "after"
        if not std and zone != "projects":
            if key:
                msgs.append(warning(row["项目"].ref, f"“{key}”不是基础数据表的标准行，已忽略",
                                    "项目支出明细请放在“项目支出”与“公用经费”两行之间。"))
            continue
        vals = [clean.value(row[h], Kind.MONEY, f"“{key or '（无名称）'}”的{h}")
                for h in ("上年决算数", "本年预算数", "本年决算数")]
        if not std and not key and all(v is None for v in vals):
            continue
        if not std and not key:
            msgs.append(error(row["项目"].ref, "项目支出明细行没有名称", "请填写项目名称。"))
        wb.basic_rows.append(BasicRow(key if std else strip_numbering(text), std, *vals, refs=_refs(row),
                                      row=int(re.sub(r"\D", "", row["项目"].ref.split("!")[1]))))


def _indicator(row: RawRow, clean: _Cleaner, above: Indicator | None) -> Indicator:
    l1 = clean_text(row["一级指标"].value).replace("\n", "")
    l2 = clean_text(row["二级指标"].value).replace("\n", "")
    l1 = re.sub(r"[（(]\s*\d+(\.\d+)?\s*分\s*[)）]$", "", l1)   # "产出指标（40分）" → 产出指标
    if above is not None:
        if not l1:
            l1 = above.level1
            l2 = l2 or above.level2
        elif not l2 and l1 == above.level1:
            l2 = above.level2
    return Indicator(
        level1=l1, level2=l2, name=clean_text(row["三级指标"].value),
        target=clean.value(row["年度指标值"], Kind.CELLTEXT, ""),
        actual=clean.value(row["实际完成值"], Kind.CELLTEXT, ""),
        weight=clean.value(row["分值"], Kind.NUMBER, "分值"),
        score=clean.value(row["得分"], Kind.NUMBER, "得分"),
        remark=clean_text(row["偏差原因分析及改进措施"].value), refs=_refs(row))

def read_workbook(path: Path | str) -> tuple[Workbook | None, list[Message]]:
    path = Path(path)
    msgs: list[Message] = []
    try:
        sheets = read_sheets(open_package(path), msgs)
    except Refused as r:
        return None, msgs + [error(r.where, r.what, r.todo)]
    wb = Workbook(source=path.name)
    _fill(wb, sheets, _Cleaner(msgs), msgs)
    wb.absent = tuple(spec.name for spec in SHEETS if spec.name not in sheets)
    return wb, msgs


def _fill(wb: Workbook, sheets: dict[str, list[RawRow]], clean: _Cleaner, msgs) -> None:
    S = SHEET_BY_NAME
    if "基本信息" in sheets:
        wb.info = _read_info(sheets["基本信息"], S["基本信息"], clean, msgs)
    _read_funds(sheets.get("资金情况", []), S["资金情况"], clean, msgs, wb)
    _read_basic(sheets.get("基础数据表", []), clean, msgs, wb)
    for row in sheets.get("楼堂馆所", []):
        wb.buildings.append(Building(
            clean_text(row["项目名称"].value),
            *(clean.value(row[h], Kind.NUMBER, h) for h in
              ("批复规模（㎡）", "实际规模（㎡）", "预算投资（万元）", "实际投资（万元）")),
            refs=_refs(row)))
    for row in sheets.get("年度目标", []):
        wb.goals.append(Goal(clean_text(row["预期目标"].value), clean_text(row["实际完成情况"].value),
                             _refs(row)))
    for row in sheets.get("指标体系", []):
        wb.weights.append(Weight(clean_text(row["一级指标"].value).replace("\n", ""),
                                 clean.value(row["分值"], Kind.NUMBER, "分值"), _refs(row)))
    above = None
    for row in sheets.get("绩效指标", []):
        above = _indicator(row, clean, above)
        wb.indicators.append(above)
    projects: dict[str, Project] = {}
    for row in sheets.get("项目", []):
        name = clean_text(row["项目名称"].value).replace("\n", "")
        if name in projects:
            msgs.append(error(row["项目名称"].ref, f"项目“{name}”重复", "每个项目只填一行。"))
            continue
        if not name:
            msgs.append(error(row["项目名称"].ref, "项目名称为空", "请填写项目名称。"))
            continue
        projects[name] = Project(name, *(clean_text(row[h].value) for h in
                                         ("主管部门", "实施单位", "预期目标", "实际完成情况", "绩效说明")),
                                 refs=_refs(row))
    wb.projects = list(projects.values())
    for row in sheets.get("项目资金", []):
        p = _project_of(row, projects, msgs)
        source = clean_text(row["资金来源"].value)
        if source not in S["项目资金"].column("资金来源").choices:
            msgs.append(error(row["资金来源"].ref, f"资金来源“{source}”不在可选范围内",
                              "请选“当年财政拨款”“上年结转资金”或“其他资金”。"))
        if p is not None:
            p.funds.append(ProjectFund(source, *(clean.value(row[h], Kind.MONEY, h) for h in
                                                 ("年初预算数", "全年预算数", "全年执行数")),
                                       refs=_refs(row)))
    last: dict[str, Indicator] = {}
    above = ""                  # a blank 项目名称 means the project of the row above
    for row in sheets.get("项目绩效指标", []):
        name = clean_text(row["项目名称"].value).replace("\n", "")
        if not name and above:
            p = projects.get(above)     # an unknown project was reported on its first row
        else:
            p = _project_of(row, projects, msgs)
            above = name
        if p is not None:
            ind = _indicator(row, clean, last.get(p.name))
            last[p.name] = ind
            p.indicators.append(ind)
    for row in sheets.get("报告正文", []):
        section = label_key(row["章节"].value, S["报告正文"].column("章节").choices)
        content = clean_text(row["内容"].value)
        lead = clean_text(row["小标题"].value).replace("\n", "")
        if section not in S["报告正文"].column("章节").choices:
            msgs.append(error(row["章节"].ref, f"章节“{section}”不是可选的章节名称",
                              "请从下拉列表中选择章节（如“职能职责”“存在的问题及原因分析”）。"))
            continue
        if not content and not lead:
            continue
        wb.texts.append(TextRow(section, lead, content, _refs(row)))
    for row in sheets.get("预算支出表", []):
        btype = clean_text(row["预算类型"].value)
        if btype not in S["预算支出表"].column("预算类型").choices:
            msgs.append(error(row["预算类型"].ref, f"预算类型“{btype}”不在可选范围内",
                              "请选“政府性基金预算”“国有资本经营预算”或“社会保险基金预算”。"))
            continue
        wb.budget_rows.append(BudgetRow(
            btype, clean_text(row["科目编码"].value), clean_text(row["科目名称"].value),
            *(clean.value(row[h], Kind.MONEY, h) for h in ("合计", "基本支出", "项目支出")),
            refs=_refs(row)))


def _project_of(row: RawRow, projects: dict[str, Project], msgs) -> Project | None:
    name = clean_text(row["项目名称"].value).replace("\n", "")
    p = projects.get(name)
    if p is None and not name:
        msgs.append(error(row["项目名称"].ref, "项目名称为空", "请填写项目名称（须与“项目”表一致）。"))
    elif p is None:
        msgs.append(error(row["项目名称"].ref, f"项目“{name}”不在“项目”表中",
                          "请先在“项目”表登记该项目，或改正项目名称使两表一致。"))
    return p
