"""One build: workbook path → Outcome (the .docx bytes or the messages saying why not). A pure
function of the file's contents and the formats on the search path (no clock, no output
folder), picklable in and out, so a process pool can call it."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jixiao.score.check import check
from jixiao.score.figures import compute
from jixiao.score.check import check_sections
from jixiao.formats.load import FormatError, load
from jixiao.formats.search import search_path
from jixiao.filenames import MAX_FILENAME_BYTES, safe_filename
from jixiao.messages import Message, error, sort_messages
from jixiao.read.workbook import read_workbook
from jixiao.render.compiled import shipped
from jixiao.render.report import render, report_filename


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
    draft: bool = False               # build --draft: data is a 草稿 even with errors, named DRAFT_SUFFIX
    readable: bool = False            # the workbook could be opened and its sheets read
    department: str = ""              # 主管部门, 填表人, 联系电话, 单位负责人 (基本信息): whom to call
    filled_by: str = ""
    phone: str = ""
    head: str = ""

    @property
    def ok(self) -> bool:
        return not any(m.is_error for m in self.messages)


def format_error(e: FormatError, wb_ref: str) -> Message:
    """A format's fault as a message: at the format file and line, or at 报告模板 when the name
    itself is unknown."""
    if e.where:
        return error(e.where, f"报告格式有误：{e.what}", e.todo)
    return error(wb_ref, f"“报告模板”填写的{e.what}", e.todo + "请改正基本信息中的“报告模板”，或清空它以使用默认格式。")


def analyse(path: str | Path, format_dirs: tuple[Path | str, ...] = ()):
    """Read, compute, check and render, without writing the .docx: (Outcome, Report | None).
    Rendering here means `jixiao check` also finds what a format's templates make of the
    workbook (a broken template, a 章节 the format never prints)."""
    out = Outcome(Path(path).name)
    wb, msgs = read_workbook(path)
    out.messages = msgs
    if wb is None:
        return out, None
    out.readable = True
    out.unit, out.year = wb.info.unit_name, wb.info.year
    i = wb.info
    out.department, out.filled_by, out.phone, out.head = i.department, i.filled_by, i.phone, i.head
    ref = wb.info.refs.get("报告模板", "基本信息")
    try:
        fm = load(wb.info.template, search_path(tuple(format_dirs)))
    except FormatError as e:
        out.messages.append(format_error(e, ref))
        return out, None
    out.format = fm.name
    problems = []
    if not shipped(fm):       # a bureau's own format: checked before it is used (render/lint.py)
        from jixiao.render.lint import lint
        problems = lint(fm)
    if problems:
        out.messages += [format_error(e, ref) for e in problems]
        return out, None
    fig = compute(wb, fm.scoring)
    out.messages += check(wb, fig, fm.scoring, fm.name, tuple(fm["complete.required"]))
    out.messages += check_sections(wb, tuple(s.name for s in fm.sections if s.clerk_writes), fm.name)
    if wb.info.year is None or not wb.info.unit_name:      # reported by the reader; no report
        return out, None
    ev = fig.evaluation
    out.total, out.grade = ev.total, ev.grade if fm.scoring.show_grade else ""    # scoring.show_grade: nowhere
    out.budget, out.actual, out.rate = ev.budget.budget, ev.budget.actual, ev.budget.rate
    out.levels = [("预算执行率", ev.budget.score)] + [(lv.name, lv.score) for lv in ev.levels]
    out.filename = safe_filename(report_filename(fm, wb.info.year, wb.info.unit_name, wb.info.unit_short))
    try:
        report = render(wb, fig, fm, out.messages)
    except FormatError as e:
        out.messages.append(format_error(e, ref))
        return out, None
    return out, report


DRAFT_SUFFIX = "（草稿）"            # a draft's file name: the report's name + this, never the report's own


def draft_filename(filename: str) -> str:
    """"…报告.docx" → "…报告（草稿）.docx"."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, "docx"
    room = MAX_FILENAME_BYTES - len(DRAFT_SUFFIX.encode("utf-8"))
    stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .")
    return f"{stem}{DRAFT_SUFFIX}.{ext}"


def build(path: str | Path, format_dirs: tuple[Path | str, ...] = (), draft: bool = False) -> Outcome:
    """The report for one workbook. On any error the Outcome carries messages and no data, unless
    `draft`: then the report is written even with errors, marked 草稿 on every page and named
    with DRAFT_SUFFIX (so it never has, nor replaces, the final report's name)."""
    out, report = analyse(path, format_dirs)
    return write_report(out, report, draft)


def write_report(out: Outcome, report, draft: bool = False) -> Outcome:
    """What `build` does after `analyse`: the .docx when there are no errors, or the 草稿 when
    `draft` (the web page calls it too, after keeping the report for its preview)."""
    import dataclasses

    from jixiao.write.body import write_docx
    if draft and report is not None:
        out.draft, out.filename = True, draft_filename(out.filename)
        out.data = write_docx(dataclasses.replace(report, draft=True))
    elif out.ok and report is not None:
        out.data = write_docx(report)
    out.messages = sort_messages(out.messages)
    return out
