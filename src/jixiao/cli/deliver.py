"""What a bureau's run hands out beyond the reports, each from the collection's entries
(collection.py): the summary (`write_summary`), one feedback file per unit (`write_feedback`),
the bundle for 上报 (`write_bundle`); and what it reads first: the roster (`load_roster`) and
last year's summary (`load_last`). A problem that stops the command is a console.Problem.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from jixiao.cli import console
from jixiao.cli.collection import Entry, feedback_for, summary_rows
from jixiao.cli.console import Problem
from jixiao.cli.files import OutputError, prepare_folder, publish, remove_stale_temps, same_file
from jixiao.cli.inputs import Item
from jixiao.messages import Message
from jixiao.read.roster import RosterUnit


def _stop_on_errors(msgs: list[Message], what: str, path: Path) -> None:
    for m in msgs:
        console.echo(f"{what} {path.name}：{console.printable(str(m), lines=False)}", err=True)
    if any(m.is_error for m in msgs):
        raise Problem(f"{what} {path} 无法使用（见上面的错误），未处理任何工作簿。")


def load_roster(path: Path | None) -> list[RosterUnit] | None:
    if path is None:
        return None
    from jixiao.read.roster import read_roster
    units, msgs = read_roster(path)
    _stop_on_errors(msgs, "名单", path)
    return units


def load_last(path: Path | None) -> dict[str, Decimal] | None:
    if path is None:
        return None
    from jixiao.read.last_scores import last_scores
    scores, msgs = last_scores(path)
    _stop_on_errors(msgs, "上年汇总表", path)
    return scores


def write_summary(rows: Sequence[Entry], target: Path, include_hints: bool, roster: bool,
                  compare: bool) -> None:
    from jixiao.workbooks.summary import summary_workbook
    remove_stale_temps(target.parent)
    try:
        publish(summary_workbook(summary_rows(rows), include_hints, roster, compare), target, what="汇总表")
    except OutputError as e:
        raise Problem(e.message) from e
    workbooks = [e for e in rows if e.result is not None]
    failed = sum(not e.status.final for e in workbooks)   # errors, duplicates, unreadable: all errors
    missing = len(rows) - len(workbooks)
    console.echo(f"汇总表 → {target}（{len(workbooks)} 个工作簿" + (f"，其中 {failed} 个有错误" if failed else "")
                 + (f"；{missing} 个单位未提交" if missing else "") + "）")


def check_feedback_folder(folder: Path) -> None:
    try:
        prepare_folder(folder)
    except OutputError as e:
        raise Problem(e.message) from e


def write_feedback(rows: Sequence[Entry], folder: Path, items: Sequence[Item], include_hints: bool) -> None:
    """One .xlsx per unit in `folder`; never over a workbook read in this run."""
    from jixiao.workbooks.feedback import feedback_workbook
    remove_stale_temps(folder)
    written, problems = 0, []
    for fb in feedback_for(rows, include_hints):
        target = folder / fb.filename
        if any(same_file(i.path, target) for i in items):
            problems.append(f"反馈文件 {target} 是读入的工作簿之一，没有覆盖它。请用 --feedback 换一个文件夹。")
            continue
        try:
            publish(feedback_workbook(fb), target, what="反馈文件")
            written += 1
        except OutputError as e:
            problems.append(e.message)
    for p in problems:
        console.echo(f"错误 {p}", err=True)
    console.echo(f"反馈文件 → {folder}（{written} 个单位各一个）")
    if problems:
        raise Problem(f"有 {len(problems)} 个反馈文件未写入（见上）。", exit_code=1)


def check_bundle_target(target: Path) -> None:
    if target.suffix.lower() != ".zip":
        raise Problem(f"上报包文件名应以 .zip 结尾（现在是 {target.name}）。")
    if target.is_dir():
        raise Problem(f"{target} 是文件夹；请给出上报包的文件名，例如 {target / '上报.zip'}。")
    try:
        prepare_folder(target.parent)
    except OutputError as e:
        raise Problem(e.message) from e


def write_bundle(rows: Sequence[Entry], outdir: Path, summary: Path | None, target: Path) -> None:
    from jixiao.cli.bundle import bundle_bytes, bundle_files
    files = bundle_files(rows, outdir, summary)
    try:
        publish(bundle_bytes(files, target.stem), target, what="上报包")
    except (OutputError, OSError) as e:
        raise Problem(getattr(e, "message", None) or f"上报包无法写入 {target}（{e}）。") from e
    reports = sum(f.suffix == ".docx" for f in files)
    console.echo(f"上报包 → {target}（{reports} 份已生成的报告" + ("，含 PDF" if any(f.suffix == ".pdf" for f in files) else "")
                 + ("，含汇总表" if summary is not None else "") + "）")
