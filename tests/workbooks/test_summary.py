"""summary.py and `jixiao summary`: a workbook a bureau sorts and filters."""
from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import jixiao.workbooks.summary
from jixiao.build import Outcome, build
from jixiao.cli.console import display_width
from jixiao.cli.main import main
from jixiao.messages import MAX_MESSAGES, error
from jixiao.workbooks.summary import BANDS, SummaryRow, is_summary, level_names, summary_workbook

from ..conftest import EXAMPLES


def invoke(*args: str):
    r = CliRunner().invoke(main, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    return r


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, object, Path]:
    tmp = tmp_path_factory.mktemp("summary")
    (tmp / "坏.xlsx").write_text("not a workbook")
    target = tmp / "汇总" / "汇总.xlsx"
    r = invoke("summary", *map(str, EXAMPLES.values()), str(tmp / "坏.xlsx"), "-o", str(target))
    return target, r, tmp


def summary_row(shown: str, out: Outcome, failed: bool | None = None) -> SummaryRow:
    """A workbook's line in the summary, as the command line makes it of a result."""
    failed = not out.ok if failed is None else failed
    return SummaryRow(shown, out, failed, errors=sum(m.is_error for m in out.messages),
                      warnings=sum(m.level == "警告" for m in out.messages),
                      status="未生成：有错误" if failed else "已生成", report="" if failed else out.filename,
                      unit=out.unit, year=out.year)


def sheet_rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_summary_sheet_one_row_per_workbook(made):
    target, r, tmp = made
    assert r.exit_code == 1                                 # one workbook has errors
    assert f"汇总表 → {target}（4 个工作簿，其中 1 个有错误）" in r.stdout
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["汇总", "问题清单", "分数分布"]
    ws = wb["汇总"]
    header, *rows = sheet_rows(ws)
    names = level_names([summary_row("", build(p)) for p in EXAMPLES.values()])
    assert names[0] == "预算执行率"
    assert header == (["状态", "单位名称", "年度", "报告格式", "全年预算数（万元）", "全年执行数（万元）", "执行率"]
                      + [f"{n}得分" for n in names] + ["总分", "等级", "错误数", "警告数", "报告文件", "工作簿",
                                                      "主管部门", "填表人", "联系电话", "单位负责人"])
    assert len(rows) == 4
    expected = build(EXAMPLES["000"])
    first = dict(zip(header, rows[0]))
    assert first["状态"] == "可生成（有警告）" and first["填表人"] and first["联系电话"]
    assert first["单位名称"] == expected.unit and first["年度"] == 2023 and first["报告格式"] == expected.format
    assert Decimal(str(first["全年预算数（万元）"])) == expected.budget
    assert Decimal(str(first["执行率"])) == expected.rate
    assert Decimal(str(first["总分"])) == expected.total and first["等级"] == expected.grade
    assert first["错误数"] == 0 and first["警告数"] == sum(m.level == "警告" for m in expected.messages)
    assert first["报告文件"] is None and first["工作簿"] == str(EXAMPLES["000"])   # summary writes no report
    last = dict(zip(header, rows[-1]))
    assert last["工作簿"].endswith("坏.xlsx") and last["错误数"] == 1 and last["总分"] is None
    assert last["状态"] == "无法读取" and last["单位名称"] is None


def test_numbers_are_numbers_with_formats_and_the_sheet_sorts_and_filters(made):
    target, _, _ = made
    ws = openpyxl.load_workbook(target)["汇总"]
    header = [c.value for c in ws[1]]
    col = {name: i + 1 for i, name in enumerate(header)}
    for name, fmt_ in (("全年预算数（万元）", "0.00"), ("全年执行数（万元）", "0.00"), ("执行率", "0.00%"),
                       ("总分", "0.00"), ("预算执行率得分", "0.00"), ("年度", "0"), ("错误数", "0")):
        cell = ws.cell(2, col[name])
        assert cell.data_type == "n" and cell.number_format == fmt_, name
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("DDEBF7") for c in ws[1])
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}5"
    unit_width = ws.column_dimensions["B"].width
    assert unit_width >= max(display_width(ws.cell(r, 2).value or "") for r in range(1, 6))
    assert unit_width <= 52


