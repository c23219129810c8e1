"""Many workbooks on every core: `run` gives one `Result` per `Item`, in the items' order, each
workbook's failure its own.

- In this process for one workbook, else in a process pool (`jobs` workers — the command line
  asks for at most `max_jobs()` — each importing once and building many). An exception in a
  worker is that workbook's error; a worker that dies (a crash, the OOM killer) costs only the
  workbook that killed it: the unfinished ones are retried one by one in fresh processes; a
  workbook that takes longer than WORKBOOK_SECONDS is given up.
- When the run is stopped (Ctrl-C, SIGTERM, SIGHUP: console.Interrupted) the workers are killed at
  once — they only compute, they write nothing — and a worker dies with the main process even
  when that is killed outright (SIGKILL): on Linux through PR_SET_PDEATHSIG, elsewhere by a
  thread watching its parent.
"""
from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence

from jixiao.build import Outcome
from jixiao.cli.inputs import Item
from jixiao.cli.job import Job, Result, Status, internal_error, work
from jixiao.messages import error

JOBS_PER_CPU = 1                             # -j is capped at the usable CPUs times this (max_jobs):
                                             # a worker only computes, and each holds ~60 MB
WORKER_WATCH_SECONDS = 1.0                   # where PR_SET_PDEATHSIG is missing: how often a worker
                                             # looks whether its parent is still there
IN_FLIGHT_PER_WORKER = 4                     # tasks queued per worker: keeps cores busy, memory low
WINDOWS_MAX_WORKERS = 61                     # ProcessPoolExecutor's limit there
WORKBOOK_SECONDS = 300                       # a workbook in a worker is given up after this


# ---------------------------------------------------------------- in a worker

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


def _mp_context():
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
    return ProcessPoolExecutor(jobs, mp_context=_mp_context(), initializer=_worker_start,
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


class Workers:
    """A long-lived pool for a server (`jixiao serve`): one workbook at a time from many threads,
    each in a worker with the batch's limits (WORKBOOK_SECONDS, a crash costs only its workbook:
    the pool is replaced and that workbook retried alone). Start it before the server's threads
    (`warm`), so workers are forked from a quiet process."""

    def __init__(self, jobs: int) -> None:
        import threading
        self.jobs = max(1, jobs)
        self._lock = threading.Lock()
        self._pool = _pool(self.jobs)

    def warm(self) -> None:
        for f in [self._pool.submit(os.getpid) for _ in range(self.jobs)]:
            f.result()

    def run(self, job: Job, item: Item) -> Result:
        from concurrent.futures.process import BrokenProcessPool
        if item.problem is not None:
            return work(job, item)
        with self._lock:
            current = self._pool
        try:
            return current.submit(timed_work, job, item).result()
        except BrokenProcessPool:
            with self._lock:
                if self._pool is current:
                    self._pool = _pool(self.jobs)
                    current.shutdown(wait=False, cancel_futures=True)
            return _alone(job, item)
        except Exception as e:  # noqa: BLE001 — e.g. a result that cannot be pickled
            return Result(item.shown, internal_error(item.path.name, e), Status.FAILED)

    def close(self) -> None:
        with self._lock:
            _kill_workers(self._pool)
            self._pool.shutdown(wait=True, cancel_futures=True)
