"""Many workbooks at once: the paths given on the command line in, one `Result` per workbook out,
in the order given — built on every core, each workbook's failure its own.

- `collect` turns files and folders into workbooks (folders recursively, sorted; Excel/WPS `~$`
  lock files and files that are not workbooks skipped; a FIFO or device there is named, never
  opened). A file argument goes to the reader whatever it is: the reader says in one Chinese
  line what is wrong with a missing, unreadable or special file.
- `run` calls the job for each workbook: in this process for one workbook, else in a process
  pool (`jobs` workers — the command line asks for at most `max_jobs()` — each importing once
  and building many). An exception in a worker is that workbook's error; a worker that dies (a
  crash, the OOM killer) costs only the workbook that killed it: the unfinished ones are retried
  one by one in fresh processes. When the run is stopped (Ctrl-C, SIGTERM, SIGHUP:
  console.Interrupted) the workers are killed at once — they only compute, they write nothing —
  and a worker dies with the main process even when that is killed outright (SIGKILL): on Linux
  through PR_SET_PDEATHSIG, elsewhere by a thread watching its parent.
- A worker compares its report with the previous version in the output folder and sends back only
  what changed (`diff.Changes`) and, unless nothing changed, the report's bytes (tens of KB). A
  previous version beyond MAX_OLD_REPORT_BYTES or diff.py's limits is not compared (a 提示 says so)
  and is simply replaced; a link in its place is never read.
- `build_reports` commits the reports in the main process, in the order given: the first workbook
  that names a report file claims it; a later one naming the same file (same unit and year, or two
  long names cut to the same bytes, compared as Windows and macOS would: case and Unicode form
  folded) is an error naming both, so nothing is written twice in a run, and which one is written
  does not depend on timing.
"""
from __future__ import annotations

import os
import signal
import stat
import sys
import traceback
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.cli import console

from jixiao import fmt
from jixiao.build import Outcome
from jixiao.messages import Message, error, note, warning
from jixiao.cli.files import OutputError, convert_pdfs, pdf_current, publish

if TYPE_CHECKING:
    from jixiao.cli.diff import Changes

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods")   # looked for in folders
LOCK_PREFIXES = ("~$", ".~lock.", "._")     # Excel/WPS lock files, LibreOffice locks, macOS forks
MAX_OLD_REPORT_BYTES = 16 * 1024 * 1024      # a previous "report" larger than this is not read
                                             # (2,000 indicator rows make a 92 KB report)
JOBS_PER_CPU = 1                             # -j is capped at the usable CPUs times this (max_jobs):
                                             # a worker only computes, and each holds ~60 MB
WORKER_WATCH_SECONDS = 1.0                   # where PR_SET_PDEATHSIG is missing: how often a worker
                                             # looks whether its parent is still there
IN_FLIGHT_PER_WORKER = 4                     # tasks queued per worker: keeps cores busy, memory low
WINDOWS_MAX_WORKERS = 61                     # ProcessPoolExecutor's limit there
WORKBOOK_SECONDS = 300                       # a workbook in a worker is given up after this
SHOWN_CHANGES = 30                           # lines of changes shown for one report without -v


class Status(Enum):
    WRITTEN = "新生成"
    UPDATED = "已更新"
    UNCHANGED = "无变化"
    CHECKED = "通过"
    FAILED = "有错误"


@dataclass
class Item:
    """One workbook to process, or one argument that cannot be (`problem`)."""
    path: Path
    shown: str                        # how the output names it: the path as given or found
    problem: Message | None = None


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

    @property
    def failed(self) -> bool:
        return self.status is Status.FAILED or not self.outcome.ok or bool(self.pdf)

    @property
    def errors(self) -> int:
        return sum(m.is_error for m in self.outcome.messages)

    @property
    def warnings(self) -> int:
        return sum(m.level == "警告" for m in self.outcome.messages)


# ---------------------------------------------------------------- the arguments

