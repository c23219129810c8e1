"""Whole-process build time, side by side with docxtpl and with the bare import (issue 9).

    python bench/bench_vs_docxtpl.py [ROWS] [--repeat N]

1. `jixiao build` of a workbook with ROWS (default 2,000) indicator rows that passes every check
   (bench_write.workbook_with_indicators), as a whole process;
2. docxtpl rendering and saving the same ROWS × 8 indicator table (一级指标 merged down each
   level with docxtpl's {% vm %}), built here: its render + save inside the process, and the
   whole process (start, import, load the template, render, save);
3. one `jixiao build` of an example against `python -c "import docx, openpyxl, jinja2, click"`.

Every measure is the best of N runs, the runs interleaved so that the machine's load falls on
all alike. Needs the `bench` extra (docxtpl).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_write import workbook_with_indicators  # noqa: E402

PY = sys.executable
JIXIAO = [PY, "-c", "from jixiao.cli.main import main; main()"]
HEADINGS = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]

DOCXTPL_RUN = r'''
import json, sys, time
t0 = time.perf_counter()
from docxtpl import DocxTemplate
levels = json.load(open(sys.argv[2], encoding="utf-8"))
t1 = time.perf_counter()
tpl = DocxTemplate(sys.argv[1])
tpl.render({"levels": levels})
tpl.save(sys.argv[3])
print(time.perf_counter() - t1)
'''


def make_template(path: Path) -> None:
    """A docx whose table repeats one row per indicator, 一级指标 merged down each level."""
    import docx
    d = docx.Document()
    t = d.add_table(rows=5, cols=8)
    t.style = "Table Grid"
    for c, h in zip(t.rows[0].cells, HEADINGS):
        c.text = h
    t.rows[1].cells[0].text = "{%tr for lv in levels %}"
    t.rows[2].cells[0].text = "{%tr for r in lv.rows %}"
    keys = ["level2", "name", "target", "actual", "weight", "score", "remark"]
    t.rows[3].cells[0].text = "{% vm %}{{ lv.name }}"
    for c, k in zip(t.rows[3].cells[1:], keys):
        c.text = "{{ r.%s }}" % k
    t.rows[4].cells[0].text = "{%tr endfor %}"
    # the outer loop's end needs a row of its own
    row = t.add_row()
    row.cells[0].text = "{%tr endfor %}"
    d.save(str(path))


def table_data(workbook: Path, out: Path) -> None:
    from jixiao.fmt import money
    from jixiao.read.workbook import read_workbook
    wb, _ = read_workbook(workbook)
    levels: list[dict] = []
    for i in wb.indicators:
        if not levels or levels[-1]["name"] != i.level1:
            levels.append({"name": i.level1, "rows": []})
        levels[-1]["rows"].append({"level2": i.level2, "name": i.name, "target": i.target, "actual": i.actual,
                                   "weight": money(i.weight), "score": money(i.score), "remark": i.remark})
    out.write_text(json.dumps(levels, ensure_ascii=False), encoding="utf-8")


def timed(cmd: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"{cmd} failed:\n{r.stdout}\n{r.stderr}")
    return elapsed, r.stdout


def main(argv: list[str]) -> None:
    rows = int(argv[0]) if argv and argv[0].isdigit() else 2000
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 5
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big = workbook_with_indicators(rows, tmp)
        tpl, data = tmp / "tpl.docx", tmp / "rows.json"
        make_template(tpl)
        table_data(big, data)
        example = ROOT / "inputs" / "000_贺家土街道_2023.xlsx"
        runs: dict[str, list[float]] = {k: [] for k in ("build", "docxtpl_process", "docxtpl_render_save",
                                                        "example", "bare_import")}
        for _ in range(repeat):
            runs["build"].append(timed(JIXIAO + ["build", str(big), "-o", str(tmp / "out")])[0])
            elapsed, out = timed([PY, "-c", DOCXTPL_RUN, str(tpl), str(data), str(tmp / "docxtpl.docx")])
            runs["docxtpl_process"].append(elapsed)
            runs["docxtpl_render_save"].append(float(out.strip()))
            runs["example"].append(timed(JIXIAO + ["build", str(example), "-o", str(tmp / "ex")])[0])
            runs["bare_import"].append(timed([PY, "-c", "import docx, openpyxl, jinja2, click"])[0])
        best = {k: min(v) for k, v in runs.items()}
        produced = list((tmp / "out").glob("*.docx"))
        print(f"{rows} indicator rows, best of {repeat}:")
        assert produced, "the build wrote no report"
        print(f"  jixiao build, whole process        {best['build']:.3f} s")
        print(f"  docxtpl render + save              {best['docxtpl_render_save']:.3f} s"
              f"   → build / docxtpl = {best['build'] / best['docxtpl_render_save']:.2f}")
        print(f"  docxtpl, whole process             {best['docxtpl_process']:.3f} s"
              f"   → build / docxtpl = {best['build'] / best['docxtpl_process']:.2f}")
        print(f"one example ({example.name}):")
        print(f"  jixiao build, whole process        {best['example']:.3f} s")
        print(f"  python -c 'import docx, openpyxl, jinja2, click'  {best['bare_import']:.3f} s"
              f"   → build / import = {best['example'] / best['bare_import']:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
