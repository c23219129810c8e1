"""One workbook's job: what to do with it (`Job`, picklable so a worker can run it), what came of
it (`Result`, `Status`), and `work`, which does it — the job's Outcome, and when building, the
report compared with its previous version (previous.py) so that only what changed, and the bytes
unless nothing did, go back to the main process.
"""
from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.build import Outcome
from jixiao.cli.inputs import Item
from jixiao.cli.previous import compare_with_previous
from jixiao.messages import error, warning

if TYPE_CHECKING:
    from jixiao.cli.diff import Changes


class Status(Enum):
    WRITTEN = "新生成"
    UPDATED = "已更新"
    UNCHANGED = "无变化"
    CHECKED = "通过"
    FAILED = "有错误"


@dataclass
class Job:
    """What to do with one workbook; picklable, so a worker can run it."""
    fn: Callable[..., Outcome]                 # build.build, or a check (read, compute, check)
    kwargs: dict = field(default_factory=dict)  # options passed on to fn
    outdir: Path | None = None                  # building: where the previous reports are


@dataclass
class Result:
    shown: str
    outcome: Outcome
    status: Status = Status.CHECKED
    changes: Changes | None = None           # diff.Changes against the previous report, when it differed
    data: bytes | None = None                  # the report to write (the outcome keeps none)
    pdf: str | None = None                     # --pdf: "" when made, else why not (Chinese)
    edits: list[str] | None = None             # paragraphs the clerk edited in the previous report
    kept: str = ""                             # the dated copy of that edited report (publish.py)
    pdf_removed: bool = False                  # a stale PDF beside the report was removed
    duplicates: tuple[str, ...] = ()           # the other workbooks naming the same unit and year

    @property
    def failed(self) -> bool:
        return self.status is Status.FAILED or not self.outcome.ok or bool(self.pdf)

    @property
    def errors(self) -> int:
        return sum(m.is_error for m in self.outcome.messages)

    @property
    def warnings(self) -> int:
        return sum(m.level == "警告" for m in self.outcome.messages)


def internal_error(name: str, e: BaseException) -> Outcome:
    detail = "".join(traceback.format_exception_only(type(e), e)).strip()
    return Outcome(name, [error("", f"程序内部错误，未能处理该工作簿（{detail[:200]}）",
                                "请把该工作簿和这条信息发给维护人员。")])


def work(job: Job, item: Item) -> Result:
    """One workbook: the job's Outcome, compared with the previous report when building."""
    if item.problem is not None:
        return Result(item.shown, Outcome(item.path.name, [item.problem]), Status.FAILED)
    try:
        out = job.fn(item.path, **job.kwargs)
    except Exception as e:  # noqa: BLE001 — the last guard: the bug is reported, the run goes on
        out = internal_error(item.path.name, e)
    res = Result(item.shown, replace(out, data=None),
                 Status.CHECKED if out.ok or (out.draft and out.data) else Status.FAILED, data=out.data)
    lock = open_in_excel(item.path)
    if lock:
        res.outcome.messages.insert(0, warning("", f"工作簿正在 Excel 或 WPS 中打开（旁边有锁定文件“{lock}”）："
                                                  "未保存的修改不会写入报告",
                                               "请在 Excel/WPS 中保存（或关闭）该工作簿后再运行。"))
    if job.outdir is not None and res.data is not None and out.filename:
        seen = compare_with_previous(res.data, job.outdir / out.filename)
        if seen.note is not None:
            res.outcome.messages.append(seen.note)
        if seen.unchanged:
            res.status, res.data = Status.UNCHANGED, None       # nothing to send back or write
        res.changes, res.edits = seen.changes, seen.edits
    return res


def open_in_excel(path: Path) -> str:
    """The name of the lock file Excel, WPS or LibreOffice keeps beside a workbook it has open
    (`~$名称.xlsx`, for long names `~$` in place of its first two characters; `.~lock.名称#`), or ""."""
    name = path.name
    for lock in (f"~${name}", f"~${name[2:]}", f".~lock.{name}#"):
        try:
            if (path.parent / lock).is_file():
                return lock
        except OSError:
            continue
    return ""
