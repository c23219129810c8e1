"""The bureau's collection over the store, computed by the command line's own code
(cli/collection.py): each link's last submission becomes a cli.job.Result, the duplicates are
marked (publish.mark_duplicates), the roster matched (collection.match_roster), and
collection.entries gives every unit's status — 已生成 … 未提交, 未生成：重复 included — exactly as
`jixiao build DIR --roster 名单.xlsx` does. The summary workbook, the feedback files and the 上报
bundle are then made by workbooks/summary.py, workbooks/feedback.py and cli/bundle.py.

A unit sees the collection only through its own link: `collected(site, viewer=unit)` names the
other links' workbooks by their upload number alone (a duplicate's message says that another
upload names the same unit, never whose)."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from jixiao.cli.collection import Entry, entries, feedback_for, match_roster, summary_rows
from jixiao.cli.job import Result, Status
from jixiao.cli.publish import mark_duplicates
from jixiao.read.roster import name_key
from jixiao.web.site import Site
from jixiao.web.store import Submission
from jixiao.web.submit import outcome_of, result_of

SUMMARY_NAME = "汇总.xlsx"
BUNDLE_NAME = "上报"                    # the bundle's zip and its one folder


@dataclass
class Collected:
    """The collection: its entries (cli/collection.py) and which link sent each workbook."""
    rows: list[Entry]
    link: dict[int, str]                # id(entry) → the link (roster unit) it came through
    sub: dict[int, Submission]          # id(entry) → the submission (its result set)
    roster: bool = False                # a roster was given (汇总 has its 名单 column)


def shown_for(sub: Submission, viewer: str | None) -> str:
    """How a workbook is named in the collection: its upload number and file name; another
    unit's, seen by `viewer`, by its number alone."""
    if viewer is not None and sub.unit != viewer:
        return f"上传 #{sub.id}"
    return f"上传 #{sub.id}：{sub.filename}"


def collected(site: Site, viewer: str | None = None) -> Collected:
    """Every link's last submission through cli/collection.py: statuses as the command line's."""
    results: list[Result] = []
    subs: list[Submission] = []
    latest = site.store.latest()
    for unit in site.units:
        last = latest.get(unit)
        if last is None:
            continue
        if last.result is None and viewer is not None and unit != viewer:
            continue                  # being built: a unit's page never waits for another's build
        res = last.result = result_of(site, last)
        out = outcome_of(last.filename, res)
        status = Status.WRITTEN if res.get("report") else Status.FAILED
        results.append(Result(shown_for(last, viewer), out, status))
        subs.append(last)
    mark_duplicates(results)          # over every unit's workbook: a duplicate is one across links
    roster = site.roster or None
    everyone = results
    if viewer is not None:            # the viewer's own entries only (the same functions, on its rows)
        own = [r for r, s in zip(results, subs) if s.unit == viewer]
        results, subs = own, [s for s in subs if s.unit == viewer]
    if roster is not None:
        match_roster(results, roster)
    rows = entries(results, True, roster)
    if viewer is not None:            # "可能已提交：上传 #n（单位名称写作…）" would name another's workbook
        sent = {name_key(r.outcome.unit) for r in everyone if r.outcome.unit}
        rows = [e for e in rows if e.result is not None or name_key(e.unit) not in sent]
        for e in rows:
            if e.result is None:
                e.roster_note = ""
    by_result = {id(r): s for r, s in zip(results, subs)}
    link, sub = {}, {}
    for e in rows:
        if e.result is not None:
            s = by_result[id(e.result)]
            link[id(e)], sub[id(e)] = s.unit, s
    return Collected(rows, link, sub, roster is not None)


def own_rows(c: Collected, link: str) -> list[Entry]:
    """The entries of `link`'s unit: its workbook's, or its roster line's (未提交)."""
    mine = [e for e in c.rows if c.link.get(id(e)) == link]
    return mine or [e for e in c.rows if e.result is None and e.roster is not None and e.roster.name == link]


def status_of(c: Collected, link: str) -> str:
    """The unit's status as the dashboard shows it (its 未提交 when it has sent nothing)."""
    mine = own_rows(c, link)
    return mine[0].status.text if mine else ""


def summary_bytes(c: Collected) -> bytes:
    """汇总.xlsx, as `jixiao build DIR --roster 名单.xlsx --summary` writes it."""
    from jixiao.workbooks.summary import summary_workbook
    return summary_workbook(summary_rows(c.rows), True, bool(c.roster), False)


def feedback_files(c: Collected, link: str | None = None) -> list[tuple[str, bytes]]:
    """The feedback files (workbooks/feedback.py): every unit's, or those of `link`'s workbooks
    (for a unit without one, its 未提交 file)."""
    from jixiao.workbooks.feedback import feedback_workbook
    rows = c.rows if link is None else own_rows(c, link)
    return [(fb.filename, feedback_workbook(fb)) for fb in feedback_for(rows)]


def bundle(site: Site, c: Collected) -> bytes:
    """The 上报 bundle (cli/bundle.py): every 已生成 report and 汇总.xlsx, as `build --bundle`."""
    from jixiao.cli.bundle import bundle_bytes, bundle_files
    with tempfile.TemporaryDirectory(dir=site.store.folder) as tmp:
        folder = Path(tmp)
        for e in c.rows:
            if e.report and id(e) in c.sub:
                (folder / e.report).write_bytes(site.store.get_blob(c.sub[id(e)].result["report"]))
        summary = folder / SUMMARY_NAME
        summary.write_bytes(summary_bytes(c))
        return bundle_bytes(bundle_files(c.rows, folder, summary), BUNDLE_NAME)


def feedback_bundle(site: Site, c: Collected) -> bytes:
    """Every feedback file, zipped as cli/bundle.py zips the reports."""
    from jixiao.cli.bundle import bundle_bytes
    with tempfile.TemporaryDirectory(dir=site.store.folder) as tmp:
        paths = []
        for name, data in feedback_files(c):
            path = Path(tmp) / name
            path.write_bytes(data)
            paths.append(path)
        return bundle_bytes(paths, "反馈文件")