def test_every_message_with_its_workbook_and_cell(made):
    target, _, _ = made
    ws = openpyxl.load_workbook(target)["问题清单"]
    header, *rows = sheet_rows(ws)
    assert header == ["级别", "单位名称", "状态", "位置", "问题", "处理办法", "工作簿"]
    expected = sum(len(build(p).messages) for p in EXAMPLES.values()) + 1
    assert len(rows) == expected
    warned = build(EXAMPLES["000"]).messages[0]
    assert [warned.level, "株洲市芦淞区贺家土街道办事处", "可生成（有警告）", warned.where] in [r[:4] for r in rows]
    assert rows[0][0] == "错误" and rows[0][6].endswith("坏.xlsx") and rows[0][1].endswith("坏.xlsx")
    levels = [r[0] for r in rows]                        # errors, then warnings, then 提示
    assert levels == sorted(levels, key=["错误", "警告", "提示"].index) and "警告" in levels
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:G{expected + 1}"


def test_score_distribution_chart(made):
    target, _, _ = made
    ws = openpyxl.load_workbook(target)["分数分布"]
    header, *rows = sheet_rows(ws)
    assert header == ["总分", "单位数"] and [r[0] for r in rows[:len(BANDS)]] == [b[2] for b in BANDS]
    scored = [build(p).total for p in EXAMPLES.values()]
    assert sum(r[1] for r in rows[:len(BANDS)]) == sum(t is not None for t in scored)
    assert rows[len(BANDS)] == ["无总分", 4 - sum(t is not None for t in scored)]
    statuses = {r[0]: r[1] for r in rows[len(BANDS) + 3:]}
    assert statuses == {"可生成（有警告）": 3, "无法读取": 1, "合计": 4}
    names = zipfile.ZipFile(target).namelist()
    assert any(n.startswith("xl/charts/chart") for n in names)
    chart = zipfile.ZipFile(target).read([n for n in names if n.startswith("xl/charts/chart")][0]).decode()
    assert "barChart" in chart and "'分数分布'!$B$2:$B$7" in chart


def test_same_results_same_bytes(tmp_path, monkeypatch):
    import datetime
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    invoke("summary", *map(str, EXAMPLES.values()), "-o", str(a))

    class Later(datetime.datetime):                    # saved at another time
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz)
    monkeypatch.setattr(datetime, "datetime", Later)
    invoke("summary", *map(str, EXAMPLES.values()), "-o", str(b), "-j", "2")
    assert a.read_bytes() == b.read_bytes()
    assert b"2000-01-01T00:00:00Z</dcterms:modified>" in zipfile.ZipFile(b).read("docProps/core.xml")


def test_text_from_a_workbook_is_never_a_formula():
    out = Outcome("x.xlsx", [error("基本信息!B2", "=HYPERLINK(\"http://x\",\"点我\")\x01", "=1+1")],
                  unit="=cmd|' /C calc'!A0", year=2023, levels=[("产出指标", Decimal("40"))])
    res = summary_row("=x.xlsx", out, failed=True)
    import io
    wb = openpyxl.load_workbook(io.BytesIO(summary_workbook([res])))
    assert wb["汇总"]["B2"].value == "=cmd|' /C calc'!A0" and wb["汇总"]["B2"].data_type == "s"
    assert wb["问题清单"]["E2"].value == "=HYPERLINK(\"http://x\",\"点我\")"
    assert all(c.data_type != "f" for row in wb["问题清单"].iter_rows() for c in row)


def test_level_columns_union_in_first_appearance_order():
    a = summary_row("a", Outcome("a", levels=[("预算执行率", Decimal(10)), ("产出指标", Decimal(40))]))
    b = summary_row("b", Outcome("b", levels=[("预算执行率", Decimal(9)), ("效益指标", Decimal(30)), ("产出指标", None)]))
    assert level_names([a, b]) == ["预算执行率", "产出指标", "效益指标"]


