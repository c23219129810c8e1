"""Unit tests of jixiao.render.forms: the attachment tables (grids, merges, figures) and their numbering."""
from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.score.figures import compute
from jixiao.render.document import Cell, PageBreak, Paragraph, Row, Table
from jixiao.render.forms import (attachments, basic_table, budget_table, evaluation_table, footer, labelled,
                          project_table)
from jixiao.model import (BasicRow, BudgetRow, Building, FundLine, Funds, Goal, Indicator, Info,
                          Project, ProjectFund, TextRow, Weight, Workbook)
from ..conftest import fmt

FMT = fmt()


def ind(level1, level2, name, weight, score, target="", actual="", remark=""):
    return Indicator(level1, level2, name, target, actual, D(weight), D(score), remark)


def brow(label, key=None, prior=None, bud=None, actual=None):
    f = lambda v: None if v is None else D(v)  # noqa: E731
    return BasicRow(label, label if key is None else key, f(prior), f(bud), f(actual))


def workbook() -> Workbook:
    funds = Funds({k: FundLine(D(v)) for k, v in {
        "年初预算数": "3000", "全年预算数": "3911.21", "全年执行数": "1902.68",
        "收入：一般公共预算": "1500", "收入：其他资金": "402.68", "支出：基本支出": "1000",
        "支出：项目支出": "902.68"}.items()})
    return Workbook(
        info=Info(unit_name="测试街道办事处", year=2023, staff_quota=34, staff_actual=32, filled_by="张三",
                  phone="0731-1234567", head="李四", fill_date=date(2024, 3, 1)),
        funds=funds,
        basic_rows=[
            brow("三公经费"), brow("公务用车购置和维护经费"), brow("公车购置", actual="10"),
            brow("公车运行维护", actual="5"), brow("出国经费", actual="0"), brow("公务接待", actual="3.5"),
            brow("项目支出"), brow("业务工作经费", "", "90", "100", "95.5"), brow("运行维护经费", "", None, "20", "19"),
            brow("公用经费", actual="50"), brow("办公经费", actual="20"),
        ],
        goals=[Goal("完成年度重点工作", "全部完成"), Goal("提升服务水平", "群众满意度96%")],
        weights=[Weight("预算执行率", D(10)), Weight("产出指标", D(50)), Weight("效益指标", D(40))],
        indicators=[
            ind("产出指标", "数量指标", "党员活动次数", "10", "10", "6次", "6次"),
            ind("产出指标", "数量指标", "培训人次", "10", "10", "100人次", "120人次"),
            ind("产出指标", "质量指标", "合格率", "30", "30", "100%", "100%"),
            ind("效益指标", "社会效益指标", "群众知晓率", "20", "20", "≥90%", "95%"),
            ind("效益指标", "可持续影响指标", "长效机制", "20", "18", "建立", "基本建立", "仍需完善"),
        ],
        projects=[
            Project("社区治理项目", department="区民政局", implementer="测试街道办事处", goal="治理", result="完成",
                    funds=[ProjectFund("当年财政拨款", D(100), D(120), D(110)),
                           ProjectFund("当年财政拨款", D(10), D(10), D(10)),
                           ProjectFund("其他资金", None, D(5), D(5))],
                    indicators=[ind("产出指标", "数量指标", "覆盖社区数", "50", "50"),
                                ind("效益指标", "社会效益指标", "居民参与度", "40", "40")]),
            Project("无指标项目", funds=[ProjectFund("当年财政拨款", D(1), D(1), D(1))]),
            Project("环境整治项目", indicators=[ind("产出指标", "数量指标", "整治点位", "90", "80")]),
        ],
        texts=[TextRow("厉行节约保障措施", "制度", "严格执行公务接待规定"),
               TextRow("厉行节约保障措施", "", "压减一般性支出")],
        budget_rows=[
            BudgetRow("社会保险基金预算", "2080505", "机关事业单位基本养老保险缴费支出", D(30), D(30), D(0)),
            BudgetRow("政府性基金预算", "2120801", "征地和拆迁补偿支出", None, D(5), D(10)),
            BudgetRow("政府性基金预算", "2121001", "土地开发支出", D(20), D(0), D(20)),
        ],
    )


@pytest.fixture
def wb():
    return workbook()


@pytest.fixture
def fig(wb):
    return compute(wb)


