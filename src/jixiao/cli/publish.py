"""Reports committed in the main process, in the order given: `claim` gives each report file to the
first workbook that names it — a later one naming the same file (same unit and year, or two long
names cut to the same bytes, compared as Windows and macOS would: case and Unicode form folded) is
an error naming both, so nothing is written twice in a run, and which one is written does not
depend on timing; `commit` writes the report into the output folder (files.publish: atomically,
never over a link or a read-only report).
"""
from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path

from jixiao.cli.files import OutputError, publish
from jixiao.cli.job import Result, Status
from jixiao.messages import error, warning
from jixiao.oserrors import os_reason

MAX_KEPT_COPIES = 99          # dated copies of edited reports kept per day


def _file_key(filename: str) -> str:
    """Two names one file system would take for the same file (Windows/macOS fold case)."""
    return unicodedata.normalize("NFC", filename).casefold()


def claim(res: Result, claimed: dict[str, Result]) -> None:
    """The first workbook to name a report file keeps it; a later one is an error naming both."""
    out = res.outcome
    if not out.ok or not out.filename:
        return
    first = claimed.setdefault(_file_key(out.filename), res)
    if first is res:
        return
    out.messages.append(error("", f"与 {first.shown} 生成同一个报告文件“{out.filename}”（单位名称和年度相同，"
                                  "或单位名称过长被截成了相同的文件名）；本工作簿的报告未写入",
                              "请删除重复的工作簿，或改正“基本信息”中的单位名称、年度后重试。"))
    first.outcome.messages.append(warning("", f"{res.shown} 也生成同一个报告文件“{out.filename}”；"
                                              "本次写入的是本工作簿的报告", "请确认哪一个工作簿是正确的。"))
    res.data = None
    res.status = Status.FAILED


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
