"""What the user sees of a run: one workbook's messages, where its report went and what changed
(`show_build`, `show_check`), or for many workbooks the problems of each and one table
(`show_batch`). Everything goes through console.echo.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jixiao import fmt
from jixiao.cli import console
from jixiao.cli.collection import Entry, entries, tally
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
        draft = "；想先看看报告的样子，可加 --draft 生成草稿" if out.readable and out.filename else ""
        console.echo(f"{res.shown}：有错误，未生成报告（原有报告保持不变）。请按上面的提示改正后重试{draft}。", err=True)
        return
    state = {Status.WRITTEN: "（新生成）", Status.UPDATED: "（已更新）", Status.UNCHANGED: "（内容无变化）"}
    score = f"  总分 {fmt.money(out.total)}{'，等级 ' + out.grade if out.grade else ''}" if out.total is not None and out.ok else ""
    target = outdir / out.filename
    if out.draft:
        state = {k: v[:-1] + "，草稿" + (f"：{res.errors} 个错误未改正，不能报送）" if res.errors else "）")
                 for k, v in state.items()}
    console.echo(f"{res.shown} → {target}{state[res.status]}{score}" + with_warnings(res))
    show_edits(res, target)
    if res.status is Status.UPDATED and res.changes is not None:
        limit = None if verbose else SHOWN_CHANGES
        console.echo(f"与上一版相比：{res.changes.summary()}")
        for line in res.changes.lines(limit):
            console.echo("  " + line)
        if limit is not None and sum(res.changes.counts) > limit:
            console.echo("  （加 -v 列出全部改动）")
    if res.pdf == "":
        console.echo(f"  PDF → {target.with_suffix('.pdf')}")
    elif res.pdf_removed:
        console.echo(f"  旧的 PDF {target.with_suffix('.pdf').name} 与新报告不符，已删除（需要 PDF 请加 --pdf）")
    elif res.pdf:
        console.echo(f"错误 {res.pdf}", err=True)


def with_warnings(res: Result) -> str:
    """The success line's tail: how many warnings the report was written with."""
    return f"；有 {res.warnings} 个警告（见上），请核对" if res.warnings else ""


def show_edits(res: Result, target: Path) -> None:
    """The paragraphs the clerk edited in the previous report by hand, where that file was kept,
    and the advice to move the edits into the workbook."""
    if not res.edits or not res.kept:
        return
    console.echo(f"注意 上一版报告在生成后被手工修改过（{len(res.edits)} 处），已另存为 {target.with_name(res.kept)}；"
                 "新报告按工作簿重新生成，不含这些修改：", err=True)
    for line in res.edits[:SHOWN_CHANGES]:
        console.echo("  " + console.printable(line, lines=False), err=True)
    if len(res.edits) > SHOWN_CHANGES:
        console.echo(f"  ……另有 {len(res.edits) - SHOWN_CHANGES} 处", err=True)
    console.echo("  请把这些修改改到工作簿中（报告正文、资金情况等），以后每次生成都会保留。", err=True)


def show_check(res: Result) -> None:
    show_messages(res, "", True, checking=True)
    out = res.outcome
    score = (f"；总分 {fmt.money(out.total)}{'，等级 ' + out.grade if out.grade else ''}"
             if out.total is not None and not res.failed else "")
    console.echo(f"{res.shown}：{res.errors} 个错误，{res.warnings} 个警告{score}")


def show_batch(results: Sequence[Result], verbose: bool, building: bool,
               rows: Sequence[Entry] | None = None) -> None:
    """Many workbooks: the problems of each (errors; everything with -v), then one table of
    `rows` (collection.entries: the statuses 汇总 shows too)."""
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
    show_table(rows if rows is not None else entries(results, building), building)
    failed = [r.shown for r in results if r.failed]
    if failed and len(results) > 20:
        console.echo("有错误的工作簿：" + "、".join(failed), err=True)
    if building and not verbose and any(r.warnings for r in results if not r.failed):
        console.echo("警告只计了数；加 -v 逐条查看，或用 jixiao check / jixiao summary。")


def show_table(rows: Sequence[Entry], building: bool) -> None:
    """The final table: one line per entry, its status as 汇总 has it, 总分 only where final;
    then the count of each status."""
    header = ["工作簿", "单位名称", "年度", "状态", "总分", "等级", "错误", "警告"]
    if building:
        header.append("改动")
    lines = []
    pdf_failed = 0
    for e in rows:
        res = e.result
        row = [e.shown or "—", e.unit or "—", str(e.year or "—"), e.status.text,
               fmt.money(e.total) if e.total is not None else "—", e.grade or "—",
               str(e.errors) if res is not None else "—", str(e.warnings) if res is not None else "—"]
        if building:
            notes = []
            if res is not None and res.status in (Status.WRITTEN, Status.UPDATED, Status.UNCHANGED) \
                    and e.status.final:
                notes.append(res.status.value)
                if res.changes is not None and res.status is Status.UPDATED:
                    notes.append(res.changes.summary())
            if res is not None and res.pdf:
                notes.append("PDF 未生成")
                pdf_failed += 1
            row.append("；".join(notes))
        lines.append(row)
    console.echo("")
    for line in console.table(header, lines, right=frozenset({2, 4, 6, 7})):
        console.echo(line)
    counts = tally(rows) + ([("PDF 未生成", pdf_failed)] if pdf_failed else [])
    workbooks = sum(e.result is not None for e in rows)
    missing = len(rows) - workbooks
    written = [(s.value, sum(e.result is not None and e.status.final and e.result.status is s for e in rows))
               for s in (Status.WRITTEN, Status.UPDATED, Status.UNCHANGED)] if building else []
    written = [(name, n) for name, n in written if n]
    console.echo(f"共 {workbooks} 个工作簿" + (f"、{missing} 个未提交的单位" if missing else "") + "："
                 + "，".join(f"{name} {n}" for name, n in counts)
                 + ("；报告" + "，".join(f"{name} {n}" for name, n in written) if written else "") + "。")
