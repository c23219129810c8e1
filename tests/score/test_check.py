"""Unit tests of jixiao.score.check: every check fires at the right sheet!cell, and
stays silent on consistent data. The workbook is built from model objects with the refs the reader
would have recorded (keyed by the contract's header or label)."""
from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.score.check import check
from jixiao.score.figures import compute
from jixiao.model import (BasicRow, BudgetRow, Building, FundLine, Funds, Indicator, Info, Project,
                          ProjectFund, Weight, Workbook)

from ..conftest import fmt

IND_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
               "偏差原因分析及改进措施")
INFO_ROWS = ("单位名称", "年度", "主管部门", "报告模板", "填表人", "联系电话", "单位负责人", "填报日期",
             "报告日期", "编制数", "实际在职人数", "上年实际在职人数")


def ind_refs(row: int, sheet: str = "绩效指标", first_col: str = "A") -> dict[str, str]:
    start = ord(first_col)
    return {h: f"{sheet}!{chr(start + i)}{row}" for i, h in enumerate(IND_HEADERS)}


def indicator(row, level1, level2, name, target, actual, weight, score, remark="", sheet="绩效指标",
              first_col="A"):
    return Indicator(level1, level2, name, target, actual, D(weight),
                     None if score is None else D(score), remark, ind_refs(row, sheet, first_col))


FUND_ROWS = {   # label → (row, amount)
    "年初预算数": (2, "3000"),
    "全年预算数": (3, "3911.21"),
    "全年执行数": (4, "3911.21"),
    "收入：一般公共预算": (5, "3000"),
    "收入：其他资金": (6, "911.21"),
    "支出：基本支出": (7, "1500"),
    "支出：项目支出": (8, "2411.21"),
    "一般公共预算：财政拨款支出": (9, "3000"),
    "一般公共预算：基本支出": (10, "1500"),
    "一般公共预算：人员经费": (11, "1200"),
    "一般公共预算：公用经费": (12, "300"),
    "一般公共预算：项目支出": (13, "1500"),
}

BASIC = (   # label, key, 本年决算数
    ("三公经费", "三公经费", "30"),
    ("公务用车购置和维护经费", "公务用车购置和维护经费", None),
    ("公车购置", "公车购置", "10"),
    ("公车运行维护", "公车运行维护", "5"),
    ("出国经费", "出国经费", "5"),
    ("公务接待", "公务接待", "10"),
    ("项目支出", "项目支出", "2411.21"),
    ("业务工作经费", "", "2000"),
    ("运行维护经费", "", "411.21"),
    ("公用经费", "公用经费", "300"),
    ("办公经费", "办公经费", "100"),
    ("水费、电费、差旅费", "水费、电费、差旅费", "50"),
    ("会议费、培训费", "会议费、培训费", "50"),
)


def fund_line(label: str, amount: str | None, note: str = "") -> FundLine:
    r = FUND_ROWS[label][0]
    return FundLine(None if amount is None else D(amount), note,
                    {"项目": f"资金情况!A{r}", "金额（万元）": f"资金情况!B{r}", "说明": f"资金情况!C{r}"})


def basic_row(i: int, label: str, key: str, actual: str | None, budget: str | None = None) -> BasicRow:
    r = i + 2
    return BasicRow(label, key, None, None if budget is None else D(budget),
                    None if actual is None else D(actual),
                    {"项目": f"基础数据表!A{r}", "上年决算数": f"基础数据表!B{r}",
                     "本年预算数": f"基础数据表!C{r}", "本年决算数": f"基础数据表!D{r}"}, row=r)


