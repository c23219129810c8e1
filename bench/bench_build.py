"""Time whole builds: each example, and a synthetic workbook with many indicators and projects.

    python bench/bench_build.py [N_INDICATORS]
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from jixiao.build import build

ROOT = Path(__file__).resolve().parents[1]


def timed(path: Path) -> float:
    t = time.perf_counter()
    out = build(path)
    assert out.data is not None, [str(m) for m in out.messages if m.is_error]
    return time.perf_counter() - t


def big_workbook(n: int, folder: Path) -> Path:
    src = ROOT / "inputs" / "000_贺家土街道_2023.xlsx"
    path = folder / "big.xlsx"
    shutil.copy(src, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["绩效指标"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    ws.delete_rows(2, ws.max_row)
    k = 0
    while k < n:
        for row in rows:
            if k >= n:
                break
            ws.append(list(row))
            k += 1
    wb.save(path)
    return path


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    for path in sorted((ROOT / "inputs").glob("*.xlsx")):
        print(f"{path.name}: {timed(path):.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        big = big_workbook(n, Path(tmp))
        t = time.perf_counter()
        out = build(big)
        print(f"{n} indicator rows: {time.perf_counter() - t:.2f} s "
              f"({sum(m.is_error for m in out.messages)} errors expected: weights no longer add up)")


if __name__ == "__main__":
    main()