def test_summary_target_must_be_an_xlsx_file(tmp_path):
    r = invoke("summary", str(EXAMPLES["000"]), "-o", str(tmp_path / "汇总.csv"))
    assert r.exit_code == 2 and r.output.startswith("错误 汇总表文件名应以 .xlsx 结尾")
    r = invoke("summary", str(EXAMPLES["000"]), "-o", str(tmp_path))
    assert r.exit_code == 2 and r.output.startswith("错误 汇总表文件名应以 .xlsx 结尾")
    (tmp_path / "d.xlsx").mkdir()
    r = invoke("summary", str(EXAMPLES["000"]), "-o", str(tmp_path / "d.xlsx"))
    assert r.exit_code == 2 and "是文件夹" in r.output


def test_a_read_only_summary_is_not_replaced(tmp_path):
    target = tmp_path / "汇总.xlsx"
    assert invoke("summary", str(EXAMPLES["000"]), "-o", str(target)).exit_code == 0
    old = target.read_bytes()
    target.chmod(0o444)
    r = invoke("summary", str(EXAMPLES["001"]), "-o", str(target))
    assert r.exit_code == 2 and "原汇总表 汇总.xlsx 是只读文件" in r.output
    assert target.read_bytes() == old


def test_build_writes_the_summary_of_its_run(tmp_path):
    r = invoke("build", *map(str, EXAMPLES.values()), "-o", str(tmp_path / "out"),
               "--summary", str(tmp_path / "汇总.xlsx"))
    assert r.exit_code == 0, r.output
    rows = sheet_rows(openpyxl.load_workbook(tmp_path / "汇总.xlsx")["汇总"])
    col = rows[0].index("报告文件")
    assert len(rows) == 4 and {r[col] for r in rows[1:]} == {p.name for p in (tmp_path / "out").iterdir()}
    assert {r[0] for r in rows[1:]} == {"已生成（有警告）"}


def test_a_previous_summary_in_the_folder_is_not_read_as_a_workbook(tmp_path):
    folder = tmp_path / "各单位"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(EXAMPLES["000"].read_bytes())
    for _ in range(2):
        r = invoke("summary", str(folder), "-o", str(folder / "汇总.xlsx"))
        assert r.exit_code == 0 and "（1 个工作簿）" in r.stdout, r.output


# ---------------------------------------------------------------- never over a workbook