def consistent() -> Workbook:
    """A workbook on which check() finds nothing to complain about."""
    info = Info(unit_name="测试街道办事处", year=2023, staff_quota=34, staff_actual=32, staff_actual_last=30,
                fill_date=date(2024, 3, 1), report_date=date(2024, 3, 5),
                refs={k: f"基本信息!B{i + 2}" for i, k in enumerate(INFO_ROWS)})
    funds = Funds({label: fund_line(label, amount) for label, (_, amount) in FUND_ROWS.items()})
    basic = [basic_row(i, *r) for i, r in enumerate(BASIC)]
    weights = [Weight(n, D(w), {"一级指标": f"指标体系!A{i + 2}", "分值": f"指标体系!B{i + 2}"})
               for i, (n, w) in enumerate((("预算执行率", 10), ("产出指标", 40), ("效益指标", 30),
                                            ("满意度指标", 20)))]
    indicators = [
        indicator(2, "产出指标", "数量指标", "党员活动≥（次）", "6次", "6次", "20", "20"),
        indicator(3, "产出指标", "质量指标", "工作质量", "有所提升", "有所提升", "20", "20"),
        indicator(4, "效益指标", "社会效益指标", "群众知晓率", "≥90%", "95%", "30", "30"),
        indicator(5, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "96%", "20", "20"),
    ]
    project = Project(
        "社区治理项目", refs={"项目名称": "项目!A2"},
        funds=[ProjectFund("当年财政拨款", D(100), D(120), D(110),
                           {"项目名称": "项目资金!A2", "资金来源": "项目资金!B2", "年初预算数": "项目资金!C2",
                            "全年预算数": "项目资金!D2", "全年执行数": "项目资金!E2"})],
        indicators=[
            indicator(2, "产出指标", "数量指标", "覆盖社区数", "≥5个", "6个", "50", "50", sheet="项目绩效指标",
                      first_col="B"),
            indicator(3, "效益指标", "社会效益指标", "居民参与度", "明显提高", "明显提高", "40", "40",
                      sheet="项目绩效指标", first_col="B"),
        ])
    return Workbook(source="t.xlsx", info=info, funds=funds, basic_rows=basic, weights=weights,
                    indicators=indicators, projects=[project])


def run(wb: Workbook):
    return check(wb, compute(wb))


def problems(msgs, level=None):
    """(level, where) of errors and warnings (notes left out unless asked for)."""
    return sorted((m.level, m.where) for m in msgs if (m.level == level if level else m.level != "提示"))


def only(msgs, level, where):
    found = [m for m in msgs if m.level == level and m.where == where]
    assert len(found) == 1, [str(m) for m in msgs]
    return found[0]


# ---------------------------------------------------------------- the baseline

def test_consistent_workbook_is_clean():
    msgs = run(consistent())
    assert [str(m) for m in msgs] == []


def test_every_message_names_sheet_and_cell_and_todo():
    wb = consistent()
    wb.indicators[0].score = D(25)
    wb.basic_rows[0].actual = D(31)
    wb.funds.lines["一般公共预算：人员经费"].amount = D(1100)
    msgs = run(wb)
    assert sorted(m.where for m in msgs) == ["基础数据表!D2", "绩效指标!G2", "绩效指标!G2", "资金情况!B10"]
    for m in msgs:
        assert "!" in m.where and m.what and m.todo, str(m)


# ---------------------------------------------------------------- errors: scores

def test_score_above_weight():
    wb = consistent()
    wb.indicators[0].score = D(25)
    m = only(run(wb), "错误", "绩效指标!G2")
    assert "得分25超过分值20" in m.what


def test_score_equal_to_weight_is_fine():
    wb = consistent()
    wb.indicators[2].score = D("30.00")
    assert problems(run(wb)) == []


def test_score_negative():
    wb = consistent()
    wb.indicators[1].score = D(-1)
    wb.indicators[1].remark = "有偏差"
    msgs = run(wb)
    m = only(msgs, "错误", "绩效指标!G3")
    assert "负数" in m.what
    assert ("警告", "绩效指标!H3") not in problems(msgs)


def test_project_score_above_weight_points_at_project_sheet():
    wb = consistent()
    wb.projects[0].indicators[1].score = D(41)
    msgs = run(wb)
    m = only(msgs, "错误", "项目绩效指标!H3")
    assert "超过分值40" in m.what


def test_qualitative_without_score_is_an_error():
    wb = consistent()
    wb.indicators[1].score = None
    m = only(run(wb), "错误", "绩效指标!G3")
    assert "没有得分" in m.what


# ---------------------------------------------------------------- errors: 指标体系

def test_level_weight_differs_from_framework():
    wb = consistent()
    wb.indicators[0].weight = D(15)
    wb.indicators[0].score = D(15)
    msgs = run(wb)
    m = only(msgs, "错误", "绩效指标!F2")        # the first indicator of 产出指标
    assert "产出指标" in m.what and "35" in m.what and "40" in m.what
    assert problems(msgs, "错误") == [("错误", "绩效指标!F2")]


