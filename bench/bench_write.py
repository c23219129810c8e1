"""Time the write stage (document.Report → .docx bytes) on a report with many indicator rows.

    python bench/bench_write.py [ROWS] [--repeat N] [--out FILE.docx]

The report is what the program builds from a workbook with ROWS (default 2,000) indicator rows
that passes every check (`workbook_with_indicators`); the time is the best of N calls of
write_docx, after one warm-up call.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "000_贺家土街道_2023.xlsx"
NAMES = ("全年在区级及以上媒体上稿篇数", "服务辖区旧改、配套项目完成数", "城乡居民医保征缴参保率",
         "辖区重点税源企业纳税金额", "环境整治次数")


def workbook_with_indicators(n: int, folder: Path) -> Path:
    """Example 000 with `n` indicator rows that check clean: spread over its 一级指标 in the
    proportions of their weights, each level's 分值 adding up to its weight, full marks."""
    path = folder / f"indicators_{n}.xlsx"
    shutil.copy(EXAMPLE, path)
    wb = openpyxl.load_workbook(path)
    weights = [(name, Decimal(str(w))) for name, w, *_ in wb["指标体系"].iter_rows(min_row=2, values_only=True)
               if name and w is not None and name != "预算执行率"]
    total = sum(w for _, w in weights)
    ws = wb["绩效指标"]
    ws.delete_rows(2, ws.max_row)
    left = n
    for li, (level, w) in enumerate(weights):
        k = left if li == len(weights) - 1 else max(1, round(n * w / total))
        left -= k
        for i in range(k):
            score = w - Decimal("0.01") * (k - 1) if i == k - 1 else Decimal("0.01")
            ws.append([level if i == 0 else None, f"数量指标{i // 5 + 1}" if i % 5 == 0 else None,
                       f"{NAMES[i % 5]}{i}", f"≥{i % 97 + 3}个", f"{i % 89 + 5}个", float(score), float(score), None])
    wb.save(path)
    return path


def report_for(workbook: Path):
    from jixiao.build import analyse
    out, report = analyse(workbook)
    assert out.ok and report is not None, [str(m) for m in out.messages if m.is_error][:5]
    return report


def main(argv: list[str]) -> None:
    from jixiao.cli.files import save_atomic
    from jixiao.write.body import write_docx
    rows = int(argv[0]) if argv and argv[0].isdigit() else 2000
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 10
    with tempfile.TemporaryDirectory() as tmp:
        report = report_for(workbook_with_indicators(rows, Path(tmp)))
    data = write_docx(report)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        data = write_docx(report)
        times.append(time.perf_counter() - t0)
    print(f"write_docx: {rows} indicator rows, {len(data)} bytes, best {min(times) * 1000:.0f} ms "
          f"(median {sorted(times)[len(times) // 2] * 1000:.0f} ms of {repeat})")
    if "--out" in argv:
        save_atomic(data, Path(argv[argv.index("--out") + 1]))


if __name__ == "__main__":
    main(sys.argv[1:])