def copies(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, src in zip(names, EXAMPLES.values()):
        (folder / name).write_bytes(src.read_bytes())
    return [folder / n for n in names]


@pytest.mark.parametrize("command", ["summary", "build"])
def test_the_summary_never_overwrites_a_workbook_it_reads(tmp_path, command):
    """`summary a.xlsx b.xlsx -o a.xlsx`, `summary folder -o folder/b.xlsx`, `build --summary`:
    the target is one of the inputs — refused (even with --force), nothing read or written."""
    a, b = copies(tmp_path / "各单位", "a.xlsx", "b.xlsx")
    before = {p: p.read_bytes() for p in (a, b)}
    option = "-o" if command == "summary" else "--summary"
    extra = [] if command == "summary" else ["-o", str(tmp_path / "out")]
    for inputs, target in (([a, b], a), ([tmp_path / "各单位"], b), ([a, tmp_path / "各单位"], b)):
        for force in ([], ["--force"]):
            r = invoke(command, *map(str, inputs), option, str(target), *extra, *force)
            assert r.exit_code == 2, r.output
            assert r.output.startswith(f"错误 汇总表文件 {target} 是本次读入的工作簿之一（"), r.output
            assert f"没有覆盖它。请用 {option} 换一个汇总表文件名。" in r.output
            assert {p: p.read_bytes() for p in (a, b)} == before
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


@pytest.mark.parametrize("command", ["summary", "build"])
def test_the_summary_never_overwrites_the_roster_or_last_years_summary(tmp_path, command):
    """`--compare 2023汇总.xlsx --summary 2023汇总.xlsx` (a typo: last year's summary is a jixiao
    summary, so it used to be replaced without --force) and `--roster 名单.xlsx --summary 名单.xlsx
    --force`: both are workbooks the run reads — refused, left as they were."""
    a = copies(tmp_path / "各单位", "a.xlsx")[0]
    last = tmp_path / "2023汇总.xlsx"
    assert invoke("summary", str(a), "-o", str(last)).exit_code == 0
    names = tmp_path / "名单.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["单位名称"])
    wb.active.append(["株洲市芦淞区贺家土街道办事处"])
    wb.save(names)
    before = {p: p.read_bytes() for p in (last, names)}
    option = "-o" if command == "summary" else "--summary"
    extra = [] if command == "summary" else ["-o", str(tmp_path / "out")]
    for given, target in ((["--compare", str(last)], last), (["--roster", str(names), "--force"], names)):
        r = invoke(command, str(a), option, str(target), *extra, *given)
        assert r.exit_code == 2, r.output
        assert f"汇总表文件 {target} 是本次读入的工作簿之一（{given[0]} {target}）" in r.output
    assert {p: p.read_bytes() for p in (last, names)} == before


def test_a_feedback_file_never_overwrites_the_roster(tmp_path):
    """--feedback into the roster's folder, the roster named as a unit's feedback file would be."""
    a = copies(tmp_path / "各单位", "a.xlsx")[0]
    names = tmp_path / "反馈" / "2023年度株洲市芦淞区贺家土街道办事处_反馈.xlsx"
    names.parent.mkdir()
    wb = openpyxl.Workbook()
    wb.active.append(["单位名称"])
    wb.active.append(["株洲市芦淞区贺家土街道办事处"])
    wb.save(names)
    before = names.read_bytes()
    r = invoke("summary", str(a), "-o", str(tmp_path / "汇总.xlsx"), "--roster", str(names),
               "--feedback", str(names.parent))
    assert names.read_bytes() == before, r.output
    assert r.exit_code == 1 and "是读入的工作簿之一，没有覆盖它" in r.output


def test_the_summary_overwrites_another_file_only_with_force(tmp_path):
    target = tmp_path / "别人的表.xlsx"
    target.write_bytes(EXAMPLES["003"].read_bytes())       # a workbook, not one of the inputs
    r = invoke("summary", str(EXAMPLES["000"]), "-o", str(target))
    assert r.exit_code == 2 and r.output.strip() == (
        f"错误 {target} 已存在，但不是 jixiao 写的汇总表，没有覆盖。请用 -o 换一个文件名；确实要覆盖它，请加 --force。")
    assert target.read_bytes() == EXAMPLES["003"].read_bytes()
    r = invoke("summary", str(EXAMPLES["000"]), "-o", str(target), "--force")
    assert r.exit_code == 0 and is_summary(target)
    r = invoke("summary", str(EXAMPLES["001"]), "-o", str(target))        # now it is a summary
    assert r.exit_code == 0 and is_summary(target)
    r = invoke("build", str(EXAMPLES["000"]), "-o", str(tmp_path / "out"), "--summary", str(target))
    assert r.exit_code == 0


def test_is_summary_by_its_sheets(tmp_path, made):
    target, _, _ = made
    assert is_summary(target)
    for name, data in (("wb.xlsx", EXAMPLES["000"].read_bytes()), ("x.xlsx", b"not a zip"), ("e.xlsx", b"")):
        (tmp_path / name).write_bytes(data)
        assert not is_summary(tmp_path / name)
    wb = openpyxl.Workbook()
    wb.active.title = "汇总"
    wb.save(tmp_path / "one.xlsx")                       # a sheet called 汇总 alone is not enough
    assert not is_summary(tmp_path / "one.xlsx")
    assert not is_summary(tmp_path / "none.xlsx")


# ---------------------------------------------------------------- many messages

def test_the_message_sheet_is_capped_with_a_note(monkeypatch):
    monkeypatch.setattr(jixiao.workbooks.summary, "MAX_MESSAGE_ROWS", 5)
    results = [summary_row(f"{i}.xlsx", Outcome(f"{i}.xlsx", [error(f"绩效指标!G{j}", "得分超过分值") for j in range(2, 6)]),
                   failed=True) for i in range(3)]
    rows = sheet_rows(openpyxl.load_workbook(io.BytesIO(summary_workbook(results)))["问题清单"])
    assert len(rows) == 1 + 5 + 1
    assert rows[-1][0] == "提示" and rows[-1][4] == "另有7条问题未列入本表（本表最多 5 行）"


def test_messages_errors_first_then_warnings_then_hints_which_may_be_left_out():
    from jixiao.messages import note, warning
    a = summary_row("a.xlsx", Outcome("a.xlsx", [note("x!A1", "提示一"), warning("x!A2", "警告一")], unit="甲"))
    b = summary_row("b.xlsx", Outcome("b.xlsx", [note("x!A3", "提示二"), error("x!A4", "错误一")], unit="乙"))
    rows = sheet_rows(openpyxl.load_workbook(io.BytesIO(summary_workbook([a, b])))["问题清单"])[1:]
    assert [(r[0], r[1], r[4]) for r in rows] == [("错误", "乙", "错误一"), ("警告", "甲", "警告一"),
                                                  ("提示", "甲", "提示一"), ("提示", "乙", "提示二")]
    rows = sheet_rows(openpyxl.load_workbook(io.BytesIO(summary_workbook([a, b], include_hints=False)))["问题清单"])
    assert [r[4] for r in rows[1:]] == ["错误一", "警告一"]


@pytest.mark.slow
def test_a_folder_of_workbooks_broken_in_every_row(tmp_path):
    """Workbooks with thousands of messages each: each keeps MAX_MESSAGES and says how many more;
    the summary is written."""
    wb = openpyxl.load_workbook(EXAMPLES["000"])
    for i in range(MAX_MESSAGES + 100):                  # each row: 得分 above 分值, and more
        wb["绩效指标"].append(["产出指标", "数量指标", f"指标{i}", "≥1个", "1个", 5, 999, None])
    (tmp_path / "in").mkdir()
    for i in range(3):
        wb.save(tmp_path / "in" / f"{i}.xlsx")
    target = tmp_path / "汇总.xlsx"
    r = invoke("summary", str(tmp_path / "in"), "-o", str(target))
    assert r.exit_code == 1 and "汇总表 → " in r.output, r.output
    rows = sheet_rows(openpyxl.load_workbook(target)["问题清单"])
    assert len(rows) == 1 + 3 * (MAX_MESSAGES + 1 + 1)      # the three copies are also duplicates
    more = [r for r in rows if str(r[4]).startswith("另有")]
    assert len(more) == 3 and all(r[0] == "错误" and "条问题未列出（错误 101 条，警告 " in r[4] for r in more)
    assert sum("同一单位、同一年度" in r[4] for r in rows[1:]) == 3
    r = invoke("check", str(tmp_path / "in" / "0.xlsx"))
    lines = r.output.splitlines()
    assert len(lines) == MAX_MESSAGES + 2 and lines[-2].startswith("错误 另有")


def test_capped_messages_keep_errors_first_and_end_at_the_gravest_level_left_out():
    from jixiao.messages import cap_messages, note, sort_messages, warning
    msgs = ([note(f"绩效指标!A{i}", "提示") for i in range(2, 6)] + [warning(f"绩效指标!B{i}", "警告") for i in range(2, 6)]
            + [error(f"绩效指标!C{i}", "错误") for i in range(2, 4)])
    kept = cap_messages(sort_messages(msgs, limit=100), limit=5)
    assert [m.level for m in kept] == ["警告", "错误", "警告", "错误", "警告", "警告"]      # sheet order kept
    assert str(kept[-1]) == "警告 另有5条问题未列出（警告 1 条，提示 4 条） 只列出了前 5 条；请先改正上面列出的问题，再检查一次。"
    kept = cap_messages(sort_messages(msgs, limit=100), limit=1)
    assert kept[-1].level == "错误" and not Outcome("x", kept).ok
    assert cap_messages(msgs, limit=len(msgs)) == msgs
