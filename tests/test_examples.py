"""End to end: build each example workbook and assert on the text, the tables and the XML."""
from __future__ import annotations

import itertools
import re

import pytest
from click.testing import CliRunner

from jixiao.build import build
from jixiao.cli.main import main
from jixiao.read.workbook import read_workbook
from jixiao.render.report import chinese_number

from .conftest import EXAMPLES, built

UNITS = {"000": ("株洲市芦淞区贺家土街道办事处", 2023, "株洲2023"), "001": ("岳阳市岳阳楼区梅溪街道办事处", 2024, "岳阳2024"),
         "003": ("长沙市开福区月湖街道办事处", 2022, "长沙2022")}

# Each city's published report's outline, as its city asks for it: the first- and second-level
# headings, and the attachment titles in order. Where the clerk's own numbering broke in the seed
# ("3、" for 三、, a lost "五、" or "（二）") the number is written as it should have been.
SEED_OUTLINES = {
    "000": ["一、部门基本情况", "（一）部门职能职责", "（二）机构设置", "（三）人员情况",
            "二、一般公共预算支出情况", "（一）基本支出情况", "（二）项目支出情况",
            "三、政府性基金预算支出情况", "四、国有资本经营预算支出情况", "五、社会保险基金预算支出情况",
            "六、资金使用及绩效情况（包含单位管理的公共专项）", "（一）整体支出绩效情况", "（二）项目支出绩效情况",
            "七、存在的问题及原因分析", "八、下一步改进措施", "九、部门整体支出绩效自评结果拟应用和公开情况"],
    "001": ["一、单位基本情况", "（一）部门职责", "（二）内设机构设置",
            "二、一般公共预算支出情况", "（一）基本支出情况", "（二）项目支出情况",
            "三、政府性基金预算支出情况", "四、国有资本经营预算支出情况", "五、社会保险基金预算支出情况",
            "六、部门整体支出绩效情况", "七、存在的问题及原因分析", "八、下一步改进措施",
            "九、部门整体支出绩效自评结果拟应用和公开情况", "十、其他需要说明的情况"],
    "003": ["一、部门、单位基本情况", "（一）基本情况",
            "二、一般公共预算支出情况", "（一）基本支出情况", "（二）项目支出情况",
            "三、政府性基金预算支出情况", "四、国有资本经营预算支出情况", "五、社会保险基金预算支出情况",
            "六、部门整体支出绩效情况", "（一）绩效目标设置情况", "（二）绩效目标完成情况",
            "七、存在的主要问题及原因分析", "八、下一步改进措施", "九、绩效自评结果拟应用和公开情况",
            "十、其他需要说明的情况"],
}
# The document's order of parts: "report" is the report's first heading; each table its label.
SEED_PARTS = {
    "000": ["cover", "report", ("附件1", "2023年度部门（单位）整体支出绩效评价基础数据表"),
            ("附件2", "2023年度部门（单位）整体支出绩效自评表")],
    # 岳阳: the tables first, the report itself the last 附件 with its own cover. (The seed's 附件3
    # is an empty 项目支出绩效自评表: this unit has no project with indicators, so none is printed.)
    "001": [("附件1", "2024年度预算单位整体支出绩效评价基础数据表"), ("附件2", "2024年度预算单位整体支出绩效自评表"),
            ("附件3", None), "cover", "report"],
    # 长沙: no cover page; the report lists the tables as 附件2 onwards, printed after it
    "003": ["report", ("附件2", "2022年度部门（单位）整体支出绩效评价基础数据表"),
            ("附件3", "2022年度部门（单位）整体支出绩效自评表")],
}


def key_of(example) -> str:
    return next(k for k, v in EXAMPLES.items() if example.outcome.source == v.name)


def test_each_example_names_its_format(example):
    unit, year, name = UNITS[key_of(example)]
    assert example.outcome.format == name


def test_outline_reproduces_the_seed(example):
    key = key_of(example)
    headings = [p.text for p in example.paragraphs if p.style.style_id in ("Heading1", "Heading2")]
    assert headings == SEED_OUTLINES[key]


def test_parts_in_the_seed_order(example):
    key = key_of(example)
    parts = []
    paras = example.paragraphs
    for i, p in enumerate(paras):
        sid = p.style.style_id
        if sid == "GwCover" and "cover" not in parts:
            parts.append("cover")
        elif sid == "Heading1" and "report" not in parts:
            parts.append("report")
        elif sid == "GwAttachmentLabel":
            nxt = paras[i + 1]
            parts.append((p.text, nxt.text if nxt.style.style_id == "GwTableTitle" else None))
    assert parts == SEED_PARTS[key]


