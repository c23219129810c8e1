"""What the user sees of a run: one workbook's messages, where its report went and what changed
(`show_build`, `show_check`), or for many workbooks the problems of each and one table
(`show_batch`). Everything goes through console.echo.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jixiao import fmt
from jixiao.cli import console
from jixiao.cli.job import Result, Status

SHOWN_CHANGES = 30                           # lines of changes shown for one report without -v


SHOWN_WARNINGS = 5                           # warnings and notes `build` prints for one workbook without -v


def show_messages(res: Result, prefix: str, verbose: bool, errors_only: bool = False,
                  checking: bool = False) -> None:
    """A workbook's messages. For `check` they are the output (stdout, so `> 结果.txt` keeps
    them all); for `build` errors and warnings go to stderr, beside the report's line: every
    error, and without -v at most SHOWN_WARNINGS of the warnings and notes about its cells, then
    how many were left out."""
    left = 0
    shown = 0
    for m in res.outcome.messages:
        if errors_only and not verbose and not m.is_error:
            continue
        if not checking and not verbose and not m.is_error and m.where:   # about the file itself: always
            if shown >= SHOWN_WARNINGS:
                left += 1
                continue
            shown += 1
        console.echo(prefix + console.printable(str(m), lines=False), err=not checking and m.level != "提示")
    if left:
        console.echo(f"{prefix}另有{left}条警告和提示未列出（加 -v 列出全部，或用 jixiao check 查看）。", err=True)


def show_build(res: Result, outdir: Path, verbose: bool) -> None:
    """One workbook built (the clerk's case): its messages, where the report went, what changed."""
    show_messages(res, "", verbose)
    out = res.outcome
    if res.status not in (Status.WRITTEN, Status.UPDATED, Status.UNCHANGED):
        console.echo(f"{res.shown}：有错误，未生成报告（原有报告保持不变）。请按上面的提示改正后重试。", err=True)
        return
    state = {Status.WRITTEN: "（新生成）", Status.UPDATED: "（已更新）", Status.UNCHANGED: "（内容无变化）"}
    score = f"  总分 {fmt.money(out.total)}{'，等级 ' + out.grade if out.grade else ''}" if out.total is not None else ""
    target = outdir / out.filename
    console.echo(f"{res.shown} → {target}{state[res.status]}{score}")
    if res.status is Status.UPDATED and res.changes is not None:
        limit = None if verbose else SHOWN_CHANGES
        console.echo(f"与上一版相比：{res.changes.summary()}")
        for line in res.changes.lines(limit):
            console.echo("  " + line)
        if limit is not None and sum(res.changes.counts) > limit:
            console.echo("  （加 -v 列出全部改动）")
    if res.pdf == "":
        console.echo(f"  PDF → {target.with_suffix('.pdf')}")
    elif res.pdf:
        console.echo(f"错误 {res.pdf}", err=True)


def show_check(res: Result) -> None:
    show_messages(res, "", True, checking=True)
    out = res.outcome
    score = (f"；总分 {fmt.money(out.total)}{'，等级 ' + out.grade if out.grade else ''}"
             if out.total is not None and not res.failed else "")
    console.echo(f"{res.shown}：{res.errors} 个错误，{res.warnings} 个警告{score}")


def show_batch(results: Sequence[Result], verbose: bool, building: bool) -> None:
    """Many workbooks: the problems of each (errors; everything with -v), then one table."""
    for res in results:
        prefix = f"[{res.shown}] "
        if building:
            show_messages(res, prefix, verbose, errors_only=True)
            if res.pdf:
                console.echo(f"{prefix}错误 {res.pdf}", err=True)
            if verbose and res.changes is not None and res.status is Status.UPDATED:
                console.echo(f"{prefix}与上一版相比：{res.changes.summary()}")
                for line in res.changes.lines():
                    console.echo(f"{prefix}  {line}")
        else:
            show_messages(res, prefix, True, checking=True)
    header = ["工作簿", "单位名称", "年度", "状态", "总分", "等级", "错误", "警告"]
    if building:
        header.append("改动")
    rows = []
    counts: dict[str, int] = {}
    for res in results:
        out = res.outcome
        status = Status.FAILED.value if res.status is Status.CHECKED and res.failed else res.status.value
        counts[status] = counts.get(status, 0) + 1
        scored = out.total is not None and res.status is not Status.FAILED and out.ok
        row = [res.shown, out.unit or "—", str(out.year or "—"), status,
               fmt.money(out.total) if scored else "—", (out.grade or "—") if scored else "—",
               str(res.errors), str(res.warnings)]
        if building:
            notes = [res.changes.summary()] if res.changes is not None and res.status is Status.UPDATED else []
            if res.pdf:
                notes.append("PDF 未生成")
                counts["PDF 未生成"] = counts.get("PDF 未生成", 0) + 1
            row.append("；".join(notes))
        rows.append(row)
    console.echo("")
    for line in console.table(header, rows, right=frozenset({2, 4, 6, 7})):
        console.echo(line)
    order = [s.value for s in Status] + ["PDF 未生成"]
    tally = "，".join(f"{name} {counts[name]}" for name in order if counts.get(name))
    console.echo(f"共 {len(results)} 个工作簿：{tally}。")
    failed = [r.shown for r in results if r.failed]
    if failed and len(results) > 20:
        console.echo("有错误的工作簿：" + "、".join(failed), err=True)
    if building and not verbose and any(r.warnings for r in results if not r.failed):
        console.echo("警告只计了数；加 -v 逐条查看，或用 jixiao check / jixiao summary。")