def test_level_missing_from_indicators_points_at_framework_row():
    wb = consistent()
    wb.indicators = wb.indicators[:3]            # no 满意度指标 indicator at all
    msgs = run(wb)
    m = only(msgs, "错误", "指标体系!B5")
    assert "满意度指标" in m.what and "合计0" in m.what


def test_framework_weights_not_100():
    wb = consistent()
    wb.weights[3].weight = D(25)
    msgs = run(wb)
    m = only(msgs, "错误", "指标体系!B2")        # the first weight's 分值
    assert "合计105" in m.what
    only(msgs, "错误", "绩效指标!F5")            # 满意度指标: 20 under it vs 25 in the framework


def test_indicator_level_not_in_framework():
    wb = consistent()
    wb.indicators[3].level1 = "满意指标"
    msgs = run(wb)
    m = only(msgs, "错误", "绩效指标!A5")
    assert "满意指标" in m.what


def test_framework_empty_with_indicators():
    wb = consistent()
    wb.weights = []
    only(run(wb), "错误", "指标体系!A2")


# ---------------------------------------------------------------- errors: 基础数据表 parents

def test_exact_parent_differs_from_nested_children():
    wb = consistent()
    wb.basic_rows[0].actual = D("30.01")         # 三公经费 vs 15 (10 + 5, itself summed) + 5 + 10
    msgs = run(wb)
    m = only(msgs, "错误", "基础数据表!D2")
    assert "三公经费" in m.what and "30.00" in m.what and "30.01" in m.what
    assert problems(msgs, "错误") == [("错误", "基础数据表!D2")]


def test_filled_middle_parent_differs_from_its_children():
    wb = consistent()
    wb.basic_rows[1].actual = D(16)              # 公务用车购置和维护经费 vs 10 + 5
    msgs = run(wb)
    only(msgs, "错误", "基础数据表!D3")
    only(msgs, "错误", "基础数据表!D2")           # and then 三公经费 30 ≠ 16 + 5 + 10


def test_project_parent_differs_from_project_rows():
    wb = consistent()
    wb.basic_rows[8].actual = D("411.20")
    msgs = run(wb)
    m = only(msgs, "错误", "基础数据表!D8")       # the 项目支出 row
    assert "项目支出" in m.what and "业务工作经费" in m.what


def test_parent_check_per_column():
    wb = consistent()
    wb.basic_rows[2].budget = D(12)
    wb.basic_rows[3].budget = D(6)
    wb.basic_rows[1].budget = D(17)              # 本年预算数 of 公务用车 ≠ 18
    msgs = run(wb)
    only(msgs, "错误", "基础数据表!C3")
    assert ("错误", "基础数据表!D3") not in problems(msgs)


def test_blank_parent_is_not_an_error():
    wb = consistent()
    wb.basic_rows[0].actual = None
    wb.basic_rows[6].actual = None
    assert problems(run(wb)) == []


def test_part_children_above_parent():
    wb = consistent()
    wb.basic_rows[10].actual = D("200.01")       # 办公经费: 200.01 + 50 + 50 > 300
    m = only(run(wb), "错误", "基础数据表!D11")
    assert "公用经费" in m.what


def test_part_children_below_parent_is_fine():
    wb = consistent()
    wb.basic_rows[10].actual = D(10)             # 10 + 50 + 50 < 300: 其中 items need not add up
    assert problems(run(wb)) == []


# ---------------------------------------------------------------- warnings: 资金情况

def test_income_does_not_sum_to_actual():
    wb = consistent()
    wb.funds.lines["收入：其他资金"].amount = D(900)
    msgs = run(wb)
    m = only(msgs, "错误", "资金情况!B5")         # the first 收入： line; 11.21 万元 apart
    assert "按收入性质" in m.what and "3900.00" in m.what and "3911.21" in m.what
    assert problems(msgs) == [("错误", "资金情况!B5")]


def test_income_within_rounding_of_actual_is_a_warning():
    wb = consistent()
    wb.funds.lines["收入：其他资金"].amount += D("0.01")     # one fen: a rounding slip
    m = only(run(wb), "警告", "资金情况!B5")
    assert "差0.01万元" in m.what and "四舍五入" in m.what