def collect(args: Sequence[Path]) -> list[Item]:
    """Workbooks named by the arguments, each once, in order; folders searched recursively.
    A file argument goes to the reader as it is, whatever it is (the reader names what is wrong
    with a missing, unreadable or special file without opening a FIFO); in a folder only regular
    files with a workbook's name are taken."""
    items: list[Item] = []
    seen: set[tuple] = set()

    def add(item: Item, st: os.stat_result | None) -> None:
        key = ((st.st_dev, st.st_ino) if st is not None and st.st_ino
               else (os.path.normcase(os.path.abspath(item.path)),))
        if key not in seen:
            seen.add(key)
            items.append(item)

    for arg in args:
        try:
            st = os.stat(arg)
        except (OSError, ValueError):
            st = None
        if st is None or not stat.S_ISDIR(st.st_mode):
            add(Item(arg, _shown(arg)), st)
            continue
        found = 0
        for path, err in _walk(arg):
            if err is not None:
                items.append(_problem(path, f"无法读取文件夹 {path}（{_why(err)}）", "请检查该文件夹的访问权限。"))
                continue
            try:
                pst = os.stat(path)
            except OSError as e:
                items.append(_problem(path, f"无法访问 {path}（{_why(e)}）", "请检查该文件的访问权限。"))
                continue
            found += 1
            add(_found(path, pst), pst)
        if not found:
            items.append(_problem(arg, f"文件夹 {arg} 里没有工作簿（{'、'.join(WORKBOOK_SUFFIXES)}）",
                                  "请检查文件夹是否选对。"))
    return items


def _walk(folder: Path) -> list[tuple[Path, OSError | None]]:
    """Workbook files under `folder` sorted by their path in it (sub-folders' files in place),
    without following links to folders; folders that cannot be read come with their error."""
    found: list[tuple[tuple[str, ...], Path, OSError | None]] = []
    errors: list[OSError] = []
    for root, dirs, names in os.walk(folder, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.lower().endswith(WORKBOOK_SUFFIXES) and not name.startswith(LOCK_PREFIXES):
                path = Path(root) / name
                found.append((path.relative_to(folder).parts, path, None))
    for e in errors:
        path = Path(e.filename or folder)
        found.append((path.relative_to(folder).parts if path.is_relative_to(folder) else (), path, e))
    return [(path, err) for _, path, err in sorted(found, key=lambda f: f[0])]


def _found(path: Path, st: os.stat_result) -> Item:
    """A file found in a folder: never opened unless it is a regular file."""
    if not stat.S_ISREG(st.st_mode):
        kind = ("命名管道（FIFO）" if stat.S_ISFIFO(st.st_mode) else
                "设备" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "套接字" if stat.S_ISSOCK(st.st_mode) else "特殊文件")
        return _problem(path, f"{path} 是{kind}，不是工作簿文件，未读取", "请把它移出该文件夹。")
    return Item(path, _shown(path))


def _problem(path: Path, what: str, todo: str) -> Item:
    return Item(path, _shown(path), error("", what, todo))


def _shown(path: Path) -> str:
    """A path as the output names it: one line, no control characters (a terminal escape in a
    file name is shown as "?", never sent to the terminal)."""
    return console.printable(str(path), lines=False)


def _why(e: OSError) -> str:
    from jixiao.oserrors import os_reason
    return os_reason(e)


# ---------------------------------------------------------------- one workbook (in a worker)

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
    res = Result(item.shown, replace(out, data=None), Status.CHECKED if out.ok else Status.FAILED, data=out.data)
    if job.outdir is not None and res.data is not None and out.filename:
        old = _previous(job.outdir / out.filename)
        if isinstance(old, str):
            res.outcome.messages.append(_not_compared(old))
        elif old == res.data:
            res.status, res.data = Status.UNCHANGED, None       # nothing to send back or write
        elif old is not None:
            try:
                from jixiao.cli.diff import TooLarge, compare   # lxml: only when a previous report is there
            except ImportError:                       # no lxml: the old report is simply replaced
                return res
            try:
                res.changes = compare(old, res.data)
            except TooLarge as e:
                res.outcome.messages.append(_not_compared(e.what))
            except Exception:  # noqa: BLE001 — an unreadable old report is simply replaced
                res.changes = None
    return res


def _not_compared(why: str) -> Message:
    return note("", f"上一版报告太大（{why}），未与新报告逐项比较，将直接替换")


def _previous(target: Path) -> bytes | str | None:
    """The previous report's bytes; None when there is none (or a link, a folder, something
    unreadable in its place); why not, when it is too large to read."""
    try:
        st = os.lstat(target)
        if not stat.S_ISREG(st.st_mode):
            return None
        if st.st_size > MAX_OLD_REPORT_BYTES:
            return f"{st.st_size // (1024 * 1024)} MB，超过 {MAX_OLD_REPORT_BYTES // (1024 * 1024)} MB"
        with open(target, "rb") as f:
            return f.read(MAX_OLD_REPORT_BYTES + 1)
    except OSError:
        return None


def _worker_start(parent: int | None = None) -> None:
    """In each worker: die with the main process (`parent`); signals are the main process's to
    handle (Ctrl-C ignored here; SIGTERM/SIGHUP end the worker, which writes nothing); import
    what a build needs once."""
    if parent is not None:
        _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):     # a forked worker inherits the main process's handlers
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _too_long)
    from jixiao import build
    from jixiao.write import body as write  # noqa: F401


