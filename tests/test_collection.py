"""A bureau's day end to end (cli/collection.py, deliver.py, bundle.py, workbooks/feedback.py,
read/roster.py): a folder of 30 workbooks — a duplicate, an error, an unreadable file — and a
roster with two units that sent nothing. Every row of 汇总 and every line of the final table is
checked against the files actually written."""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jixiao.build import build

from .cli.test_batch import files, run_cli
from .variants import report_name, workbook

pytestmark = pytest.mark.many_reports

GOOD = [f"第{i:02d}街道办事处" for i in range(1, 27)]       # 26 units that submit one good workbook
DUP, BAD, MISSING = "双交街道办事处", "出错街道办事处", ["未交甲街道办事处", "未交乙街道办事处"]
OLD_REPORT = b"the report sent last week"


def roster(path: Path, units: list[str]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "单位名称", "主管部门", "联系人", "联系电话"])     # any order, extra columns
    for i, u in enumerate(units, start=1):
        ws.append([i, u, "某区财政局", f"联系人{i}", f"0731-{i:07d}"])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bureau")
    inbox, out = tmp / "收件", tmp / "报告"
    for i, unit in enumerate(GOOD):
        workbook(inbox / f"{i:02d}_{unit}.xlsx", unit)
    dup_a = workbook(inbox / "27_双交_第一份.xlsx", DUP)
    dup_b = workbook(inbox / "28_双交_第二份.xlsx", DUP, edits=(("资金情况", "B3", 1985.40),))
    bad = workbook(inbox / "29_出错.xlsx", BAD, edits=(("绩效指标", "G2", 999),))
    (inbox / "30_坏.xlsx").write_bytes(b"this is not a workbook")
    out.mkdir()
    (out / report_name(DUP)).write_bytes(OLD_REPORT)
    names = roster(tmp / "名单.xlsx", GOOD + [DUP, BAD] + MISSING)
    r = run_cli("build", str(inbox), "-o", str(out), "-j", "2", "--summary", str(tmp / "汇总.xlsx"),
                "--roster", str(names), "--feedback", str(tmp / "反馈"), "--bundle", str(tmp / "上报.zip"))
    return dict(tmp=tmp, inbox=inbox, out=out, r=r, dup=(dup_a, dup_b), bad=bad)


def sheet(path: Path, name: str) -> list[dict]:
    header, *rows = openpyxl.load_workbook(path)[name].iter_rows(values_only=True)
    return [dict(zip(header, row)) for row in rows]


def test_every_row_of_the_summary_is_true_of_the_files_written(day):
    out, tmp = day["out"], day["tmp"]
    assert day["r"].exit_code == 1
    written = files(out)
    rows = sheet(tmp / "汇总.xlsx", "汇总")
    assert len(rows) == 32                                # 30 workbooks and the 2 units that sent none
    by_status: dict[str, list[dict]] = {}
    for row in rows:
        by_status.setdefault(row["状态"], []).append(row)
    assert {s: len(v) for s, v in by_status.items()} == {
        "已生成（有警告）": 26, "未生成：重复": 2, "未生成：有错误": 1, "无法读取": 1, "未提交": 2}
    for row in by_status["已生成（有警告）"]:            # the report is there, built from this workbook
        expected = build(Path(row["工作簿"]))
        assert written[row["报告文件"]] == expected.data
        assert Decimal(str(row["总分"])) == expected.total == Decimal("99.00") and row["等级"] == "优"
        assert row["填表人"] and row["联系电话"] and row["单位负责人"] and row["名单联系人"]
    assert sorted(r["报告文件"] for r in by_status["已生成（有警告）"]) == sorted(report_name(u) for u in GOOD)
    for status in ("未生成：重复", "未生成：有错误", "无法读取", "未提交"):
        for row in by_status[status]:                   # nothing written, nothing shown as final
            assert row["报告文件"] is None and row["总分"] is None and row["等级"] is None, row
    assert sorted(written) == sorted([report_name(u) for u in GOOD] + [report_name(DUP)])
    assert written[report_name(DUP)] == OLD_REPORT      # the duplicate's unit: last week's report kept
    assert report_name(BAD) not in written
    assert {r["工作簿"] for r in by_status["未生成：重复"]} == {str(p) for p in day["dup"]}
    assert [r["单位名称"] for r in by_status["未提交"]] == MISSING
    assert all(r["工作簿"] is None and r["名单联系人"] for r in by_status["未提交"])
    (unreadable,) = by_status["无法读取"]
    assert unreadable["工作簿"].endswith("30_坏.xlsx") and unreadable["错误数"] == 1


