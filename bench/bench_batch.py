"""Time a bureau's batch: N workbooks made from the examples (each with its own unit name), built
by `jixiao build FOLDER -o OUT -j J` as a whole process, then rebuilt (nothing changed), then
summarised; and the process pool's own cost per workbook.

    python bench/bench_batch.py [N] [--jobs 2,1] [--keep DIR]

Issue 9's bound: 1,000 workbooks in 60 s on 2 cores.
"""
from __future__ import annotations

import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

from jixiao.cli.inputs import Item
from jixiao.cli.job import Job
from jixiao.cli.pool import run
from jixiao.build import Outcome, build

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = "JIXIAOUNITNAMEPLACEHOLDER"
JIXIAO = Path(sys.executable).with_name("jixiao")


def templates() -> list[tuple[str, dict[str, bytes], str]]:
    """Each example as zip members, its unit name replaced by PLACEHOLDER, and that name."""
    out = []
    for path in sorted((ROOT / "inputs").glob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        ws = wb["基本信息"]
        for row in ws.iter_rows(min_col=1, max_col=2):
            if row[0].value == "单位名称":
                name, row[1].value = row[1].value, PLACEHOLDER
            elif row[0].value == "单位简称":     # titles and file names by 单位简称: one of its own too
                row[1].value = None
        buf = io.BytesIO()
        wb.save(buf)
        z = zipfile.ZipFile(buf)
        out.append((path.stem, {i.filename: z.read(i) for i in z.infolist()}, name))
    return out


def make_workbooks(n: int, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    tpls = templates()
    for i in range(n):
        stem, members, name = tpls[i % len(tpls)]
        unit = escape(f"{name}{i:05d}").encode()
        path = folder / f"{i:05d}_{stem}.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for member, data in members.items():
                z.writestr(member, data.replace(PLACEHOLDER.encode(), unit))
        paths.append(path)
    return paths


def cpu() -> float:
    """CPU seconds of every finished child process (jixiao and its workers)."""
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (all processes of the run) and exit code of a command. On a
    machine shared with other work the wall time grows; CPU / cores is what two free cores take."""
    c, t = cpu(), time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t, cpu() - c, r.returncode


def _noop(path: Path) -> Outcome:
    return Outcome(path.name)


def pool_overhead(paths: list[Path], jobs: int) -> float:
    """Seconds per workbook the pool itself costs: a job that does nothing, through the pool."""
    items = [Item(p, str(p)) for p in paths]
    t = time.perf_counter()
    for _ in run(items, Job(_noop), jobs):
        pass
    return (time.perf_counter() - t) / len(paths)


def main() -> None:
    args = sys.argv[1:]
    n = int(args[0]) if args and args[0].isdigit() else 1000
    jobs = [int(j) for j in (args[args.index("--jobs") + 1] if "--jobs" in args else "2,1").split(",")]
    keep = Path(args[args.index("--keep") + 1]) if "--keep" in args else None
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    try:
        folder = (keep or tmp) / "workbooks"
        t = time.perf_counter()
        paths = make_workbooks(n, folder)
        print(f"{n} workbooks made in {time.perf_counter() - t:.1f} s; {os.cpu_count()} CPUs")
        sample = paths[:12]
        build(sample[0])
        t = time.perf_counter()
        sizes = [len(build(p).data or b"") for p in sample]
        one = (time.perf_counter() - t) / len(sample)
        print(f"one build in-process: {one * 1000:.0f} ms; report {sum(sizes) / len(sizes) / 1024:.0f} KB")
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        for j in jobs:
            out = tmp / f"out-j{j}"
            shutil.rmtree(out, ignore_errors=True)
            for what in ("build", "rebuild, nothing changed"):
                load = os.getloadavg()[0]
                wall, used, rc = timed([str(JIXIAO), "build", str(folder), "-o", str(out), "-j", str(j)])
                made = len(list(out.glob("*.docx")))
                print(f"-j {j} {what}: {wall:.1f} s wall ({n / wall:.1f} workbooks/s), {used:.1f} s CPU "
                      f"({used / n * 1000:.0f} ms per workbook; {used / j:.1f} s on {j} free cores); "
                      f"{made} reports, exit {rc}; load average at start {load:.2f}")
        j = max(jobs)
        wall, used, rc = timed([str(JIXIAO), "summary", str(folder), "-o", str(tmp / "汇总.xlsx"), "-j", str(j)])
        print(f"summary -j {j}: {wall:.1f} s wall, {used:.1f} s CPU (exit {rc})")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        for j in sorted(set(jobs) | {2}):
            print(f"pool overhead -j {j}: {pool_overhead(paths[:400], j) * 1000:.2f} ms per workbook "
                  "(a job that does nothing)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
