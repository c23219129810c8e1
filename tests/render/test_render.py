"""Unit tests of jixiao.render.report: numbers as text, the line markup, escaping of clerk text, filters,
templates, and a full render() of a small hand-made workbook with the default template."""
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.read.clean import clean_text
from jixiao.score.figures import compute
from jixiao.render.document import PageBreak, Paragraph, Run, Table
from jixiao.fmt import date_cn, money, pct
from jixiao.render.forms import attachments
from jixiao.model import (FundLine, Funds, Indicator, Info, Project, ProjectFund, TextRow, Weight,
                          Workbook)
from jixiao.render.markup import MarkupError as TemplateError
from jixiao.render.markup import chinese_number, number_label
from jixiao.render.markup import parse as parse_markup
from jixiao.render.report import BLANK_DATE, lead, render
from jixiao.formats.sandbox import escape

from ..conftest import fmt

score = money

TEN = ["一、部门（单位）基本情况", "二、一般公共预算支出情况", "三、政府性基金预算支出情况",
       "四、国有资本经营预算支出情况", "五、社会保险基金预算支出情况", "六、部门整体支出绩效情况",
       "七、存在的问题及原因分析", "八、下一步改进措施", "九、部门整体支出绩效自评结果拟应用和公开情况",
       "十、其他需要说明的情况"]


def texts(blocks):
    return [(b.kind, b.text) for b in blocks if isinstance(b, Paragraph)]


# ---------------------------------------------------------------- numbers as text

