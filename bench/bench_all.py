"""Issue 9's figures in one run, side by side (the README quotes them). Whole processes throughout,
each the median of N runs, the runs of compared commands interleaved so that the machine's load
falls on both alike.

    python bench/bench_all.py [--repeat N] [--workbooks 1000] [--parts 1,2]

1. one `jixiao build` of an example against `python -c "import docx, openpyxl, jinja2, click"`;
2. a 2,000-indicator-row workbook: `jixiao build` against docxtpl rendering and saving the same
   2,000 × 8 table with its merges (built here; whole process, and its render + save alone);
3. 200 and 2,000 indicator rows: how the time grows;
4. a 200-project workbook: the build's peak memory;
5. a bureau's batch: N workbooks, `jixiao build FOLDER -j 2` and `-j 1`.

Needs the `bench` extra (docxtpl) for 2.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import make_workbooks  # noqa: E402
from bench_read import projects_workbook  # noqa: E402
from bench_vs_docxtpl import DOCXTPL_RUN, make_template, table_data  # noqa: E402
from bench_write import workbook_with_indicators  # noqa: E402

PY = sys.executable
JIXIAO = [PY, "-c", "from jixiao.cli.main import main; main()"]
FLOOR = [PY, "-c", "import docx, openpyxl, jinja2, click"]
PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def run(cmd: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t, r.stdout


def side_by_side(cmds: dict[str, list[str]], repeat: int) -> dict[str, float]:
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(repeat):
        for k, cmd in cmds.items():
            times[k].append(run(cmd)[0])
    return {k: statistics.median(v) for k, v in times.items()}


def main(argv: list[str]) -> None:
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 7
    count = int(argv[argv.index("--workbooks") + 1]) if "--workbooks" in argv else 1000
    parts = set(argv[argv.index("--parts") + 1].split(",")) if "--parts" in argv else {"1", "2", "3", "4", "5"}
    example = ROOT / "inputs" / "000_贺家土街道_2023.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"medians of {repeat} runs, whole processes")

        if "1" in parts:
            m = side_by_side({"build": JIXIAO + ["build", str(example), "-o", str(tmp / "a")], "floor": FLOOR}, repeat)
            print(f"1. one example build {m['build']:.3f} s; bare import {m['floor']:.3f} s "
                  f"→ {m['build'] / m['floor']:.2f}× (target ≤ 1.0×)")
        if not parts & {"2", "3", "4", "5"}:
            return

        big = workbook_with_indicators(2000, tmp)
        small = workbook_with_indicators(200, tmp)
        tpl, data = tmp / "tpl.docx", tmp / "rows.json"
        make_template(tpl)
        table_data(big, data)
        docxtpl = [PY, "-c", DOCXTPL_RUN, str(tpl), str(data), str(tmp / "docxtpl.docx")]
        render_save = statistics.median(float(run(docxtpl)[1]) for _ in range(repeat))
        m = side_by_side({"build": JIXIAO + ["build", str(big), "-o", str(tmp / "b")], "docxtpl": docxtpl,
                          "build200": JIXIAO + ["build", str(small), "-o", str(tmp / "c")]}, repeat)
        assert list((tmp / "b").glob("*.docx")), "the 2,000-row build wrote no report"
        print(f"2. 2,000 indicator rows: build {m['build']:.3f} s; docxtpl {m['docxtpl']:.3f} s "
              f"→ {m['build'] / m['docxtpl']:.2f}× (target ≤ 0.6×; docxtpl's render + save alone {render_save:.3f} s "
              f"→ {m['build'] / render_save:.2f}×)")
        print(f"3. 200 rows {m['build200']:.3f} s → 2,000 rows {m['build']:.3f} s: "
              f"10× the rows, {m['build'] / m['build200']:.2f}× the time (target ≤ 5×)")

        if not parts & {"4", "5"}:
            return
        projects = projects_workbook(200, tmp)
        kb = max(int(run([PY, "-c", PEAK, *JIXIAO, "build", str(projects), "-o", str(tmp / "d")])[1])
                 for _ in range(3))
        built = list((tmp / "d").glob("*.docx"))
        print(f"4. 200 projects: peak {kb / 1024:.0f} MB (target ≤ 150 MB){'' if built else ' — NO REPORT WRITTEN'}")

        folder = tmp / "many"
        make_workbooks(count, folder)
        for jobs in (2, 1):
            t, _ = run(JIXIAO + ["build", str(folder), "-o", str(tmp / f"out{jobs}"), "-j", str(jobs)])
            n = len(list((tmp / f"out{jobs}").glob("*.docx")))
            print(f"5. {count} workbooks, -j {jobs}: {t:.1f} s, {n} reports ({n / t:.0f}/s; target ≤ 60 s)")


if __name__ == "__main__":
    main(sys.argv[1:])