def test_spending_does_not_sum_to_actual():
    wb = consistent()
    wb.funds.lines["支出：基本支出"].amount = D(1600)
    msgs = run(wb)
    m = only(msgs, "错误", "资金情况!B7")
    assert "按支出性质" in m.what


def test_staff_plus_public_differs_from_basic():
    wb = consistent()
    wb.funds.lines["一般公共预算：人员经费"].amount = D(1100)
    msgs = run(wb)
    m = only(msgs, "错误", "资金情况!B10")        # at 一般公共预算：基本支出
    assert "人员经费" in m.what and "1400.00" in m.what
    assert problems(msgs) == [("错误", "资金情况!B10")]


def test_basic_plus_project_differs_from_paid():
    wb = consistent()
    wb.funds.lines["一般公共预算：财政拨款支出"].amount = D(3100)
    msgs = run(wb)
    m = only(msgs, "错误", "资金情况!B9")
    assert "3000.00" in m.what and "3100.00" in m.what
    assert problems(msgs) == [("错误", "资金情况!B9")]


def test_rate_below_100_without_explanation():
    wb = consistent()
    wb.funds.lines["全年预算数"].amount = D(4000)
    msgs = run(wb)
    m = only(msgs, "警告", "资金情况!B4")
    assert "97.78%" in m.what
    assert problems(msgs) == [("警告", "资金情况!B4")]


def test_rate_below_100_with_explanation():
    wb = consistent()
    wb.funds.lines["全年预算数"].amount = D(4000)
    wb.funds.lines["全年执行数"].note = "部分项目跨年实施，资金结转下年。"
    assert problems(run(wb)) == []


def test_rate_above_100_is_flagged_for_the_unit_as_for_a_project():
    wb = consistent()
    wb.funds.lines["全年预算数"].amount = D(3900)
    m = only(run(wb), "警告", "资金情况!B4")
    assert "超过全年预算数3900.00万元，执行率100.29%（按报告格式得满分）" in m.what
    assert "没有说明原因" not in m.what


# ---------------------------------------------------------------- checks that follow the format

def fmt_run(wb: Workbook, f=None):
    f = f or fmt()
    return check(wb, compute(wb, f.scoring), f.scoring, f.name)


def test_consistent_workbook_passes_the_default_format():
    wb = consistent()
    assert problems(fmt_run(wb)) == []


def test_framework_without_budget_row_never_adds_up_to_110_silently():
    wb = consistent()
    wb.weights = [w for w in wb.weights if w.name != "预算执行率"]
    wb.weights[0].weight = D(50)                   # 50 + 30 + 20 = 100 without the budget line
    wb.indicators[0].weight = wb.indicators[0].score = D(30)
    msgs = fmt_run(wb)
    m = only(msgs, "错误", "指标体系!B3")
    assert "没有“预算执行率”一行" in m.what and "合计将为110分，不是100分" in m.what
    assert compute(wb, fmt().scoring).evaluation.total == D("110.00")     # what would have printed


def test_framework_total_follows_the_format():
    wb = consistent()
    # budget outside the total: the other 一级指标 alone must make 100
    assert "不等于100分" in only(fmt_run(wb, fmt(scoring__budget_in_total=False)), "错误", "指标体系!B2").what
    wb.weights[1].weight = D(50)
    wb.indicators[0].weight = wb.indicators[0].score = D(30)
    assert problems(fmt_run(wb, fmt(scoring__budget_in_total=False)), "错误") == []
    assert "110分（含预算执行率），不等于120分" in only(fmt_run(wb, fmt(scoring__total=120)), "错误", "指标体系!B2").what


def test_empty_framework_uses_the_format_and_says_so():
    wb = consistent()
    wb.weights = []
    msgs = fmt_run(wb)
    assert "已按报告格式“default”的指标框架核对" in only(msgs, "提示", "指标体系!A2").what
    # the default framework: 产出40 效益20 满意度10 成本20 — this workbook has 40/30/20/none
    assert problems(msgs, "错误") == [("错误", "绩效指标"), ("错误", "绩效指标!F4"), ("错误", "绩效指标!F5")]