def grid(table: Table) -> tuple[list[list[Cell | None]], set[tuple[int, int]]]:
    """Lay the cells out as HTML does: a cell covers rowspan × colspan positions; positions covered
    from above are skipped. Returns the cell starting at each position (None when covered) and the
    set of covered positions."""
    width = len(table.widths_mm)
    covered: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(table.rows):
        line: list[Cell | None] = [None] * width
        c = 0
        for cell in row.cells:
            while (r, c) in covered:
                c += 1
            assert c + cell.colspan <= width, f"row {r} overflows: {[x.text for x in row.cells]}"
            line[c] = cell
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered.add((r + dr, c + dc))
            c += cell.colspan
        out.append(line)
    return out, covered


def parts(table: Table) -> list[Table]:
    """A form and the tables continuing it (Table.continued), in order."""
    out = []
    while table is not None:
        out.append(table)
        table = table.continued
    return out


def all_rows(table: Table) -> list[Row]:
    return [row for t in parts(table) for row in t.rows]


def assert_rectangular(table: Table):
    for t in parts(table):
        _, covered = grid(t)
        width, height = len(t.widths_mm), len(t.rows)
        assert covered == {(r, c) for r in range(height) for c in range(width)}
        assert abs(sum(t.widths_mm) - 156) < 0.01


def row_texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in all_rows(table)]


# ---------------------------------------------------------------- attachments

def test_attachments_numbered_in_order(wb, fig):
    atts = attachments(wb, fig, FMT)
    assert [a.title for a in atts] == [
        "2023年度部门（单位）整体支出绩效评价基础数据表",
        "2023年度部门（单位）整体支出绩效自评表",
        "2023年度项目支出绩效自评表（社区治理项目）",      # projects with indicators only, in order
        "2023年度项目支出绩效自评表（环境整治项目）",
        "2023年度政府性基金预算支出情况表",                # BUDGET_TYPES order, not row order
        "2023年度社会保险基金预算支出情况表",
    ]
    for n, a in enumerate(atts, start=1):
        assert isinstance(a.blocks[0], Table)
        assert a.blocks[-1] == footer(wb, FMT)
        laid = labelled(a, n)
        assert isinstance(laid[0], PageBreak)
        assert laid[1] == Paragraph.of("attachment-label", f"附件{n}")
        assert laid[2] == Paragraph.of("table-title", a.title)
        assert laid[3:] == a.blocks


def test_only_the_basic_table_has_the_note(wb, fig):
    atts = attachments(wb, fig, FMT)
    assert atts[0].blocks[1] == Paragraph.of("table-note", FMT["attachments.basic.note"])
    assert all(len(a.blocks) == 2 for a in atts[1:])
    with_note = fmt(attachments__project__note="备注：每个一级项目支出一张表。")
    assert attachments(wb, fig, with_note)[2].blocks[1].text == "备注：每个一级项目支出一张表。"


def test_attachments_minimal_workbook():
    wb = Workbook(info=Info(unit_name="某单位", year=2024),
                  projects=[Project("无指标项目")])
    atts = attachments(wb, compute(wb), FMT)
    assert [a.title for a in atts] == ["2024年度部门（单位）整体支出绩效评价基础数据表",
                                       "2024年度部门（单位）整体支出绩效自评表"]


def test_attachments_use_the_format_titles_and_order(wb, fig):
    f = fmt(attachments__basic__title="基础表{year}", attachments__project__title="项目表：{project}",
            parts__attachments=["project", "basic"])
    atts = attachments(wb, fig, f)
    assert [a.kind for a in atts] == ["project", "project", "basic"]
    assert atts[0].title == "项目表：社区治理项目" and atts[2].title == "基础表2023"
    assert attachments(wb, fig, fmt(parts__attachments=[])) == []


def test_footer(wb):
    assert footer(wb, FMT).text == "填表人：张三　填报日期：2024.3.1　联系电话：0731-1234567　单位负责人签字：李四"
    assert footer(Workbook(), FMT).text == "填表人：　　　　填报日期：　　　　联系电话：　　　　单位负责人签字：　　　"
    yueyang = fmt(attachments__footer="填表人：{filled_by}　联系电话：{phone}　单位负责人：{head}　填报日期：{fill_date}")
    assert footer(wb, yueyang).text == "填表人：张三　联系电话：0731-1234567　单位负责人：李四　填报日期：2024.3.1"