def test_the_final_table_says_what_the_summary_says(day):
    stdout = day["r"].stdout
    summary = {r["工作簿"] or r["单位名称"]: r["状态"] for r in sheet(day["tmp"] / "汇总.xlsx", "汇总")}
    table = {}
    for line in stdout.splitlines():
        first = line.split("  ")[0]
        if first in summary or first == "—":
            status = next(s for s in ("已生成（有警告）", "未生成：重复", "未生成：有错误", "无法读取", "未提交") if s in line)
            key = first if first != "—" else next(u for u in MISSING if u in line)
            table[key] = status
            if status != "已生成（有警告）":
                assert re.search(r"\s—\s+—\s", line), line     # no 总分, no 等级
    assert table == summary
    assert "共 30 个工作簿、2 个未提交的单位：已生成（有警告） 26，未生成：有错误 1，未生成：重复 2，无法读取 1，未提交 2；报告新生成 26。" in stdout


def test_the_sheets_agree_and_problems_come_errors_first(day):
    path = day["tmp"] / "汇总.xlsx"
    dist = list(openpyxl.load_workbook(path)["分数分布"].iter_rows(values_only=True))
    bands = {r[0]: r[1] for r in dist[1:8]}
    assert sum(v for k, v in bands.items() if k != "无总分") == 26 and bands["无总分"] == 6
    statuses = {r[0]: r[1] for r in dist[10:] if r[0]}
    assert statuses == {"已生成（有警告）": 26, "未生成：重复": 2, "未生成：有错误": 1, "无法读取": 1, "未提交": 2, "合计": 32}
    problems = sheet(path, "问题清单")
    levels = [p["级别"] for p in problems]
    assert levels[:4] == ["错误"] * 4 and set(levels[4:]) == {"警告"}       # 2 duplicates, 1 error, 1 unreadable
    assert {p["单位名称"] for p in problems if p["级别"] == "错误"} == {DUP, BAD, str(day["inbox"] / "30_坏.xlsx")}
    (score,) = [p for p in problems if p["单位名称"] == BAD and p["级别"] == "错误"]
    assert score["位置"] == "绩效指标!G2" and "超过分值" in score["问题"] and score["状态"] == "未生成：有错误"


def test_one_feedback_file_per_unit_with_its_status_and_cells(day):
    folder = day["tmp"] / "反馈"
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 26 + 1 + 1 + 1 + 2                  # the duplicate's two workbooks share one
    assert f"2023年度{BAD}_反馈.xlsx" in names and "30_坏_反馈.xlsx" in names
    assert f"None年度{MISSING[0]}_反馈.xlsx" not in names and f"{MISSING[0]}_反馈.xlsx" in names
    ws = openpyxl.load_workbook(folder / f"2023年度{BAD}_反馈.xlsx")["反馈"]
    cells = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 6)}
    assert cells["状态"] == "未生成：有错误" and "逐条改正" in cells["处理办法"] and cells["报告文件"] == "（未生成）"
    assert ws["B2"].fill.fgColor.rgb.endswith("FFC7CE")
    lines = [[c.value for c in row] for row in ws.iter_rows(min_row=8)]
    assert lines[0][:2] == ["错误", "绩效指标!G2"] and "超过分值" in lines[0][2] and lines[0][3]
    ws = openpyxl.load_workbook(folder / f"2023年度{DUP}_反馈.xlsx")["反馈"]
    assert ws["B2"].value == "未生成：重复" and all(p.name in ws["B4"].value for p in day["dup"])
    ws = openpyxl.load_workbook(folder / f"2023年度{GOOD[0]}_反馈.xlsx")["反馈"]
    assert ws["B2"].value == "已生成（有警告）" and ws["B5"].value == report_name(GOOD[0])
    ws = openpyxl.load_workbook(folder / f"{MISSING[0]}_反馈.xlsx")["反馈"]
    assert ws["B2"].value == "未提交" and ws["B4"].value == "（未收到）"


def test_the_bundle_holds_the_written_reports_and_the_summary(day, tmp_path):
    z = zipfile.ZipFile(day["tmp"] / "上报.zip")
    names = z.namelist()
    assert sorted(names) == sorted([f"上报/{report_name(u)}" for u in GOOD] + ["上报/汇总.xlsx"])
    assert all(not n.startswith("/") and ".." not in n for n in names)
    assert all(i.flag_bits & 0x800 for i in z.infolist())         # names marked UTF-8
    assert z.read(f"上报/{report_name(GOOD[3])}") == (day["out"] / report_name(GOOD[3])).read_bytes()
    z.extractall(tmp_path)
    assert len(sheet(tmp_path / "上报" / "汇总.xlsx", "汇总")) == 32