def test_level2_outside_the_format_framework_is_a_warning():
    wb = consistent()
    wb.indicators[0].level2 = "数量指际"
    f = fmt(framework__level=[{"name": "产出指标", "weight": 40, "level2": ["数量指标", "质量指标"]},
                              {"name": "效益指标", "weight": 30}, {"name": "满意度指标", "weight": 20}])
    m = only(fmt_run(wb, f), "警告", "绩效指标!B2")
    assert "二级指标“数量指际”不是“产出指标”下的二级指标" in m.what and "数量指标、质量指标" in m.todo


def test_project_framework_from_the_format():
    wb = consistent()
    f = fmt(project__level=[{"name": "产出指标", "weight": 60}, {"name": "效益指标", "weight": 40}])
    msgs = fmt_run(wb, f)
    m = only(msgs, "错误", "项目绩效指标!G2")
    assert "项目“社区治理项目”一级指标“产出指标”下各指标分值合计50，与报告格式“default”规定的60分不一致" in m.what
    assert "项目“社区治理项目”一级指标“效益指标”" not in str([str(x) for x in msgs])
    wb.projects[0].indicators[1].level1 = "满意度指标"
    assert any("不在报告格式“default”的项目指标框架中" in x.what for x in fmt_run(wb, f))


def test_public_funds_differ_from_basic_table():
    wb = consistent()
    wb.basic_rows[9].actual = D(280)             # 基础数据表 公用经费 (children 200 ≤ 280: no error)
    msgs = run(wb)
    m = only(msgs, "警告", "资金情况!B12")        # 一般公共预算：公用经费
    assert "公用经费" in m.what and "280.00" in m.what and "300.00" in m.what
    assert problems(msgs) == [("警告", "资金情况!B12")]


def test_public_funds_compared_with_computed_value_only_when_present():
    wb = consistent()
    wb.basic_rows[9].actual = None               # blank 公用经费 is not summed ("part"): nothing to compare
    assert problems(run(wb)) == []


def test_project_spending_compared_with_summed_basic_table():
    wb = consistent()
    wb.basic_rows[6].actual = None               # 项目支出 blank → 2000 + 411.21
    wb.basic_rows[8].actual = D(400)             # → 2400 ≠ 支出：项目支出 2411.21
    msgs = run(wb)
    only(msgs, "警告", "资金情况!B8")


def test_negative_amount_is_an_error():
    wb = consistent()
    wb.funds.lines["年初预算数"].amount = D(-1)
    only(run(wb), "错误", "资金情况!B2")


# ---------------------------------------------------------------- warnings: indicators

def test_score_below_weight_without_remark():
    wb = consistent()
    wb.indicators[1].score = D(18)               # qualitative: no rule to compare with
    msgs = run(wb)
    m = only(msgs, "警告", "绩效指标!H3")
    assert "18" in m.what and "20" in m.what
    assert problems(msgs) == [("警告", "绩效指标!H3")]


def test_score_below_weight_with_remark():
    wb = consistent()
    wb.indicators[1].score = D(18)
    wb.indicators[1].remark = "部分工作未达预期，下一步加强督导。"
    assert problems(run(wb)) == []


def test_entered_score_differs_from_rule():
    wb = consistent()
    ind = wb.indicators[0]
    ind.actual, ind.score = "3次", D(15)            # rule: 20 × 3 / 6 = 10.00; no 评分理由
    msgs = run(wb)
    m = only(msgs, "警告", "绩效指标!G2")
    assert "15" in m.what and "10.00" in m.what
    assert problems(msgs) == [("警告", "绩效指标!G2"), ("警告", "绩效指标!H2")]   # and 偏差原因 asked for
    ind.remark = "按季度考核，实际完成3次已达当年要求，评15分"   # the 评分理由 the warning asked for
    assert problems(run(wb)) == []


def test_entered_score_equal_to_rule():
    wb = consistent()
    ind = wb.indicators[0]
    ind.actual, ind.score, ind.remark = "3次", D(10), "受疫情影响"
    assert problems(run(wb)) == []


def test_blank_quantitative_score_is_a_note_not_a_warning():
    wb = consistent()
    ind = wb.indicators[0]
    ind.actual, ind.score, ind.remark = "3次", None, "受疫情影响"
    msgs = run(wb)
    assert problems(msgs) == []
    m = only(msgs, "提示", "绩效指标!G2")
    assert "10.00" in m.what


