"""Reports committed in the main process, after every workbook of the run has been read:
`mark_duplicates` finds the workbooks that name the same unit and year (or whose report files
would be one file: two long names cut to the same bytes, compared as Windows and macOS would, case
and Unicode form folded) — which of them is right cannot be known, so NONE of their reports is
written, each is an error naming all the others, and a report already in the output folder for
that unit is left as it was; `commit` writes a report into the output folder (files.publish:
atomically, never over a link or a read-only report).
"""
from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from jixiao.cli.files import OutputError, publish
from jixiao.cli.job import Result, Status
from jixiao.messages import error, warning
from jixiao.oserrors import os_reason
from jixiao.read.roster import name_key

MAX_KEPT_COPIES = 99          # dated copies of edited reports kept per day


def _file_key(filename: str) -> str:
    """Two names one file system would take for the same file (Windows/macOS fold case)."""
    return unicodedata.normalize("NFC", filename).casefold()


def mark_duplicates(results: Sequence[Result]) -> list[list[Result]]:
    """The groups of two or more results naming one unit and year (or one report file), in the
    order given. Every member is marked: status FAILED, its report dropped, an error naming the
    others, `duplicates` set."""
    parent = list(range(len(results)))

    def root(n: int) -> int:
        while parent[n] != n:
            n = parent[n]
        return n

    owner: dict[tuple, int] = {}
    for n, res in enumerate(results):
        out = res.outcome
        keys = [("file", _file_key(out.filename))] if out.filename else []
        if out.unit and out.year is not None:
            keys.append(("unit", name_key(out.unit), out.year))
        for k in keys:
            if k in owner:
                a, b = sorted((root(owner[k]), root(n)))
                parent[b] = a
            else:
                owner[k] = n
    groups: dict[int, list[Result]] = {}
    for n, res in enumerate(results):
        groups.setdefault(root(n), []).append(res)
    dup = [g for g in groups.values() if len(g) > 1]
    for group in dup:
        for res in group:
            others = [r.shown for r in group if r is not res]
            res.duplicates = tuple(others)
            res.outcome.messages.insert(0, error(
                "", f"与 {'、'.join(others)} 是同一单位、同一年度的工作簿（单位名称“{res.outcome.unit}”，"
                    f"{res.outcome.year or ''}年度），无法判断哪一个正确：这些工作簿的报告都未写入，"
                    "输出文件夹中该单位原有的报告保持不变",
                "请确认哪一个工作簿是本单位的，删除或改正其余的（“基本信息”中的单位名称、年度）后重新运行。"))
            res.data = None
            res.changes = None
            res.status = Status.FAILED
    return dup


def commit(res: Result, outdir: Path) -> None:
    """Write the result's report into `outdir` (or note why not); its bytes are dropped after."""
    out = res.outcome
    data, res.data = res.data, None
    draft = out.draft and data is not None and res.status is not Status.FAILED
    if (res.failed and not draft) or res.status is Status.UNCHANGED:
        return
    if data is None:
        out.messages.append(error("", "未生成报告（没有得到报告内容）", "请把该工作簿发给维护人员。"))
        res.status = Status.FAILED
        return
    name = out.filename
    if not name or Path(name).name != name or name in (".", ".."):
        out.messages.append(error("", f"报告文件名“{name}”不安全，未生成", "请改正“基本信息”中的单位名称。"))
        res.status = Status.FAILED
        return
    if res.edits:
        try:
            res.kept = keep_edited(outdir / name)
        except OSError as e:
            out.messages.append(error("", f"上一版报告有手工修改，但未能另存一份（{os_reason(e)}），报告未更新",
                                      "请先把该报告另存到别处，再重新生成。"))
            res.status = Status.FAILED
            return
    try:
        replaced = publish(data, outdir / name)
    except OutputError as e:
        out.messages.append(error("", e.message))
        res.status = Status.FAILED
        return
    res.status = Status.UPDATED if replaced else Status.WRITTEN


def keep_edited(report: Path) -> str:
    """Copy a report the clerk edited in Word beside it, named by the day it was last saved
    (`…（手工修改稿 2025-03-01）.docx`, a number added when that name is taken by another file);
    the copy's name. The same edited file kept twice is kept once."""
    data = report.read_bytes()
    day = datetime.date.fromtimestamp(report.stat().st_mtime).isoformat()
    for n in range(1, MAX_KEPT_COPIES + 1):
        extra = "" if n == 1 else f"-{n}"
        copy = report.with_name(f"{report.stem}（手工修改稿 {day}{extra}）{report.suffix}")
        if copy.is_file() and copy.read_bytes() == data:
            return copy.name
        if not copy.exists():
            publish(data, copy)
            return copy.name
    raise FileExistsError(f"同一天的手工修改稿已有 {MAX_KEPT_COPIES} 份")
