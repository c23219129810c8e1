"""Time write_docx on a report with a large table; optionally save the sample.

    python bench/bench_write.py [ROWS] [--out /tmp/writer-sample.docx]
"""
from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from jixiao.document import Cell, PageBreak, Paragraph, Report, Row, Run, Table
from jixiao.output import save_atomic
from jixiao.write import write_docx


def sample_report(rows: int = 60) -> Report:
    header = (
        Row((Cell("一级指标", rowspan=2, bold=True), Cell("二级指标", rowspan=2, bold=True),
             Cell("年度指标值", colspan=2, bold=True), Cell("得分", rowspan=2, bold=True)), header=True),
        Row((Cell("预期", bold=True), Cell("实际", bold=True)), header=True),
    )
    body_rows = []
    for i in range(rows):
        if i % 4 == 0:  # 一级 cell merged over 4 rows
            body_rows.append(Row((Cell(f"产出指标{i // 4 + 1}", rowspan=4), Cell(f"数量指标{i}", align="left"),
                                  Cell(f"{i * 10.5:.2f}", align="right"), Cell(f"{i * 10.25:.2f}", align="right"),
                                  Cell("5.00", align="right"))))
        else:
            body_rows.append(Row((Cell(f"质量指标{i}\n第二行", align="left"), Cell(f"{i:.2f}", align="right"),
                                  Cell(f"{i + 1:.2f}", align="right"), Cell("5.00", align="right"))))
    table = Table((30, 40, 30, 30, 26), header + tuple(body_rows))
    text = "2023年度一般公共预算财政拨款支出3997.92万元，其中：基本支出1485.76万元，项目支出2512.16万元。" * 3
    return Report(
        title="2023年度某某街道办事处整体支出绩效自评报告", author="某某街道办事处", created=date(2024, 3, 1),
        cover=(Paragraph.of("cover", "部门（单位）名称：某某街道办事处（盖章）"),
               Paragraph.of("cover", "2024年3月1日"),
               Paragraph.of("title", "2023年度某某街道办事处整体支出绩效自评报告")),
        body=(Paragraph.of("title", "2023年度某某街道办事处整体支出绩效自评报告"),
              Paragraph.of("heading1", "一、部门（单位）基本情况"),
              Paragraph.of("heading2", "（一）职能职责"),
              Paragraph.of("body", text),
              Paragraph("heading3", (Run("1.基本支出。", bold=True), Run("人员经费支出1000.00万元。"))),
              Paragraph.of("heading4", "（1）公用经费"),
              *[Paragraph.of("body", text) for _ in range(12)],
              Paragraph.of("plain", "附件：1.部门（单位）整体支出绩效自评表"),
              Paragraph.of("right", "某某街道办事处"),
              Paragraph.of("right", "2024年3月1日"),
              PageBreak(),
              Paragraph.of("attachment-label", "附件1"),
              Paragraph.of("table-title", "部门（单位）整体支出绩效自评表"),
              table,
              Paragraph.of("table-note", "填表人：张三  填报日期：2024年3月1日  联系电话：12345678  单位负责人签字：")),
    )


def main(argv: list[str]) -> None:
    rows = int(argv[0]) if argv and argv[0].isdigit() else 800
    report = sample_report(rows)
    t0 = time.perf_counter()
    data = write_docx(report)
    print(f"write_docx: {rows} rows, {len(data)} bytes, {time.perf_counter() - t0:.3f} s")
    if "--out" in argv:
        save_atomic(data, Path(argv[argv.index("--out") + 1]))


if __name__ == "__main__":
    main(sys.argv[1:])