def test_blank_score_below_weight_by_rule_without_remark_warns():
    wb = consistent()
    ind = wb.indicators[0]
    ind.actual, ind.score = "3次", None
    only(run(wb), "警告", "绩效指标!H2")


def test_project_indicator_weights_not_90():
    wb = consistent()
    wb.projects[0].indicators[0].weight = D(40)
    wb.projects[0].indicators[0].score = D(40)
    m = only(run(wb), "警告", "项目绩效指标!G2")
    assert "80" in m.what


def test_project_execution_above_budget():
    wb = consistent()
    wb.projects[0].funds[0].actual = D(130)
    only(run(wb), "警告", "项目资金!E2")


def test_project_without_funds():
    wb = consistent()
    wb.projects[0].funds = []
    only(run(wb), "警告", "项目!A2")


# ---------------------------------------------------------------- 基本信息

def test_staff_quota_zero():
    wb = consistent()
    wb.info.staff_quota = 0
    msgs = run(wb)
    m = only(msgs, "错误", "基本信息!B11")
    assert "编制数为0" in m.what
    assert problems(msgs) == [("错误", "基本信息!B11")]


def test_staff_above_quota_is_only_a_note():
    wb = consistent()
    wb.info.staff_actual = 36
    msgs = run(wb)
    assert problems(msgs) == []
    only(msgs, "提示", "基本信息!B12")


def test_fill_date_before_year():
    wb = consistent()
    wb.info.fill_date = date(2022, 12, 31)
    only(run(wb), "警告", "基本信息!B9")


# ---------------------------------------------------------------- 预算支出表 and 楼堂馆所

def test_budget_rows_against_funds():
    wb = consistent()
    extra_refs = {"项目": "资金情况!A20", "金额（万元）": "资金情况!B20", "说明": "资金情况!C20"}
    wb.funds.lines["政府性基金预算支出"] = FundLine(D(15), "", extra_refs)
    refs = {"预算类型": "预算支出表!A2", "科目编码": "预算支出表!B2", "科目名称": "预算支出表!C2",
            "合计": "预算支出表!D2", "基本支出": "预算支出表!E2", "项目支出": "预算支出表!F2"}
    wb.budget_rows = [BudgetRow("政府性基金预算", "2120801", "征地和拆迁补偿支出", D(10), D(0), D(10), refs)]
    only(run(wb), "错误", "资金情况!B20")
    wb.funds.lines["政府性基金预算支出"].amount = D(10)
    assert problems(run(wb)) == []
    wb.budget_rows[0].total = D(11)
    only(run(wb), "错误", "预算支出表!D2")


def test_building_over_approved():
    wb = consistent()
    refs = {"项目名称": "楼堂馆所!A2", "批复规模（㎡）": "楼堂馆所!B2", "实际规模（㎡）": "楼堂馆所!C2",
            "预算投资（万元）": "楼堂馆所!D2", "实际投资（万元）": "楼堂馆所!E2"}
    wb.buildings = [Building("办公楼", D(1000), D(1000), D(500), D(500), refs)]
    assert problems(run(wb)) == []
    wb.buildings[0].actual_area = D(1001)
    wb.buildings[0].actual_invest = D(501)
    assert problems(run(wb)) == [("警告", "楼堂馆所!C2"), ("警告", "楼堂馆所!E2")]


@pytest.mark.parametrize("mutate", [
    lambda wb: setattr(wb.indicators[0], "score", D(25)),
    lambda wb: setattr(wb.basic_rows[0], "actual", D(31)),
    lambda wb: setattr(wb.weights[0], "weight", D(11)),
])
def test_errors_are_errors(mutate):
    wb = consistent()
    mutate(wb)
    assert any(m.is_error for m in run(wb))


def test_framework_rows_without_a_name_or_twice():
    wb = consistent()
    wb.weights.append(Weight("", D(5), {"一级指标": "指标体系!A6", "分值": "指标体系!B6"}))
    wb.weights.append(Weight("效益指标", D(30), {"一级指标": "指标体系!A7", "分值": "指标体系!B7"}))
    msgs = run(wb)
    assert "一级指标为空（分值5）" in only(msgs, "错误", "指标体系!A6").what
    assert "一级指标“效益指标”在指标体系中重复" in only(msgs, "错误", "指标体系!A7").what
    assert not any("一级指标“”" in m.what or "：、" in m.todo for m in msgs)
