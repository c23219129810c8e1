"""The table controls a format sets (docs/formats.md 3.3, 3.7, 3.10, 3.12): hidden empty rows and
never a bare heading line, number display per column kind, the grade shown or not, the report's
own 附件N label, and label prefixes never doubled. Expected texts worked out by hand."""
from decimal import Decimal as D

from jixiao.fmt import styled, styled_pct
from jixiao.model import FundLine
from jixiao.render.forms import evaluation_table, project_table
from jixiao.render.report import render
from jixiao.score.figures import compute

from ..conftest import fmt
from .test_forms import workbook


def texts(table):
    rows = [[c.text for c in r.cells] for r in table.rows]
    if table.continued is not None:
        rows += [[c.text for c in r.cells] for r in table.continued.rows]
    return rows


def flat(table) -> list[str]:
    return [t for row in texts(table) for t in row]


def test_number_styles_by_hand():
    assert [styled(D("86"), s) for s in ("0.00", "0.0", "0", "whole")] == ["86.00", "86.0", "86", "86"]
    assert [styled(D("8.5"), s) for s in ("0.00", "0.0", "0", "whole")] == ["8.50", "8.5", "9", "8.50"]
    assert styled(D("-0.004"), "0") == "0" and styled(None, "whole") == ""
    assert styled_pct(D("1.48"), "0") == "148%" and styled_pct(D("0.4865"), "0.0") == "48.7%"


def test_evaluation_hides_empty_income_rows_and_never_a_bare_heading():
    wb = workbook()
    fig = compute(wb)
    shown = flat(evaluation_table(wb, fig, fmt()))
    assert any(t.startswith("　　　政府性基金拨款：") for t in shown)         # the official form: every row
    hidden = flat(evaluation_table(wb, fig, fmt(attachments__evaluation__hide_empty=True)))
    assert "其中：一般公共预算：1500.00" in hidden and "　　　其他资金：402.68" in hidden
    assert not any("政府性基金拨款" in t or "纳入专户管理" in t for t in hidden)
    # no income and no spending at all: no 按收入性质分 line, not a bare one
    for key in [k for k in wb.funds.lines if k.startswith(("收入：", "支出："))]:
        del wb.funds.lines[key]
    bare = flat(evaluation_table(wb, compute(wb), fmt(attachments__evaluation__hide_empty=True)))
    assert bare and not any(t.startswith(("按收入性质分", "按支出性质分")) for t in bare)


def test_project_hides_empty_sources_and_keeps_one_prefix():
    wb = workbook()
    wb.projects[0].funds = [f for f in wb.projects[0].funds if f.source == "其他资金"]
    fm = fmt(attachments__project__hide_empty=True, attachments__project__labels={"其他资金": "其中：其他来源"})
    pf = compute(wb, fm.scoring).projects[0]
    rows = texts(project_table(wb, pf, fm))
    labels = [r[0] for r in rows]
    assert "其中：其他来源" in labels                                    # not 其中：其中：其他来源
    assert not any("当年财政拨款" in x or "上年结转资金" in x for x in labels)
    assert not any("其中：其中：" in t for r in rows for t in r)


def test_prefix_and_colon_never_doubled_in_the_evaluation_table():
    wb = workbook()
    fm = fmt(attachments__evaluation__labels={"一般公共预算": "其中：财政拨款：", "等级": "等级："})
    shown = flat(evaluation_table(wb, compute(wb), fm))
    assert "其中：财政拨款：1500.00" in shown
    assert not any("其中：其中：" in t or "：：" in t for t in shown)


def test_whole_numbers_in_tables_and_text():
    wb = workbook()
    fm = fmt(numbers__weight="whole", numbers__score="whole")
    fig = compute(wb, fm.scoring)
    rows = texts(evaluation_table(wb, fig, fm))
    total = next(r for r in rows if r[0] == "总分")
    # 10 × 48.65% = 4.865 → 4.87; the indicators 10+10+30+20+18 = 88; 总分 92.87 stays two decimals
    assert total[1:3] == ["100", "92.87"]
    assert ["党员活动次数", "6次", "6次", "10", "10", ""] == next(r for r in rows if "党员活动次数" in r)[-6:]
    report = render(wb, fig, fm)
    body = "\n".join(p.text for s in report.sections for p in s.blocks if hasattr(p, "text"))
    assert "得分88分（分值90分）" not in body      # per level: 产出 50 → "得分50分（分值50分）"
    assert "产出指标得分50分（分值50分）" in body and "自评总分92.87分" in body


def test_grade_hidden_everywhere():
    wb = workbook()
    fm = fmt(scoring__show_grade=False)
    fig = compute(wb, fm.scoring)
    total = next(r for r in texts(evaluation_table(wb, fig, fm)) if r[0] == "总分")
    assert total[-1] == ""
    body = "\n".join(p.text for s in render(wb, fig, fm).sections for p in s.blocks if hasattr(p, "text"))
    assert "自评总分92.87分。" in body and "等级" not in body
    shown = next(r for r in texts(evaluation_table(wb, fig, fmt())) if r[0] == "总分")
    assert shown[-1] == "等级：优"


def test_report_label_off_in_tables_first_order():
    wb = workbook()
    with_label = render(wb, compute(wb), fmt("岳阳2024"))
    without = render(wb, compute(wb), fmt("岳阳2024", parts__report_label=False, parts__cover=False))
    labels = lambda r: [b.text for s in r.sections for b in s.blocks  # noqa: E731
                        if getattr(b, "kind", "") == "attachment-label"]
    assert labels(with_label)[-1] == f"附件{len(labels(with_label))}"
    assert len(labels(without)) == len(labels(with_label)) - 1
    assert without.sections[-1].blocks[0].kind == "title"


def test_unit_short_in_title_and_file_name():
    from jixiao.render.report import report_filename
    wb = workbook()
    wb.info.unit_short = "测试街道"
    fm = fmt(report__title="{year}年度{unit_short}绩效评价报告", report__file_name="{unit_short}{year}")
    assert render(wb, compute(wb), fm).title == "2023年度测试街道绩效评价报告"
    assert report_filename(fm, 2023, "测试街道办事处", "测试街道") == "测试街道2023"
    assert report_filename(fm, 2023, "测试街道办事处") == "测试街道办事处2023"    # blank: the full name


def test_hidden_empty_fund_line_is_hidden_but_zero_budget_row_too():
    wb = workbook()
    wb.funds.lines["收入：政府性基金拨款"] = FundLine(D(0))
    hidden = flat(evaluation_table(wb, compute(wb), fmt(attachments__evaluation__hide_empty=True)))
    assert not any("政府性基金拨款" in t for t in hidden)
