"""One build: workbook path → (document bytes | None, messages). A pure function of the file's
contents (no clock, no output folder), picklable in and out, so a process pool can call it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .check import check
from .compute import compute
from .messages import Message, error, sort_messages
from .read import read_workbook
from .render import TemplateError, load_template, render


@dataclass
class Outcome:
    source: str                       # the workbook's file name
    messages: list[Message] = field(default_factory=list)
    filename: str = ""                # the report's file name, when the unit is known
    data: bytes | None = None         # the .docx, None when there are errors
    unit: str = ""
    year: int | None = None
    total: Decimal | None = None      # 总分
    grade: str = ""
    format: str = ""                  # 报告格式 used
    budget: Decimal | None = None     # 全年预算数
    actual: Decimal | None = None     # 全年执行数
    rate: Decimal | None = None       # 执行率
    levels: list[tuple[str, Decimal | None]] = field(default_factory=list)  # 一级指标 → 得分, budget line first

    @property
    def ok(self) -> bool:
        return not any(m.is_error for m in self.messages)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]|\.\.')


def report_filename(year: int | None, unit: str) -> str:
    """{年度}年度{单位名称}整体支出绩效自评报告.docx, safe as one file name in any folder."""
    name = _UNSAFE.sub("_", f"{year}年度{unit}整体支出绩效自评报告").strip(" .")
    name = name.encode("utf-8")[:200].decode("utf-8", "ignore")   # file names: 255 bytes at most
    return (name or "整体支出绩效自评报告") + ".docx"


def analyse(path: str | Path, template: str | None = None):
    """Read, compute and check, without rendering: (Outcome, workbook, figures, template)."""
    out = Outcome(Path(path).name)
    wb, msgs = read_workbook(path)
    out.messages = msgs
    if wb is None:
        return out, None, None, None
    out.unit, out.year = wb.info.unit_name, wb.info.year
    try:
        tpl = load_template(template if template is not None else wb.info.template)
    except TemplateError as e:
        ref = wb.info.refs.get("报告模板", "基本信息")
        out.messages.append(error(ref, str(e), "请清空“报告模板”以使用默认模板，或填写 templates/ 下已有的模板名。"))
        return out, wb, None, None
    if wb.info.year is None or not wb.info.unit_name:
        return out, wb, None, tpl
    fig = compute(wb, tpl.settings)
    out.messages += check(wb, fig)
    ev = fig.evaluation
    out.total, out.grade, out.format = ev.total, ev.grade, tpl.name
    out.budget, out.actual, out.rate = ev.budget.budget, ev.budget.actual, ev.budget.rate
    out.levels = [("预算执行率", ev.budget.score)] + [(lv.name, lv.score) for lv in ev.levels]
    out.filename = report_filename(wb.info.year, wb.info.unit_name)
    return out, wb, fig, tpl


def build(path: str | Path, template: str | None = None) -> Outcome:
    """The report for one workbook. On any error the Outcome carries messages and no data."""
    from .write import write_docx
    out, wb, fig, tpl = analyse(path, template)
    if out.ok and fig is not None:
        try:
            out.data = write_docx(render(wb, fig, tpl))
        except TemplateError as e:
            out.messages.append(error(wb.info.refs.get("报告模板", "基本信息"), str(e),
                                      "请改正模板，或清空“报告模板”以使用默认模板。"))
    out.messages = sort_messages(out.messages)
    return out