PR_SET_PDEATHSIG = 1                  # linux/prctl.h


def _die_with_parent(parent: int) -> None:
    """Make this worker end when the main process ends, however it ends (SIGKILL included): on
    Linux the kernel sends SIGKILL (prctl PR_SET_PDEATHSIG); elsewhere a thread polls for the
    parent every WORKER_WATCH_SECONDS (Windows: the pool's pipes break instead)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0:
                if os.getppid() != parent:        # the parent died before prctl took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    if sys.platform == "win32":
        return
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WORKER_WATCH_SECONDS)
        os._exit(1)
    threading.Thread(target=watch, name="jixiao-parent-watch", daemon=True).start()


class TooLong(BaseException):
    """A workbook took more than WORKBOOK_SECONDS in a worker (BaseException: no `except
    Exception` in the build swallows it)."""


def _too_long(signum, frame) -> None:
    raise TooLong


def timed_work(job: Job, item: Item) -> Result:
    """`work` in a worker, given up after WORKBOOK_SECONDS (where the platform has SIGALRM):
    a workbook that hangs costs its own result, not the batch."""
    if not hasattr(signal, "setitimer"):
        return work(job, item)
    signal.setitimer(signal.ITIMER_REAL, WORKBOOK_SECONDS)
    try:
        return work(job, item)
    except TooLong:
        return Result(item.shown, Outcome(item.path.name, [error(
            "", f"处理该工作簿超过 {WORKBOOK_SECONDS} 秒，已放弃", "其余工作簿不受影响。请把该工作簿发给维护人员。")]),
            Status.FAILED)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _worker_crash(item: Item) -> Result:
    return Result(item.shown, Outcome(item.path.name, [error(
        "", "处理该工作簿时程序意外退出（可能是内存不足或程序崩溃）",
        "其余工作簿不受影响。请把该工作簿发给维护人员。")]), Status.FAILED)


# ---------------------------------------------------------------- many workbooks

def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def max_jobs() -> int:
    """The most worker processes a run starts: the usable CPUs times JOBS_PER_CPU (and Windows'
    own limit): more only cost memory (-j 99999 once forked 601 processes, 13 GB)."""
    n = default_jobs() * JOBS_PER_CPU
    return min(n, WINDOWS_MAX_WORKERS) if sys.platform == "win32" else n


def _context():
    # fork starts a worker in milliseconds with everything imported; elsewhere the platform default
    import multiprocessing
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def run(items: Sequence[Item], job: Job, jobs: int = 1,
        done: Callable[[Result], None] | None = None) -> Iterator[Result]:
    """A Result for each item, in the items' order; `done` is called as each one finishes."""
    todo = [i for i, it in enumerate(items) if it.problem is None]
    jobs = max(1, min(jobs, len(todo), WINDOWS_MAX_WORKERS if sys.platform == "win32" else jobs))
    if jobs == 1:
        for it in items:
            res = work(job, it)
            if done:
                done(res)
            yield res
        return
    yield from _pooled(items, job, jobs, done)


def _pooled(items: Sequence[Item], job: Job, jobs: int, done) -> Iterator[Result]:
    # the pool's modules cost a single build ~10 ms to import: only when there is a pool
    from concurrent.futures import FIRST_COMPLETED, Future, wait
    from concurrent.futures.process import BrokenProcessPool
    results: dict[int, Result] = {}
    pending: dict[Future, int] = {}
    window = jobs * IN_FLIGHT_PER_WORKER
    nxt = ready = 0
    pool = _pool(jobs)
    try:
        while ready < len(items):
            while nxt < len(items) and len(pending) < window:
                if items[nxt].problem is not None:        # nothing to do in a worker
                    results[nxt] = work(job, items[nxt])
                    if done:
                        done(results[nxt])
                else:
                    pending[pool.submit(timed_work, job, items[nxt])] = nxt
                nxt += 1
            if ready in results:
                yield results.pop(ready)
                ready += 1
                continue
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for f in finished:
                i = pending.pop(f)
                try:
                    results[i] = f.result()
                except BrokenProcessPool:
                    broken = True
                    pending[f] = i                        # retried below
                    continue
                except Exception as e:  # noqa: BLE001 — e.g. a result that cannot be pickled
                    results[i] = Result(items[i].shown, internal_error(items[i].path.name, e), Status.FAILED)
                if done:
                    done(results[i])
            if broken:
                suspects = sorted(pending.values())
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                for i in suspects:                        # one by one: only the culprit fails
                    results[i] = _alone(job, items[i])
                    if done:
                        done(results[i])
                pool = _pool(jobs)
    except BaseException:             # stopped (Interrupted, Ctrl-C): the workers go at once
        _kill_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool(jobs: int):
    from concurrent.futures import ProcessPoolExecutor
    return ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_worker_start,
                               initargs=(os.getpid(),))