def test_labels_are_rewritten_by_the_format(wb, fig):
    f = fmt(attachments__evaluation__labels={"区级预算部门（单位）名称": "预算单位名称"},
            attachments__project__labels={"项目名称": "项目支出名称", "自评得分": "得分"},
            attachments__basic__labels={"{year}年实际在职人数": "{year}年末实有人数"},
            attachments__basic__unit_row=True)
    assert row_texts(evaluation_table(wb, fig, f))[0] == ["预算单位名称", "测试街道办事处"]
    project = row_texts(project_table(wb, fig.projects[0], f))
    assert project[0] == ["项目支出名称", "社区治理项目"] and project[2][-1] == "得分"
    basic = basic_table(wb, fig, f)
    assert_rectangular(basic)
    assert row_texts(basic)[:2] == [["预算单位名称", "测试街道办事处"],
                                    ["财政供养人员情况（人）", "编制数", "2023年末实有人数", "控制率"]]
    assert basic.rows[0].header and not basic.rows[1].header


# ---------------------------------------------------------------- 基础数据表

def test_basic_table_staff_and_header(wb, fig):
    t = basic_table(wb, fig, FMT)
    assert_rectangular(t)
    rows = row_texts(t)
    assert rows[0] == ["财政供养人员情况（人）", "编制数", "2023年实际在职人数", "控制率"]
    assert t.rows[0].header and t.rows[0].cells[0].rowspan == 2
    assert rows[1] == ["34", "32", "94.12%"]
    assert rows[2] == ["经费控制情况（万元）", "2022年决算数", "2023年预算数", "2023年决算数"]


def test_basic_table_rows_and_project_numbering(wb, fig):
    rows = row_texts(basic_table(wb, fig, FMT))[3:3 + len(wb.basic_rows)]
    assert rows == [
        ["三公经费", "", "", "18.50"],                                 # summed: (10 + 5) + 0 + 3.5
        ["　1、公务用车购置和维护经费", "", "", "15.00"],
        ["　　其中：公车购置", "", "", "10.00"],
        ["　　　　　公车运行维护", "", "", "5.00"],
        ["　2、出国经费", "", "", "0.00"],
        ["　3、公务接待", "", "", "3.50"],
        ["项目支出", "90.00", "120.00", "114.50"],
        ["　1、业务工作经费", "90.00", "100.00", "95.50"],
        ["　2、运行维护经费", "", "20.00", "19.00"],
        ["公用经费", "", "", "50.00"],
        ["　其中：办公经费", "", "", "20.00"],
    ]


def test_basic_table_numbers_right_aligned(wb, fig):
    t = basic_table(wb, fig, FMT)
    r = t.rows[3 + 7]
    assert r.cells[0].align == "left"
    assert [c.align for c in r.cells[1:]] == ["right"] * 3
    assert [c.colspan for c in r.cells] == [1, 2, 2, 2]


def test_basic_table_buildings_and_saving(wb, fig):
    rows = row_texts(basic_table(wb, fig, FMT))
    assert rows[-2] == ["无", "", "", "", "", "", ""]
    assert rows[-1] == ["厉行节约保障措施", "制度：严格执行公务接待规定\n压减一般性支出"]
    wb.buildings = [Building("办公楼", D(1000), D(950), D(500), D("512.5"))]
    wb.texts = []
    t = basic_table(wb, compute(wb), FMT)
    assert_rectangular(t)
    rows = row_texts(t)
    assert rows[-2] == ["办公楼", "1000.00", "950.00", "95.00%", "500.00", "512.50", "102.50%"]
    assert rows[-1] == ["厉行节约保障措施", "无"]


# ---------------------------------------------------------------- 整体支出绩效自评表

def _indicator_block(t: Table):
    """The indicator part: the table continuing the form, its heading row first."""
    rest = t.continued
    assert rest is not None and row_texts(rest)[0][0] == "绩\n效\n指\n标"
    return 0, rest.rows


def test_evaluation_table_is_rectangular(wb, fig):
    assert_rectangular(evaluation_table(wb, fig, FMT))


def test_evaluation_table_budget_lines(wb, fig):
    rows = row_texts(evaluation_table(wb, fig, FMT))
    assert rows[0] == ["区级预算部门（单位）名称", "测试街道办事处"]
    assert rows[2] == ["年度资金总额", "3000.00", "3911.21", "1902.68", "10.00", "48.65%", "4.87"]
    assert rows[3] == ["按收入性质分：1902.68", "按支出性质分：1902.68"]
    assert rows[4] == ["其中：一般公共预算：1500.00", "其中：基本支出：1000.00"]
    assert rows[5] == ["　　　政府性基金拨款：", "　　　项目支出：902.68"]
    assert rows[7] == ["　　　其他资金：402.68", ""]