def test_a_name_not_on_the_roster_is_flagged_with_the_nearest(tmp_path):
    workbook(tmp_path / "in" / "a.xlsx", "望湖街道")
    workbook(tmp_path / "in" / "b.xlsx", "完全不同的单位")
    names = roster(tmp_path / "名单.xlsx", ["望湖街道办事处", "君山街道办事处"])
    r = run_cli("summary", str(tmp_path / "in"), "-o", str(tmp_path / "汇总.xlsx"), "--roster", str(names), "-v")
    rows = {row["单位名称"]: row for row in sheet(tmp_path / "汇总.xlsx", "汇总")}
    assert rows["望湖街道"]["名单"] == "不在名单中（是否为“望湖街道办事处”？）"
    assert rows["完全不同的单位"]["名单"] == "不在名单中"
    assert rows["望湖街道办事处"]["状态"] == "未提交" and "可能已提交" in rows["望湖街道办事处"]["名单"]
    assert rows["君山街道办事处"]["状态"] == "未提交" and rows["君山街道办事处"]["名单"] is None
    assert "单位名称“望湖街道”不在名单中，名单上最接近的是“望湖街道办事处”" in r.stdout     # -v lists it


def test_compare_with_last_years_summary(tmp_path):
    a = workbook(tmp_path / "in" / "a.xlsx", "甲街道办事处")
    workbook(tmp_path / "in" / "b.xlsx", "乙街道办事处")
    last = openpyxl.Workbook()
    last.active.title = "汇总"
    last.active.append(["状态", "单位名称", "年度", "总分"])
    last.active.append(["已生成", "甲街道办事处", 2022, 95.5])
    last.active.append(["未生成：有错误", "乙街道办事处", 2022, 80])        # not final: not compared
    last.save(tmp_path / "上年.xlsx")
    r = run_cli("summary", str(tmp_path / "in"), "-o", str(tmp_path / "汇总.xlsx"), "--compare", str(tmp_path / "上年.xlsx"))
    assert r.exit_code == 0, r.output
    rows = {row["单位名称"]: row for row in sheet(tmp_path / "汇总.xlsx", "汇总")}
    assert build(a).total == Decimal("99.00")
    assert rows["甲街道办事处"]["上年总分"] == 95.5 and rows["甲街道办事处"]["变化"] == 3.5     # 99.00 − 95.50
    assert rows["乙街道办事处"]["上年总分"] is None and rows["乙街道办事处"]["变化"] is None


def test_a_roster_that_cannot_be_used_stops_the_command(tmp_path):
    (tmp_path / "名单.xlsx").write_bytes(b"nope")
    r = run_cli("summary", str(tmp_path), "-o", str(tmp_path / "汇总.xlsx"), "--roster", str(tmp_path / "名单.xlsx"))
    assert r.exit_code == 2 and "名单 名单.xlsx：错误" in r.output and not (tmp_path / "汇总.xlsx").exists()
    wb = openpyxl.Workbook()
    wb.active.append(["单位", "电话"])
    wb.save(tmp_path / "名单2.xlsx")
    r = run_cli("summary", str(tmp_path), "-o", str(tmp_path / "汇总.xlsx"), "--roster", str(tmp_path / "名单2.xlsx"))
    assert r.exit_code == 2 and "没有“单位名称”列标题" in r.output


def test_the_blank_roster_is_read_back(tmp_path):
    from jixiao.read.roster import ROSTER_COLUMNS, read_roster
    r = run_cli("template", "--roster", "-o", str(tmp_path / "名单.xlsx"))
    assert r.exit_code == 0 and "空白名单" in r.output
    ws = openpyxl.load_workbook(tmp_path / "名单.xlsx")["名单"]
    assert [c.value for c in ws[1]] == list(ROSTER_COLUMNS)
    ws.append(["甲街道办事处", None, "张三", "0731-1"])
    ws.append(["甲街道办事处 "])
    ws.parent.save(tmp_path / "名单.xlsx")
    units, msgs = read_roster(tmp_path / "名单.xlsx")
    assert [(u.name, u.contact, u.phone, u.where) for u in units] == [("甲街道办事处", "张三", "0731-1", "名单!A2")]
    assert [m.level for m in msgs] == ["警告"] and "出现了两次" in msgs[0].what


@pytest.mark.slow
def test_libreoffice_opens_a_feedback_file_and_the_summary(day, tmp_path):
    src = day["tmp"] / "反馈" / f"2023年度{BAD}_反馈.xlsx"
    for path in (src, day["tmp"] / "汇总.xlsx"):
        subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(path)],
                       check=True, capture_output=True, timeout=180)
    text = (tmp_path / src.with_suffix(".csv").name).read_text("utf-8")
    assert "未生成：有错误" in text and "绩效指标!G2" in text
    summary = (tmp_path / "汇总.csv").read_text("utf-8")
    assert summary.count("已生成（有警告）") == 26 and summary.count("未提交") == 2


@pytest.mark.slow
def test_the_command_line_does_not_import_openpyxl_until_it_writes_a_workbook():
    import sys
    code = "import sys, jixiao.cli.main; sys.exit('openpyxl' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