def _kill_workers(pool) -> None:
    """End the pool's workers now: they compute and write nothing, so nothing is left half done."""
    kill = getattr(pool, "kill_workers", None)            # Python ≥ 3.14
    if kill is not None:
        try:
            kill()
            return
        except Exception:  # noqa: BLE001 — fall back to the processes themselves
            pass
    for p in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            p.kill()
        except (OSError, ValueError, AttributeError):
            pass


def _alone(job: Job, item: Item) -> Result:
    from concurrent.futures.process import BrokenProcessPool
    solo = _pool(1)
    try:
        return solo.submit(timed_work, job, item).result()
    except BrokenProcessPool:
        return _worker_crash(item)
    except Exception as e:  # noqa: BLE001
        return Result(item.shown, internal_error(item.path.name, e), Status.FAILED)
    except BaseException:
        _kill_workers(solo)
        raise
    finally:
        solo.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------- committing reports

def _key(filename: str) -> str:
    """Two names one file system would take for the same file (Windows/macOS fold case)."""
    return unicodedata.normalize("NFC", filename).casefold()


def claim(res: Result, claimed: dict[str, Result]) -> None:
    """The first workbook to name a report file keeps it; a later one is an error naming both."""
    out = res.outcome
    if not out.ok or not out.filename:
        return
    first = claimed.setdefault(_key(out.filename), res)
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
    if res.failed or res.status is Status.UNCHANGED:
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
    try:
        replaced = publish(data, outdir / name)
    except OutputError as e:
        out.messages.append(error("", e.message))
        res.status = Status.FAILED
        return
    res.status = Status.UPDATED if replaced else Status.WRITTEN


def build_reports(items: Sequence[Item], job: Job, jobs: int = 1,
                  done: Callable[[Result], None] | None = None) -> list[Result]:
    """Build every workbook and write its report into job.outdir, in the order given."""
    assert job.outdir is not None
    claimed: dict[str, Result] = {}
    results = []
    for res in run(items, job, jobs, done):
        claim(res, claimed)
        commit(res, job.outdir)
        results.append(res)
    return results


def check_all(items: Sequence[Item], job: Job, jobs: int = 1,
              done: Callable[[Result], None] | None = None) -> list[Result]:
    """Check every workbook; two that would write the same report file are flagged as build would."""
    claimed: dict[str, Result] = {}
    results = []
    for res in run(items, job, jobs, done):
        claim(res, claimed)
        results.append(res)
    return results


def make_pdfs(results: Sequence[Result], outdir: Path, jobs: int = 1) -> None:
    """A PDF beside every report of this run (an unchanged report's current PDF is kept)."""
    wanted = {}
    for res in results:
        if res.status not in (Status.WRITTEN, Status.UPDATED, Status.UNCHANGED) or res.failed:
            continue
        docx = outdir / res.outcome.filename
        if res.status is Status.UNCHANGED and pdf_current(docx):
            res.pdf = ""
            continue
        wanted[docx] = res
    for docx, problem in convert_pdfs(list(wanted), jobs).items():
        wanted[docx].pdf = problem or ""


# ---------------------------------------------------------------- what the user sees

def show_messages(res: Result, prefix: str, verbose: bool, errors_only: bool = False,
                  checking: bool = False) -> None:
    """A workbook's messages. For `check` they are the output (stdout, so `> 结果.txt` keeps
    them all); for `build` errors and warnings go to stderr, beside the report's line."""
    for m in res.outcome.messages:
        if errors_only and not verbose and not m.is_error:
            continue
        console.echo(prefix + console.printable(str(m), lines=False), err=not checking and m.level != "提示")


def show_build(res: Result, outdir: Path, verbose: bool) -> None:
    """One workbook built (the clerk's case): its messages, where the report went, what changed."""
    show_messages(res, "", verbose)
    out = res.outcome
    if res.status not in (Status.WRITTEN, Status.UPDATED, Status.UNCHANGED):
        console.echo(f"{res.shown}：有错误，未生成报告（原有报告保持不变）。请按上面的提示改正后重试。", err=True)
        return
    state = {Status.WRITTEN: "（新生成）", Status.UPDATED: "（已更新）", Status.UNCHANGED: "（内容无变化）"}
    score = f"  总分 {fmt.money(out.total)}，等级 {out.grade}" if out.total is not None else ""
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
    score = (f"；总分 {fmt.money(out.total)}，等级 {out.grade}"
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