def test_evaluation_table_goals(wb, fig):
    t = evaluation_table(wb, fig, FMT)
    rows = row_texts(t)
    i = rows.index(["年度\n总体\n目标", "预期目标", "实际完成情况"])
    assert t.rows[i].cells[0].rowspan == 3
    assert rows[i + 1:i + 3] == [["完成年度重点工作", "全部完成"], ["提升服务水平", "群众满意度96%"]]


def test_evaluation_table_merged_level1_and_level2(wb, fig):
    t = evaluation_table(wb, fig, FMT)
    start, block = _indicator_block(t)
    # the heading row repeats on every page: it merges nothing downwards; the 绩效指标 column
    # under its label is one empty cell
    assert block[0].header and all(c.rowspan == 1 for c in block[0].cells)
    assert block[1].cells[0].text == "" and block[1].cells[0].rowspan == len(wb.indicators)
    # 产出指标: 3 indicators; its first row carries the merged 一级 cell (framework weight shown)
    first = block[1].cells[1:]
    assert first[0].text == "产出指标\n（50分）" and first[0].rowspan == 3
    assert first[1].text == "数量指标" and first[1].rowspan == 2       # two 数量指标 rows merged
    assert [c.text for c in first[2:]] == ["党员活动次数", "6次", "6次", "10.00", "10.00", ""]
    assert [c.text for c in block[2].cells] == ["培训人次", "100人次", "120人次", "10.00", "10.00", ""]
    assert [c.text for c in block[3].cells][:2] == ["质量指标", "合格率"]
    assert block[3].cells[0].rowspan == 1
    eff = block[4].cells
    assert eff[0].text == "效益指标\n（40分）" and eff[0].rowspan == 2
    assert eff[1].text == "社会效益指标" and eff[1].rowspan == 1
    assert [c.text for c in block[5].cells] == ["可持续影响指标", "长效机制", "建立", "基本建立", "20.00", "18.00",
                                                "仍需完善"]


def test_evaluation_table_rowspans_cover_each_level(wb, fig):
    t = evaluation_table(wb, fig, FMT)
    g, _ = grid(t.continued)
    start, _ = _indicator_block(t)
    level1_cells = [line[1] for line in g[start + 1:start + 1 + len(wb.indicators)] if line[1] is not None]
    counts = {}
    for i in wb.indicators:
        counts[i.level1] = counts.get(i.level1, 0) + 1
    assert [(c.text.split("\n")[0], c.rowspan) for c in level1_cells] == list(counts.items())


def test_evaluation_table_total_row(wb, fig):
    t = evaluation_table(wb, fig, FMT)
    last = all_rows(t)[-1].cells
    assert last[0].text == "总分" and last[0].colspan == 6
    # 分值 10 + 50 + 40; 得分 4.87 + 50 + 38 = 92.87 → 优
    assert [c.text for c in last[1:]] == ["100.00", "92.87", "等级：优"]
    assert fig.evaluation.total == D("92.87")


def test_evaluation_table_level_weight_from_the_format_or_the_indicator_sum(wb):
    wb.weights = []            # 指标体系 empty: the format's framework (产出指标 40, 效益指标 20)
    t = evaluation_table(wb, compute(wb, FMT.scoring), FMT)
    start, block = _indicator_block(t)
    assert block[1].cells[1].text == "产出指标\n（40分）"
    assert block[4].cells[0].text == "效益指标\n（20分）"
    wb.weights = [Weight("预算执行率", D(10)), Weight("产出指标", D(50))]   # 效益指标 not in it
    start, block = _indicator_block(evaluation_table(wb, compute(wb), FMT))
    assert block[4].cells[0].text == "效益指标\n（40分）"


def test_evaluation_table_without_indicators(wb):
    wb.indicators, wb.goals = [], []
    t = evaluation_table(wb, compute(wb), FMT)
    assert_rectangular(t)
    rows = row_texts(t)
    assert not any(r[0] == "绩\n效\n指\n标" for r in rows)
    assert rows[-3] == ["年度\n总体\n目标", "预期目标", "实际完成情况"]
    assert rows[-2] == ["", ""]
    assert rows[-1][0] == "总分" and rows[-1][1] == "100.00"
    assert row_texts(evaluation_table(wb, compute(wb), fmt(scoring__show_total=False)))[-1] == ["", ""]