@pytest.mark.parametrize("n, expected", [
    (1, "一"), (2, "二"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
    (30, "三十"), (99, "九十九"),
])
def test_chinese_number(n, expected):
    assert chinese_number(n) == expected


@pytest.mark.parametrize("level, n, expected", [
    (1, 1, "一、"), (1, 10, "十、"), (1, 12, "十二、"),
    (2, 1, "（一）"), (2, 11, "（十一）"),
    (3, 1, "1."), (3, 12, "12."),
    (4, 1, "（1）"), (4, 12, "（12）"),
    (5, 1, "①"), (5, 20, "⑳"),
])
def test_number_label(level, n, expected):
    assert number_label(level, n) == expected


# ---------------------------------------------------------------- the markup

def test_headings_numbered_with_restart_under_each_level1():
    _, body = parse_markup("# 甲\n## 子一\n## 子二\n### 细\n### 细\n#### 末\n# 乙\n## 子一\n### 细\n")
    assert texts(body) == [
        ("heading1", "一、甲"), ("heading2", "（一）子一"), ("heading2", "（二）子二"),
        ("heading3", "1.细"), ("heading3", "2.细"), ("heading4", "（1）末"),
        ("heading1", "二、乙"), ("heading2", "（一）子一"), ("heading3", "1.细"),
    ]


def test_heading_runs_number_then_text():
    _, body = parse_markup("# 部门（单位）基本情况")
    assert body[0].runs == (Run("一、"), Run("部门（单位）基本情况"))


def test_items_numbered_below_current_heading_and_restart():
    md = "# 问题\n- 甲\n- 乙\n# 措施\n- 丙\n## 分项\n- 丁\n- 戊\n## 分项二\n- 己\n### 细\n- 庚\n"
    _, body = parse_markup(md)
    assert texts(body) == [
        ("heading1", "一、问题"), ("body", "（一）甲"), ("body", "（二）乙"),
        ("heading1", "二、措施"), ("body", "（一）丙"),
        ("heading2", "（二）分项"), ("body", "1.丁"), ("body", "2.戊"),
        ("heading2", "（三）分项二"), ("body", "1.己"),
        ("heading3", "2.细"), ("body", "（1）庚"),     # items and headings of a level are siblings
    ]


def test_item_before_any_heading_is_level1():
    _, body = parse_markup("- 第一\n- 第二")
    assert texts(body) == [("body", "一、第一"), ("body", "二、第二")]


def test_item_number_is_bold_with_a_bold_lead():
    _, body = parse_markup("## 节\n- **党建引领有新成效。**全年开展活动6次")
    item = body[1]
    assert item.kind == "body"
    assert item.runs == (Run("1.", True), Run("党建引领有新成效。", True), Run("全年开展活动6次", False))


def test_bold_runs():
    _, body = parse_markup("前**粗体**中**再粗**后")
    assert body[0].runs == (Run("前"), Run("粗体", True), Run("中"), Run("再粗", True), Run("后"))


def test_backslash_makes_a_literal():
    _, body = parse_markup(r"a\*\*b\\c")
    assert body[0].runs == (Run("a**b\\c"),)


def test_body_splits_cover_and_body():
    md = "@blank\n@title 2023年度某单位\n@cover 部门（单位）名称：某单位（盖章）\n@body\n@title 正文标题\n# 一\n正文"
    cover, body = parse_markup(md)
    assert [(b.kind, b.text) for b in cover] == [("plain", ""), ("title", "2023年度某单位"),
                                                 ("cover", "部门（单位）名称：某单位（盖章）")]
    assert texts(body) == [("title", "正文标题"), ("heading1", "一、一"), ("body", "正文")]


def test_without_body_directive_everything_is_body():
    cover, body = parse_markup("@title 标题\n正文")
    assert cover == []
    assert texts(body) == [("title", "标题"), ("body", "正文")]


@pytest.mark.parametrize("line, kind, text", [
    ("@title 标题", "title", "标题"), ("@cover 封面", "cover", "封面"), ("@right 某单位", "right", "某单位"),
    ("@plain 附件：1.表", "plain", "附件：1.表"), ("@blank", "plain", ""), ("@blank ignored", "plain", ""),
    ("@right", "right", ""),
])
def test_directive_kinds(line, kind, text):
    _, body = parse_markup(line)
    assert texts(body) == [(kind, text)]


def test_bold_inside_directive():
    _, body = parse_markup("@right **盖章**")
    assert body[0].runs == (Run("盖章", True),)


@pytest.mark.parametrize("line", ["@foo x", "@titles 标题", "@ 空", "@BODY"])
def test_unknown_directive(line):
    with pytest.raises(TemplateError, match="无法识别的指令"):
        parse_markup(line)


def test_blank_lines_skipped_and_body_lines_trimmed():
    _, body = parse_markup("\n\n  正文一  \n\t\n正文二\t\n")
    assert texts(body) == [("body", "正文一"), ("body", "正文二")]


def test_hash_without_space_is_text():
    _, body = parse_markup("#不是标题\n##### 五级")
    assert texts(body) == [("body", "#不是标题"), ("body", "##### 五级")]


# ---------------------------------------------------------------- escaping clerk text

CLERK = "# 注意\n- 一是\n@title x\n**粗**\\反斜杠"


def test_escape_clerk_text_survives_as_plain_body():
    cover, body = parse_markup(escape(CLERK))
    assert cover == []
    assert [(b.kind, b.runs) for b in body] == [
        ("body", (Run("# 注意"),)), ("body", (Run("- 一是"),)), ("body", (Run("@title x"),)),
        ("body", (Run("**粗**\\反斜杠"),)),
    ]


def test_escape_does_not_hide_body_directive():
    cover, body = parse_markup("@title 封面\n" + escape("@body") + "\n正文")
    assert cover == []
    assert texts(body) == [("title", "封面"), ("body", "@body"), ("body", "正文")]


def test_escape_plain_text_unchanged():
    assert escape("党建引领有新成效，全年开展活动6次。") == "党建引领有新成效，全年开展活动6次。"


_pieces = st.sampled_from(list("#@-*\\ ab中文：。\n") + ["**", "- ", "# ", "## ", "@title ", "@body", "@x"])


@given(st.lists(_pieces, max_size=25).map("".join))
def test_escape_round_trip(s):
    s = clean_text(s)
    cover, body = parse_markup(escape(s))
    assert cover == []
    assert [b.text for b in body] == (s.split("\n") if s else [])
    assert all(b.kind == "body" and not any(r.bold for r in b.runs) for b in body)


def test_model_strings_reach_the_template_escaped():
    from jixiao.formats.sandbox import new_environment
    import tempfile
    from pathlib import Path
    folder = Path(tempfile.mkdtemp())
    (folder / "t.j2").write_text("{{ info.unit_name }}|{{ t.lead }}|{{ t.content }}|{{ info.extra['x'] }}|{{ '**' }}")
    env = new_environment([("t", folder)], {})
    wb = Workbook(info=Info(unit_name="#单位*", extra={"x": "@y"}),
                  texts=[TextRow("职能职责", "- 导语", "@body\n正文")])
    out = env.render(env.get_template("t.j2"), {"info": wb.info, "t": wb.texts[0]})
    assert out == "\\#单位\\*|\\- 导语|\\@body\n正文|\\@y|**"
    assert wb.info.unit_name == "#单位*"                    # nothing copied, nothing changed


# ---------------------------------------------------------------- filters

@pytest.mark.parametrize("text, expected", [
    ("党建引领有新成效", "党建引领有新成效。"),
    ("党建引领有新成效。", "党建引领有新成效。"),
    ("成效显著！", "成效显著！"), ("是否达标？", "是否达标？"), ("主要做法：", "主要做法："),
    ("一是；", "一是；"), ("其中，", "其中，"), ("甲、", "甲、"), ("Done.", "Done."), ("ok!", "ok!"),
    ("", ""),
])
def test_lead(text, expected):
    assert lead(text) == expected


@pytest.mark.parametrize("value, expected", [
    (D("4.865"), "4.87"), (D("4.875"), "4.88"), (D("1902.68"), "1902.68"), (D("1000"), "1000.00"),
    (D("0"), "0.00"), (5, "5.00"), (D("1234567.891"), "1234567.89"), (None, ""),
])
def test_money(value, expected):
    assert money(value) == expected


@pytest.mark.parametrize("value, expected", [
    (D("0.4865"), "48.65%"), (D("0.9412"), "94.12%"), (D("1.0588"), "105.88%"), (D("1"), "100.00%"),
    (D("0.12345"), "12.35%"), (None, ""),
])
def test_pct(value, expected):
    assert pct(value) == expected


def test_score_and_date():
    assert score(D("4.865")) == "4.87" and score(None) == ""
    assert date_cn(date(2024, 4, 28)) == "2024年4月28日" and date_cn(None) == ""


# ---------------------------------------------------------------- templates

# ---------------------------------------------------------------- a full render

def ind(level1, level2, name, target, actual, weight, score_=None, remark=""):
    return Indicator(level1, level2, name, target, actual, D(weight),
                     None if score_ is None else D(score_), remark)


def small_workbook() -> Workbook:
    lines = {
        "年初预算数": "3000", "全年预算数": "3911.21", "全年执行数": "1902.68",
        "一般公共预算：财政拨款支出": "3997.92", "一般公共预算：基本支出": "1485.76",
        "一般公共预算：项目支出": "2512.16",
    }
    funds = Funds({k: FundLine(D(v)) for k, v in lines.items()})
    funds.lines["全年执行数"].note = "部分项目跨年实施"
    return Workbook(
        info=Info(unit_name="贺家土街道办事处", year=2023, staff_quota=34, staff_actual=32,
                  staff_actual_last=30, report_date=date(2024, 4, 28)),
        funds=funds,
        weights=[Weight("预算执行率", D(10)), Weight("产出指标", D(50)), Weight("效益指标", D(40))],
        indicators=[
            ind("产出指标", "数量指标", "党员活动≥（次）", "6次", "3次", "30", None, "疫情影响"),
            ind("产出指标", "质量指标", "合格率", "100%", "100%", "20", "20"),
            ind("效益指标", "社会效益指标", "群众满意度", "≥90%", "95%", "40", "40"),
        ],
        projects=[
            Project("社区治理项目", note="项目按期完成。",
                    funds=[ProjectFund("当年财政拨款", D(100), D(120), D(100)),
                           ProjectFund("上年结转资金", None, D(10), D(5))],
                    indicators=[ind("产出指标", "数量指标", "覆盖社区数", "≥5个", "6个", "90", "90")]),
            Project("环境整治项目", funds=[ProjectFund("当年财政拨款", D(50), D(40), D(40))]),
        ],
        texts=[
            TextRow("职能职责", "", "负责辖区社会管理和公共服务。"),
            TextRow("存在的问题及原因分析", "预算执行偏慢", "部分项目跨年实施。"),
            TextRow("存在的问题及原因分析", "绩效目标不够细化", "个别指标难以量化。"),
            TextRow("其他需要说明的情况", "", CLERK),
        ],
    )


@pytest.fixture(scope="module")
def rendered():
    wb = small_workbook()
    tpl = fmt()
    fig = compute(wb, tpl.scoring)
    return wb, fig, tpl, render(wb, fig, tpl)


def cover_of(report):
    """Blocks of the leading unnumbered section (the cover)."""
    first = report.sections[0]
    return first.blocks if not first.numbered else ()


def body_of(report):
    """Blocks of the numbered sections."""
    return tuple(b for s in report.sections if s.numbered for b in s.blocks)


def _body_paragraphs(report):
    """Body paragraphs before the first attachment's page break."""
    out = []
    for b in body_of(report):
        if isinstance(b, PageBreak):
            break
        out.append(b)
    return texts(out)


def test_render_report_metadata(rendered):
    _, _, _, rep = rendered
    assert rep.title == "2023年度贺家土街道办事处整体支出绩效自评报告"
    assert rep.author == "贺家土街道办事处"
    assert rep.created == date(2024, 4, 28)


def test_render_cover(rendered):
    _, _, _, rep = rendered
    cover = texts(cover_of(rep))
    assert ("title", "2023年度贺家土街道办事处整体支出绩效自评报告") in cover
    title = next(b for b in cover_of(rep) if isinstance(b, Paragraph) and b.kind == "title")
    assert [r.text for r in title.runs] == ["2023年度", "贺家土街道办事处", "整体支出绩效自评报告"]
    assert ("cover", "部门（单位）名称：贺家土街道办事处（盖章）") in cover
    assert ("cover", "2024年4月28日") in cover
    assert not any(k.startswith("heading") for k, _ in cover)


def test_render_ten_level1_headings(rendered):
    _, _, _, rep = rendered
    assert [t for k, t in _body_paragraphs(rep) if k == "heading1"] == TEN


def test_render_level2_headings(rendered):
    _, _, _, rep = rendered
    assert [t for k, t in _body_paragraphs(rep) if k == "heading2"] == [
        "（一）职能职责", "（二）机构设置", "（三）人员情况", "（一）基本支出情况", "（二）项目支出情况",
        "（一）整体支出绩效情况", "（二）项目支出绩效情况"]


def _after(paras, heading):
    i = paras.index(heading)
    return paras[i + 1]


def test_render_empty_sections_read_wu(rendered):
    _, _, _, rep = rendered
    paras = _body_paragraphs(rep)
    for h in [("heading2", "（二）机构设置"), ("heading1", "三、政府性基金预算支出情况"),
              ("heading1", "四、国有资本经营预算支出情况"), ("heading1", "五、社会保险基金预算支出情况"),
              ("heading1", "八、下一步改进措施"), ("heading1", "九、部门整体支出绩效自评结果拟应用和公开情况")]:
        assert _after(paras, h) == ("body", "无。"), h
    # sections with content do not say 无。
    assert _after(paras, ("heading2", "（一）职能职责")) == ("body", "负责辖区社会管理和公共服务。")
    assert paras.count(("body", "无。")) == 6


def test_render_standard_sentences(rendered):
    _, _, _, rep = rendered
    body = [t for _, t in _body_paragraphs(rep)]
    assert "单位编制数34人，2023年实际在职人数32人，控制率94.12%，较上年增加2人。" in body
    assert ("2023年度一般公共预算财政拨款支出3997.92万元，其中：基本支出1485.76万元，"
            "项目支出2512.16万元。") in body
    assert ("2023年度部门整体支出年初预算数3000.00万元，全年预算数3911.21万元，全年执行数1902.68万元，"
            "预算执行率48.65%，预算执行得分4.87分（分值10.00分）。") in body
    # 30 × 3 / 6 = 15.00 by rule; total 4.87 + 15 + 20 + 40 = 79.87 → 中
    assert ("对照年度绩效目标和指标逐项自评，产出指标得分35.00分（分值50.00分），"
            "效益指标得分40.00分（分值40.00分）；自评总分79.87分，等级为“中”。") in body


def test_render_project_items(rendered):
    _, _, _, rep = rendered
    paras = _body_paragraphs(rep)
    i = paras.index(("heading2", "（二）项目支出绩效情况"))
    # 10 × 105/130 (0.8077) = 8.08, + 90 = 98.08
    assert paras[i + 1] == ("body", "1.社区治理项目。年初预算100.00万元，年中调增30.00万元，全年预算130.00万元，"
                                    "实际支出105.00万元，结余结转25.00万元；自评得分98.08分，等级为“优”。")
    assert paras[i + 2] == ("body", "项目按期完成。")
    assert paras[i + 3] == ("body", "2.环境整治项目。年初预算50.00万元，年中调减10.00万元，全年预算40.00万元，"
                                    "实际支出40.00万元，结余结转0.00万元。")
    assert paras[i + 4][0] == "heading1"


def test_render_clerk_leads_numbered(rendered):
    _, _, _, rep = rendered
    paras = _body_paragraphs(rep)
    i = paras.index(("heading1", "七、存在的问题及原因分析"))
    assert paras[i + 1:i + 3] == [("body", "（一）预算执行偏慢。部分项目跨年实施。"),
                                  ("body", "（二）绩效目标不够细化。个别指标难以量化。")]
    lead_para = next(b for b in body_of(rep) if isinstance(b, Paragraph) and b.text.startswith("（一）预算执行偏慢"))
    assert [r.bold for r in lead_para.runs] == [True, True, False]


def test_render_clerk_markup_stays_text(rendered):
    _, _, _, rep = rendered
    paras = _body_paragraphs(rep)
    i = paras.index(("heading1", "十、其他需要说明的情况"))
    assert paras[i + 1:i + 5] == [("body", "# 注意"), ("body", "- 一是"), ("body", "@title x"),
                                  ("body", "**粗**\\反斜杠")]


def test_render_attachment_list_matches_attachments(rendered):
    wb, fig, tpl, rep = rendered
    titles = [a.title for a in attachments(wb, fig, tpl)]
    assert titles == ["2023年度部门（单位）整体支出绩效评价基础数据表", "2023年度部门（单位）整体支出绩效自评表",
                      "2023年度项目支出绩效自评表（社区治理项目）"]
    paras = [t for _, t in _body_paragraphs(rep)]
    i = next(n for n, t in enumerate(paras) if t.startswith("附件："))
    assert paras[i:i + 4] == [f"附件：1.{titles[0]}", f"2.{titles[1]}", f"3.{titles[2]}", "贺家土街道办事处"]
    assert {k for k, t in _body_paragraphs(rep)[i:i + 3]} == {"attachment-list"}
    labels = [b.text for b in body_of(rep) if isinstance(b, Paragraph) and b.kind == "attachment-label"]
    assert labels == ["附件1", "附件2", "附件3"]
    shown = [b.text for b in body_of(rep) if isinstance(b, Paragraph) and b.kind == "table-title"]
    assert shown == titles


def test_render_signature_after_attachment_list(rendered):
    _, _, _, rep = rendered
    paras = _body_paragraphs(rep)
    assert paras[-2:] == [("signature", "贺家土街道办事处"), ("signature-date", "2024年4月28日")]


def test_render_attachments_follow_body(rendered):
    _, _, _, rep = rendered
    kinds = [type(b).__name__ for b in body_of(rep)]
    first = kinds.index("PageBreak")
    assert kinds.count("PageBreak") == 3 and kinds.count("Table") == 3
    assert all(k == "Paragraph" for k in kinds[:first])
    assert isinstance(body_of(rep)[-2], Table)
    assert isinstance(body_of(rep)[-1], Paragraph) and body_of(rep)[-1].kind == "table-note"


def test_render_minimal_workbook_every_section_empty():
    wb = Workbook(info=Info(unit_name="某单位", year=2024))
    rep = render(wb, compute(wb), fmt())
    paras = _body_paragraphs(rep)
    assert [t for k, t in paras if k == "heading1"] == TEN
    for k, t in paras:
        if k.startswith("heading") and t not in ("一、部门（单位）基本情况", "二、一般公共预算支出情况",
                                                  "六、部门整体支出绩效情况"):
            assert _after(paras, (k, t)) == ("body", "无。"), t
    assert rep.created == date(2024, 12, 31)
    assert ("signature-date", BLANK_DATE) in paras


def test_render_zero_fund_budget_says_none_this_year():
    wb = Workbook(info=Info(unit_name="某单位", year=2024),
                  funds=Funds({"政府性基金预算支出": FundLine(D(0)),
                               "社会保险基金预算支出": FundLine(D("12.5"), "发放养老保险。")}))
    paras = _body_paragraphs(render(wb, compute(wb), fmt()))
    assert _after(paras, ("heading1", "三、政府性基金预算支出情况")) == ("body", "2024年度无政府性基金预算支出。")
    assert _after(paras, ("heading1", "五、社会保险基金预算支出情况")) == \
        ("body", "2024年度社会保险基金预算支出12.50万元，主要用于发放养老保险。")


def test_render_escapes_unit_name_and_project_name():
    wb = Workbook(info=Info(unit_name="**某**单位", year=2024),
                  projects=[Project("#1项目", funds=[ProjectFund("当年财政拨款", D(1), D(1), D(1))])])
    rep = render(wb, compute(wb), fmt())
    assert cover_of(rep) and ("cover", "部门（单位）名称：**某**单位（盖章）") in texts(cover_of(rep))
    assert any(t.startswith("1.#1项目。") for _, t in _body_paragraphs(rep))


def test_render_staff_section_with_quota_only_has_no_wu():
    wb = Workbook(info=Info(unit_name="某单位", year=2024, staff_quota=34))
    paras = _body_paragraphs(render(wb, compute(wb), fmt()))
    i = paras.index(("heading2", "（三）人员情况"))
    assert paras[i + 1][1].startswith("单位编制数34人")
    assert paras[i + 2][0] == "heading1"


def test_layout_settings_reach_the_report():
    wb = small_workbook()
    fig = compute(wb)
    rep = render(wb, fig, fmt())
    assert rep.duplex is True
    signs = [b for b in body_of(rep) if isinstance(b, Paragraph) and b.kind in ("signature", "signature-date")]
    assert len(signs) == 2 and all(b.stamp for b in signs)
    rep = render(wb, fig, fmt(layout__duplex=False, layout__stamp=False))
    assert rep.duplex is False
    assert not any(b.stamp for b in body_of(rep) if isinstance(b, Paragraph))


def test_no_cover_page_leaves_the_cover_out():
    wb = small_workbook()
    rep = render(wb, compute(wb), fmt(parts__cover=False))
    assert all(s.numbered for s in rep.sections)
    blocks = texts(body_of(rep))
    assert [k for k, _ in blocks].count("title") == 1              # the body's own title only
    assert not any(k == "cover" for k, _ in blocks)


def test_project_sentence_says_overspent_and_unchanged():
    wb = Workbook(info=Info(unit_name="某单位", year=2024),
                  projects=[Project("超支项目", funds=[ProjectFund("当年财政拨款", D(50), D(50), D(60))])])
    paras = [t for _, t in _body_paragraphs(render(wb, compute(wb), fmt()))]
    assert "1.超支项目。年初预算50.00万元，年中未调整，全年预算50.00万元，实际支出60.00万元，超支10.00万元。" in paras


def test_the_date_is_the_report_date_else_the_fill_date_else_blank():
    wb = small_workbook()
    wb.info.report_date, wb.info.fill_date = None, date(2025, 7, 11)
    paras = _body_paragraphs(render(wb, compute(wb), fmt()))
    assert ("signature-date", "2025年7月11日") in paras
    wb.info.fill_date = None
    assert ("signature-date", BLANK_DATE) in _body_paragraphs(render(wb, compute(wb), fmt()))
