"""End to end: build each example workbook and assert on the text, the tables and the XML."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from jixiao.build import build
from jixiao.cli import main
from jixiao.read import read_workbook
from jixiao.render import chinese_number

from .conftest import EXAMPLES, built

UNITS = {"000": ("株洲市芦淞区贺家土街道办事处", 2023), "001": ("岳阳市岳阳楼区梅溪街道办事处", 2024),
         "003": ("长沙市开福区月湖街道办事处", 2022)}


def test_title_on_cover_and_body(example):
    key = next(k for k, v in EXAMPLES.items() if example.outcome.source == v.name)
    unit, year = UNITS[key]
    titles = example.styled("GwTitle")
    assert titles[:2] == [f"{year}年度{unit}", "整体支出绩效自评报告"]
    assert titles[2:4] == titles[:2]           # repeated atop the body
    assert example.outcome.filename == f"{year}年度{unit}整体支出绩效自评报告.docx"
    assert f"部门（单位）名称：{unit}（盖章）" in example.texts
    assert example.doc.core_properties.title == f"{year}年度{unit}整体支出绩效自评报告"


def test_headings_numbered_without_gaps(example):
    h1 = example.styled("Heading1")
    assert [h.split("、")[0] for h in h1] == [chinese_number(n) for n in range(1, 11)]
    assert h1[0] == "一、部门（单位）基本情况"
    assert h1[5] == "六、部门整体支出绩效情况"
    assert h1[9] == "十、其他需要说明的情况"
    # second level restarts under each first-level heading
    seq = [(p.style.style_id, p.text) for p in example.paragraphs if p.style.style_id in ("Heading1", "Heading2")]
    n = 0
    for sid, text in seq:
        if sid == "Heading1":
            n = 0
        else:
            n += 1
            assert text.startswith(f"（{chinese_number(n)}）"), text
    assert not any(re.match(r"^\d+、", t) for t in example.texts)   # never "3、" for 三、


def test_no_empty_section(example):
    """Every heading is followed by text: a section with nothing reads 无。"""
    ps = [p for p in example.paragraphs if p.text.strip()]
    for a, b in zip(ps, ps[1:]):
        if a.style.style_id == "Heading1" and not a.text.startswith(("一、", "二、", "六、")):
            assert b.style.style_id not in ("Heading1",), f"{a.text} is empty"


def test_attachment_labels_match_the_list(example):
    labels = example.styled("GwAttachmentLabel")
    assert labels == [f"附件{n}" for n in range(1, len(labels) + 1)]
    titles = example.styled("GwTableTitle")
    listed = [t for t in example.texts if re.match(r"^(附件：|　　　)\d+\.", t)]
    assert [re.sub(r"^(附件：|　　　)\d+\.", "", t) for t in listed] == titles
    assert [int(re.search(r"(\d+)\.", t).group(1)) for t in listed] == list(range(1, len(titles) + 1))
    assert len(example.tables) == len(titles)
    footers = [t for t in example.texts if t.startswith("填表人：")]
    assert len(footers) == len(titles)


def test_hejiatu_figures():
    b = built("000")
    assert b.outcome.total is not None and f"{b.outcome.total:.2f}" == "99.00"
    assert b.outcome.grade == "优"
    basic = b.table_texts(b.tables[0])
    assert basic[1][1] == "34" and basic[1][3] == "32" and basic[1][5] == "94.12%"
    assert any("控制率94.12%" in t for t in b.texts)
    evaluation = b.table_texts(b.tables[1])
    total = next(r for r in evaluation if r[0] == "总分")
    assert total[-3:] == ["100.00", "99.00", "等级：优"]
    assert ["年度资金总额", "年度资金总额", "507.83", "1890.40", "1890.40", "10.00", "100.00%", "10.00"] == \
        next(r for r in evaluation if r[1] == "年度资金总额")[1:]
    # 六（二）: the project sentence with 年中调增 and 结余结转 computed
    assert any("年初预算0.00万元，年中调增15.00万元，全年预算15.00万元，实际支出0.43万元，结余结转14.57万元" in t
               for t in b.texts)
    # the clerk's own figures are kept, and the checks said so
    assert any("基本支出1506.96万元" in t for t in b.texts)
    assert any("人员经费592.71万元＋公用经费914.24万元" in m.what for m in b.outcome.messages)


def test_meixi_figures():
    b = built("001")
    assert f"{b.outcome.total:.2f}" == "94.87"
    evaluation = b.table_texts(b.tables[1])
    budget = next(r for r in evaluation if r[1] == "年度资金总额")
    assert budget[3:] == ["2402.15", "3911.21", "1902.68", "10.00", "48.65%", "4.87"]
    assert any("预算执行率48.65%，预算执行得分4.87分" in t for t in b.texts)
    assert any("自评总分94.87分，等级为“优”" in t for t in b.texts)
    assert any(m.what.startswith("执行率48.65%") and m.where == "资金情况!B4" for m in b.outcome.messages)


def test_yuehu_projects_and_basic_rows():
    b = built("003")
    wb, _ = read_workbook(EXAMPLES["003"])
    # every project has its paragraph in 六（二）, numbered
    for n, p in enumerate(wb.projects, start=1):
        assert any(t.startswith(f"{n}.{p.name}") for t in b.texts), p.name
    basic = b.table_texts(b.tables[0])
    project_row = next(r for r in basic if r[0] == "项目支出")
    assert project_row[-1] == "2969.31"          # the blank parent is the sum of its children
    assert any(m.where == "资金情况!B12" and "2969.31" in m.what for m in b.outcome.messages)


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_every_indicator_row_in_its_table(key):
    b = built(key)
    wb, _ = read_workbook(EXAMPLES[key])
    cells = {c for t in b.tables for row in t.rows for c in (x.text for x in row.cells)}
    for ind in wb.indicators:
        assert ind.name in cells and ind.target in cells
    for p in wb.projects:
        for ind in p.indicators:
            assert ind.name in cells


def test_indicator_levels_are_merged_cells():
    b = built("000")
    xml = b.tables[1]._tbl.xml
    assert xml.count('w:vMerge w:val="restart"') >= 8      # 一级 ×4, 二级 several, the side labels
    assert "产出指标\n" not in xml and "产出指标" in xml
    assert "（40分）" in b.tables[1]._tbl.xml


def test_same_bytes_every_time():
    a = build(EXAMPLES["001"]).data
    assert a == build(EXAMPLES["001"]).data


def test_cli_build_writes_report_and_says_what_changed(tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["build", str(EXAMPLES["000"]), "-o", str(tmp_path)])
    assert r.exit_code == 0, r.output
    target = tmp_path / "2023年度株洲市芦淞区贺家土街道办事处整体支出绩效自评报告.docx"
    assert target.is_file() and "新生成" in r.output
    r = runner.invoke(main, ["build", str(EXAMPLES["000"]), "-o", str(tmp_path)])
    assert "内容无变化" in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_cli_check_exit_codes(tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["check", *map(str, EXAMPLES.values())])
    assert r.exit_code == 0, r.output          # the examples carry warnings, not errors
    assert "警告 资金情况!B14" in r.output
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    r = runner.invoke(main, ["check", str(bad)])
    assert r.exit_code == 1 and "不是 .xlsx 工作簿" in r.output