def test_title_on_cover_and_body(example):
    unit, year, name = UNITS[key_of(example)]
    title = f"{year}年度{unit}{'单位' if name == '岳阳2024' else ''}整体支出绩效自评报告"
    titles = example.styled("GwTitle")
    assert titles == ([title] if name == "长沙2022" else [title, title])
    assert example.outcome.filename == f"{title}.docx"
    if name != "长沙2022":
        assert f"部门（单位）名称：{unit}（盖章）" in example.texts
    else:
        assert example.texts[2:8] == [f"单位名称：{unit}", "报告填报人：张嘉怡", "办公电话：82550135",
                                      "手机号码：18817052678", "报告日期：2023年4月28日", "（预算单位盖章）"]
    assert example.doc.core_properties.title == title


def test_headings_numbered_without_gaps(example):
    seq = [(p.style.style_id, p.text) for p in example.paragraphs if p.style.style_id in ("Heading1", "Heading2")]
    n1 = n2 = 0
    for sid, text in seq:
        if sid == "Heading1":
            n1, n2 = n1 + 1, 0
            assert text.startswith(chinese_number(n1) + "、"), text
        else:
            n2 += 1
            assert text.startswith(f"（{chinese_number(n2)}）"), text
    assert not any(re.match(r"^\d+、", t) for t in example.texts)   # never "3、" for 三、


def test_no_empty_section(example):
    """Every heading is followed by text: a section with nothing reads 无。"""
    ps = [p for p in example.paragraphs if p.text.strip()]
    pairs = [(a, b) for a, b in zip(ps, ps[1:])
             if a.style.style_id == "Heading1" and not a.text.startswith(("一、", "二、", "六、"))]
    assert pairs
    for a, b in pairs:
        assert b.style.style_id not in ("Heading1",), f"{a.text} is empty"


def test_attachment_labels_match_the_list(example):
    key = key_of(example)
    labels = example.styled("GwAttachmentLabel")
    first = 2 if key == "003" else 1
    assert labels == [f"附件{n}" for n in range(first, first + len(labels))]
    titles = example.styled("GwTableTitle")
    assert len(example.forms) == len(titles)
    footers = [t for t in example.texts if t.startswith("填表人：")]
    assert len(footers) == len(titles)
    if key == "003":
        listed = [t for t in example.texts if "详见附件" in t]
        assert listed == [f"{title}　详见附件{n}" for n, title in enumerate(titles, start=2)]
    else:
        start = next(i for i, t in enumerate(example.texts) if t.startswith("附件："))
        listed = [example.texts[start]] + list(itertools.takewhile(lambda t: re.match(r"^\d+\.", t),
                                                                   example.texts[start + 1:]))
        assert listed == [f"{'附件：' if n == 1 else ''}{n}.{t}" for n, t in enumerate(titles, start=1)]


def test_hejiatu_figures():
    b = built("000")
    assert b.outcome.total is not None and f"{b.outcome.total:.2f}" == "99.00"
    assert b.outcome.grade == "优"
    basic = b.table_texts(b.tables[0])
    assert basic[1][1] == "34" and basic[1][3] == "32" and basic[1][5] == "94.12%"
    assert any("控制率94.12%" in t for t in b.texts)
    evaluation = b.form_texts(b.forms[1])
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
    evaluation = b.form_texts(b.forms[1])
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
        assert any(t.startswith(f"{n}．{p.name}") for t in b.texts), p.name     # 长沙: 1．2．
    basic = b.table_texts(b.tables[0])
    project_row = next(r for r in basic if r[0] == "项目支出")
    assert project_row[-1] == "2969.31"          # the blank parent is the sum of its children
    assert any(m.where == "资金情况!B12" and "2969.31" in m.what for m in b.outcome.messages)


@pytest.mark.parametrize("key", ["000", "001"])      # 003 has no 绩效指标 rows; no example has project indicators
def test_every_indicator_row_in_its_table(key):
    b = built(key)
    wb, _ = read_workbook(EXAMPLES[key])
    cells = {c for t in b.tables for row in t.rows for c in (x.text for x in row.cells)}
    assert wb.indicators
    for ind in wb.indicators:
        assert ind.name in cells and ind.target in cells
    for p in wb.projects:
        for ind in p.indicators:
            assert ind.name in cells


def test_indicator_levels_are_merged_cells():
    b = built("000")
    xml = "".join(t._tbl.xml for t in b.forms[1])
    assert xml.count('w:vMerge w:val="restart"') >= 8      # 一级 ×4, 二级 several, the side labels
    assert "产出指标\n" not in xml and "产出指标" in xml
    assert "（40分）" in xml


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
    assert "警告 资金情况!B15" in r.output
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    r = runner.invoke(main, ["check", str(bad)])
    assert r.exit_code == 1 and "不是 .xlsx 工作簿" in r.output
