"""What the page asks of a worker (cli/pool.py's Workers, with the batch's limits): build a
workbook (the .docx exactly as `jixiao build` writes it, plus its HTML preview) and roll last
year's workbook forward (as `jixiao rollover`). Each returns a WebOutcome, a build.Outcome with
room for what the page shows; both are module-level functions a process pool can call."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jixiao.build import Outcome, analyse, write_report
from jixiao.cli.diff import TooLarge, compare
from jixiao.cli.inputs import Item
from jixiao.cli.job import Job
from jixiao.cli.pool import Workers
from jixiao.messages import error, sort_messages

MAX_CHANGE_LINES = 200                 # lines of the change report the page shows


@dataclass
class WebOutcome(Outcome):
    preview: str = ""                                 # the report as HTML (web/preview.py)
    lines: list[str] = field(default_factory=list)    # rollover: what was kept and cleared
    final_name: str = ""                              # the report's own name (a 草稿's is DRAFT_SUFFIX'd)


def web_build(path: Path, format_dirs: tuple = ()) -> WebOutcome:
    """build.build, and the report's preview: the same .docx bytes as `jixiao build`, or while
    errors remain the same 草稿 as `jixiao build --draft` (build.write_report, draft=True)."""
    from jixiao.web.preview import report_html
    out, report = analyse(path, format_dirs)
    preview = str(report_html(report)) if report is not None else ""
    final_name = out.filename
    write_report(out, report, draft=not out.ok)
    res = WebOutcome(**{f: getattr(out, f) for f in Outcome.__dataclass_fields__})
    res.preview, res.final_name = preview, final_name
    return res


def web_rollover(path: Path, year: int | None = None, format_dirs: tuple = ()) -> WebOutcome:
    """Next year's workbook from last year's, as `jixiao rollover` makes it (workbooks/)."""
    from jixiao.formats.load import FormatError, load
    from jixiao.formats.search import DEFAULT, available, search_path
    from jixiao.read.workbook import read_workbook
    from jixiao.workbooks.blank import blank_workbook, fill_workbook, to_bytes
    from jixiao.workbooks.rollover import plan
    res = WebOutcome(Path(path).name)
    wb, msgs = read_workbook(path)
    if wb is None:
        res.messages = sort_messages(msgs)
        return res
    if not wb.info.unit_name or wb.info.year is None:
        res.messages = [error("基本信息", "上年工作簿没有单位名称或年度，无法结转",
                              "请先在上年工作簿的“基本信息”中填好单位名称和年度。")]
        return res
    year = year or wb.info.year + 1
    old = wb.info.template or DEFAULT
    where = search_path(tuple(format_dirs))
    try:
        fm = load(old, where)
    except FormatError as e:
        res.messages = [error("基本信息", f"上年工作簿的报告格式有误：{e.what}", e.todo)]
        return res
    p = plan(wb, year, fm, same_format=True)
    book = blank_workbook(fm, year, available(where))
    fill_workbook(book, p.data)
    res.data, res.unit, res.year = to_bytes(book), wb.info.unit_name, year
    res.lines = ["保留：" + l for l in p.kept] + ["清空：" + l for l in p.cleared]
    return res


def in_worker(workers: Workers, fn, path: Path, shown: str, **kwargs) -> WebOutcome | Outcome:
    """`fn` on the workbook at `path` (a file the server named) in a worker; the Outcome, its
    bytes in `data`."""
    res = workers.run(Job(fn, kwargs), Item(Path(path), shown))
    out = res.outcome
    out.data = res.data
    return out


def changes(old: bytes | None, new: bytes | None) -> tuple[str, list[str]] | None:
    """What changed from the previous report to this one (cli/diff.py), or None."""
    if not old or not new:
        return None
    try:
        ch = compare(old, new)
    except TooLarge as e:
        return (f"报告太大，未比较（{e.what}）", [])
    except ValueError:
        return None
    return ch.summary(), ch.lines(MAX_CHANGE_LINES)