def test_evaluation_table_unscored_total_blank(wb):
    wb.indicators[4] = ind("效益指标", "可持续影响指标", "长效机制", "20", "0", "建立", "基本建立")
    wb.indicators[4].score = None
    t = evaluation_table(wb, compute(wb), FMT)
    assert [c.text for c in all_rows(t)[-1].cells[1:]] == ["100.00", "", ""]


# ---------------------------------------------------------------- 项目支出绩效自评表

def test_project_table(wb, fig):
    pf = fig.projects[0]
    t = project_table(wb, pf, FMT)
    assert_rectangular(t)
    rows = row_texts(t)
    assert rows[0] == ["项目名称", "社区治理项目"]
    assert rows[1] == ["主管部门", "区民政局", "实施单位", "测试街道办事处"]
    assert all_rows(t)[2].cells[0].rowspan == 5
    # 110 + 0 + 0; 130 + 5; 120 + 5 → rate 125/135 = 0.9259 → 9.26
    assert rows[3] == ["年度资金总额", "110.00", "135.00", "125.00", "10.00", "92.59%", "9.26"]
    assert rows[4] == ["其中：当年财政拨款", "110.00", "130.00", "120.00", "—", "—", "—"]
    assert rows[5] == ["上年结转资金", "", "", "", "—", "—", "—"]
    assert rows[6] == ["其他资金", "", "5.00", "5.00", "—", "—", "—"]
    by_source = fmt(project__source_weights={"当年财政拨款": 8, "其他资金": 2})
    scored = row_texts(project_table(wb, compute(wb, by_source.scoring).projects[0], by_source))
    assert scored[3] == ["年度资金总额", "110.00", "135.00", "125.00", "10.00", "92.59%", "9.38"]
    assert scored[4] == ["其中：当年财政拨款", "110.00", "130.00", "120.00", "8.00", "92.31%", "7.38"]
    assert scored[5] == ["上年结转资金", "", "", "", "—", "—", "—"]
    assert scored[6] == ["其他资金", "", "5.00", "5.00", "2.00", "100.00%", "2.00"]
    assert rows[7:9] == [["年度\n总体\n目标", "预期目标", "实际完成情况"], ["治理", "完成"]]
    assert all_rows(t)[9].cells[0].text == "绩\n效\n指\n标" and all_rows(t)[9].header
    assert rows[-1] == ["总分", "100.00", "99.26", "等级：优"]


def test_project_table_department_falls_back_to_unit(wb, fig):
    wb.info.department = "区财政局"
    rows = row_texts(project_table(wb, fig.projects[2], FMT))
    assert rows[1] == ["主管部门", "区财政局", "实施单位", ""]
    assert rows[3] == ["年度资金总额", "", "", "", "10.00", "", ""]
    assert rows[-1] == ["总分", "100.00", "", ""]          # no funds: no budget score, no total


# ---------------------------------------------------------------- 预算支出情况表

def test_budget_table_rows_and_totals(wb):
    t = budget_table(wb, compute(wb).budget_tables["政府性基金预算"], FMT)
    assert_rectangular(t)
    assert t.rows[0].header
    assert row_texts(t) == [
        ["科目编码", "科目名称", "合计（万元）", "基本支出（万元）", "项目支出（万元）"],
        ["2120801", "征地和拆迁补偿支出", "15.00", "5.00", "10.00"],     # blank 合计 = 基本 + 项目
        ["2121001", "土地开发支出", "20.00", "0.00", "20.00"],
        ["合计", "35.00", "5.00", "30.00"],
    ]
    assert t.rows[-1].cells[0].colspan == 2


def test_budget_tables_only_for_types_with_rows(wb, fig):
    titles = [a.title for a in attachments(wb, fig, FMT)]
    assert "2023年度国有资本经营预算支出情况表" not in titles
    wb.budget_rows = [r for r in wb.budget_rows if r.budget_type != "社会保险基金预算"]
    titles = [a.title for a in attachments(wb, compute(wb), FMT)]
    assert titles[-1] == "2023年度政府性基金预算支出情况表"
    assert sum("预算支出情况表" in t for t in titles) == 1


def test_project_tables_only_for_projects_with_indicators(wb, fig):
    titles = [a.title for a in attachments(wb, fig, FMT)]
    assert not any("无指标项目" in t for t in titles)
    wb.projects[2].indicators = []
    titles = [a.title for a in attachments(wb, compute(wb), FMT)]
    assert [t for t in titles if "项目支出绩效自评表" in t] == ["2023年度项目支出绩效自评表（社区治理项目）"]
