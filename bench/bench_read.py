"""Time the reading stage: each example, a workbook with many indicator rows, one with 200
projects; the peak memory of reading and of a whole build (a build must not import openpyxl);
one `jixiao build` of an example against the bare import of its libraries.

    python bench/bench_read.py

The openpyxl reader this replaced (read twice, data_only and formulas; tests/legacy_read.py in
commit 49b9714), on the same machine: examples 30 ms each (plus ~130 ms importing openpyxl),
2,000 indicator rows 404 ms, 20,000 rows 3.95 s, 200 projects 555 ms and 68 MB peak to read.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "inputs" / "000_贺家土街道_2023.xlsx"


def indicators_workbook(n: int, folder: Path) -> Path:
    """The first example with its 绩效指标 rows repeated to n rows."""
    path = folder / f"indicators_{n}.xlsx"
    wb = openpyxl.load_workbook(GOOD)
    ws = wb["绩效指标"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    ws.delete_rows(2, ws.max_row)
    for k in range(n):
        ws.append(list(rows[k % len(rows)]))
    wb.save(path)
    return path


def projects_workbook(n: int, folder: Path, per_project: int = 10) -> Path:
    """The first example with n projects, each with two fund lines and `per_project` indicators."""
    path = folder / f"projects_{n}.xlsx"
    wb = openpyxl.load_workbook(GOOD)
    p, f, i = wb["项目"], wb["项目资金"], wb["项目绩效指标"]
    template = [c.value for c in p[2]]
    ind = [c.value for c in i[2]] if i.max_row >= 2 else None
    for ws in (p, f, i):
        ws.delete_rows(2, ws.max_row)
    for k in range(n):
        name = f"专项项目{k + 1:03d}：社区综合治理与公共服务提升工程"
        p.append([name, *template[1:]])
        f.append([name, "当年财政拨款", 10, 12.5, 12.0])
        f.append([name, "上年结转资金", 0, 1.5, 1.5])
        for j in range(per_project):
            level = ("产出指标", "数量指标") if j < per_project // 2 else ("效益指标", "社会效益指标")
            i.append([name if j == 0 else None, level[0] if j in (0, per_project // 2) else None, level[1],
                      f"指标{j + 1}：完成年度计划任务的比例", "≥95%", 0.98, 10, 10,
                      "无偏差" if ind is None else ind[-1]])
    wb.save(path)
    return path


def best_of(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def peak_mb(code: str, path: Path) -> str:
    """Peak resident memory of a fresh process running f(path), measured by /usr/bin/time (a
    process forked from this one would count this process's memory too)."""
    script = f"import sys\n{code}\nf(sys.argv[1])\nassert 'openpyxl' not in sys.modules, 'openpyxl imported'"
    run = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-c", script, str(path)],
                         capture_output=True, text=True, check=True)
    return str(int(run.stderr.split()[-1]) // 1024)


def main() -> None:
    from jixiao.read.workbook import read_workbook
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = sorted((ROOT / "inputs").glob("*.xlsx"))
        paths += [indicators_workbook(2000, folder), indicators_workbook(20000, folder), projects_workbook(200, folder)]
        for path in paths:
            wb, msgs = read_workbook(path)
            assert wb is not None, msgs
            print(f"  read {path.name}: {best_of(lambda: read_workbook(path)) * 1000:.0f} ms")
        for path in (paths[0], paths[-1]):
            for what, code in (("read", "from jixiao.read.workbook import read_workbook as f"),
                               ("whole build", "from jixiao.build import build as f")):
                print(f"  {what} of {path.name} in a fresh process: peak {peak_mb(code, path)} MB")
        jixiao = shutil.which("jixiao", path=str(Path(sys.executable).parent))
        floor = best_of(lambda: subprocess.run([sys.executable, "-c", "import docx, openpyxl, jinja2, click"], check=True))
        whole = best_of(lambda: subprocess.run([jixiao, "build", str(paths[0]), "-o", str(folder / "out")],
                                               check=True, capture_output=True))
        print(f"  bare import of docx, openpyxl, jinja2, click: {floor:.2f} s; jixiao build {paths[0].name}: "
              f"{whole:.2f} s ({whole / floor:.2f}×)")


if __name__ == "__main__":
    main()
