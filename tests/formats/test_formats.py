"""What a format a bureau writes does to a real build (a shipped format extended, a city's own
outline, a broken template reported by check), and the helpers the other format tests use."""
from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner

from jixiao.build import build
from jixiao.cli.main import main
from jixiao.formats.search import FORMAT_FILE

from ..conftest import EXAMPLES, plain


def make_format(root: Path, name: str, toml: str = "", **templates: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / FORMAT_FILE).write_text(toml, "utf-8")
    for fname, text in templates.items():
        (folder / fname.replace("__", ".")).write_text(text, "utf-8")
    return folder


def with_format(src: Path, folder: Path, name: str, project_indicators: list[tuple] = ()) -> Path:
    """A copy of an example workbook whose 报告模板 names `name` (and with more 项目绩效指标 rows)."""
    wb = openpyxl.load_workbook(src)
    ws = wb["基本信息"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "报告模板")
    ws.cell(row, 2).value = name
    for values in project_indicators:
        wb["项目绩效指标"].append(list(values))
    path = folder / src.name
    wb.save(path)
    return path


def paragraphs_and_cells(data: bytes) -> list[str]:
    d = docx.Document(io.BytesIO(data))
    return [plain(p) for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]


# ---------------------------------------------------------------- a bureau adapts a format

def test_extending_a_shipped_format_and_changing_one_title_changes_exactly_that(tmp_path):
    make_format(tmp_path / "formats", "芦淞2024", 'extends = "株洲2023"\n'
                '[attachments.basic]\ntitle = "{year}年度芦淞区部门整体支出绩效评价基础数据表"\n')
    wb = with_format(EXAMPLES["000"], tmp_path, "芦淞2024")
    mine = build(wb, (tmp_path / "formats",))
    theirs = build(EXAMPLES["000"])
    assert mine.ok and mine.format == "芦淞2024"
    a, b = paragraphs_and_cells(theirs.data), paragraphs_and_cells(mine.data)
    changed = [(x, y) for x, y in zip(a, b) if x != y]
    old, new = "2023年度部门（单位）整体支出绩效评价基础数据表", "2023年度芦淞区部门整体支出绩效评价基础数据表"
    assert len(a) == len(b)
    assert changed == [(f"附件：1.{old}", f"附件：1.{new}"), (old, new)]     # the 附件 list and the table title


def test_a_five_section_city_without_basic_table(tmp_path):
    """A city not among the examples: five sections, the project tables first scoring each funding
    source, no 基础数据表, the budget line outside 总分 — with data files only."""
    make_format(tmp_path, "某市2025", '''
description = "五段式"
[report]
title = "{unit}{year}年度部门整体支出绩效自评报告"
[parts]
attachments = ["project", "evaluation"]
[scoring]
budget_in_total = false
total = 90
[project]
source_weights = { "当年财政拨款" = 4, "上年结转资金" = 4, "其他资金" = 2 }
[attachments.project]
title = "{year}年度专项资金绩效自评表（{project}）"
''', report__txt__j2='''{% import "macros.j2" as m with context %}
@title
# 基本情况
{{ m.clerk("职能职责") }}
# 资金使用情况
{{ m.general_budget() }}
# 绩效情况
{{ m.overall() }}
# 问题和措施
{{ m.clerk("存在的问题及原因分析") }}
{{ m.clerk("下一步改进措施", empty="") }}
# 其他
{{ m.clerk("其他需要说明的情况") }}
{{ m.annex_list() }}
''')
    wb = with_format(EXAMPLES["000"], tmp_path, "某市2025", [
        ("国有企业退休人员社会化管理服务补助资金", "产出指标", "数量指标", "服务人数", "100人", "100人", 90, 90)])
    out = build(wb, (tmp_path,))
    assert out.data is not None, [str(m) for m in out.messages if m.is_error]
    texts = paragraphs_and_cells(out.data)
    assert "株洲市芦淞区贺家土街道办事处2023年度部门整体支出绩效自评报告" in texts
    assert [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")] == [
        "一、基本情况", "二、资金使用情况", "三、绩效情况", "四、问题和措施", "五、其他"]
    assert not any("基础数据表" in t for t in texts)
    # the 专项资金 table comes first and scores each source: 上年结转资金 0.43 of 15 → 4 × 2.87%;
    # 当年财政拨款 and 其他资金 had no money here → their full 4 and 2
    d = docx.Document(io.BytesIO(out.data))
    assert "2023年度专项资金绩效自评表（国有企业退休人员社会化管理服务补助资金）" in texts
    rows = {r.cells[1].text: [c.text for c in r.cells][-6:] for r in d.tables[0].rows}
    assert rows["其中：当年财政拨款"] == ["", "", "", "4.00", "", "4.00"]
    assert rows["上年结转资金"] == ["0.00", "15.00", "0.43", "4.00", "2.87%", "0.11"]
    assert rows["其他资金"] == ["", "", "", "2.00", "", "2.00"]
    assert rows["年度资金总额"] == ["0.00", "15.00", "0.43", "10.00", "2.87%", "6.11"]
    assert out.total is not None and out.total == sum(s for n, s in out.levels[1:])   # budget line outside
    # the clerk's 机构设置/人员情况 paragraphs have no place in this outline: the clerk is told
    assert any("没有“机构设置”一节" in m.what for m in out.messages)


def test_check_reports_a_broken_template_too(tmp_path):
    make_format(tmp_path / "formats", "坏格式", "", report__txt__j2="{{ nope.x }}")
    wb = with_format(EXAMPLES["000"], tmp_path, "坏格式")
    r = CliRunner().invoke(main, ["check", str(wb), "--formats", str(tmp_path / "formats")])
    assert r.exit_code == 1 and "report.txt.j2:1" in r.output


def test_formats_option_must_be_a_folder(tmp_path):
    r = CliRunner().invoke(main, ["build", str(EXAMPLES["000"]), "-o", str(tmp_path), "--formats", str(tmp_path / "nope")])
    assert r.exit_code == 2 and "不是文件夹" in r.output


def test_unknown_format_in_the_workbook_points_at_the_cell(tmp_path):
    wb = with_format(EXAMPLES["000"], tmp_path, "株洲2033")
    out = build(wb)
    (m,) = [m for m in out.messages if m.is_error]
    assert m.where == "基本信息!B5" and "“株洲2033”不存在" in m.what and "株洲2023" in m.todo
