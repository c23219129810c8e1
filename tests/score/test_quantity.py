from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.score.quantity import Quantity, RuleScore, parse_quantity, score_by_rule


@pytest.mark.parametrize(
    "text, value, unit, op, qualifier",
    [
        ("≥95%", "95", "%", ">=", ""),
        ("≧100篇", "100", "篇", ">=", ""),
        (">=90%", "90", "%", ">=", ""),
        ("≥ 90 %", "90", "%", ">=", ""),
        ("不低于95%", "95", "%", ">=", ""),
        ("不少于6个", "6", "个", ">=", ""),
        ("≤5%", "5", "%", "<=", ""),
        ("≦1902.68万元", "1902.68", "万元", "<=", ""),
        ("不高于3%", "3", "%", "<=", ""),
        ("不超过10人", "10", "人", "<=", ""),
        ("低于2%", "2", "%", "<", ""),
        ("小于5次", "5", "次", "<", ""),
        ("大于80%", "80", "%", ">", ""),
        ("高于90%", "90", "%", ">", ""),
        ("10亿元", "10", "亿元", None, ""),
        ("162户", "162", "户", None, ""),
        ("21个村（社区）", "21", "个", None, "村（社区）"),
        ("预算金额≤1902.68万元", "1902.68", "万元", "<=", "预算金额"),
        ("1902.68万", "1902.68", "万元", None, ""),
        ("2606.21万元", "2606.21", "万元", None, ""),
        ("102.07%", "102.07", "%", None, ""),
        ("100%", "100", "%", None, ""),
        ("7个", "7", "个", None, ""),
        ("10人", "10", "人", None, ""),
        ("1年", "1", "年", None, ""),
        ("2023年", "2023", "年", None, ""),
        ("1次闯关赛", "1", "次", None, "闯关赛"),
        ("8次相关活动", "8", "次", None, "相关活动"),
        ("１５０６．９５", "1506.95", "", None, ""),
        ("９５％", "95", "%", None, ""),
        ("1,506.95万元", "1506.95", "万元", None, ""),
        ("1，506.95万元", "1506.95", "万元", None, ""),
        ("  98% ", "98", "%", None, ""),
        ("＝100%", "100", "%", "=", ""),
        ("95%以上", "95", "%", ">=", ""),
        ("5个工作日以内", "5", "个", "<=", "工作日"),
        ("10万册", "10", "万册", None, ""),
    ],
)
def test_parse_quantity(text, value, unit, op, qualifier):
    assert parse_quantity(text) == Quantity(D(value), unit, op, qualifier)


@pytest.mark.parametrize(
    "text",
    ["有所提升", "持续稳定", "及时", "日产日清", "进一步加强", "比较满意", "", "   ",
     "1-2次", "3至5个", "5次10人", "不低于上年"],
)
def test_not_a_quantity(text):
    assert parse_quantity(text) is None


@pytest.mark.parametrize(
    "target, actual, weight, name, score, direction",
    [
        ("≥95%", "98%", "10", "", "10", "正向"),
        ("6次", "3次", "2", "党员活动≥（次）", "1.00", "正向"),
        ("≥90%", "85%", "4", "", "3.78", "正向"),
        ("≤5%", "8%", "10", "", "6.25", "反向"),
        ("预算金额≤1902.68万元", "1902.68万", "10", "", "10", "反向"),
        ("≧2000万元", "2606.21万元", "4", "", "4", "正向"),
        ("≥2000万元", "0.3亿元", "4", "", "4", "正向"),
        ("≥2000万元", "0.1亿元", "4", "", "2.00", "正向"),
        ("≥10000元", "1万元", "3", "", "3", "正向"),
        ("10人", "5人", "3", "新征民兵≥（人）", "1.50", "正向"),
        ("5%", "8%", "10", "成本控制率≤（%）", "6.25", "反向"),
        ("≤5%", "0%", "10", "", "10", "反向"),
        ("≥0个", "0个", "2", "", "2", "正向"),
        ("≥100%", "0%", "5", "", "0.00", "正向"),
        ("＝100%", "99%", "5", "", "4.95", "正向"),
        ("21个村（社区）", "21个", "2", "", "2", "正向"),
    ],
)
def test_score_by_rule(target, actual, weight, name, score, direction):
    result = score_by_rule(target, actual, D(weight), name)
    assert result.score == D(score)
    assert result.direction == direction
    assert result.reason


def test_full_score_reason():
    result = score_by_rule("≥98%", "100%", D(5))
    assert result.reason == "实际值100%达到目标值≥98%，得满分"


@pytest.mark.parametrize(
    "target, actual",
    [("1次闯关赛", "8次相关活动"), ("有所提升", "有所提升"), ("≥100篇", "0.5亿元"),
     ("≥95%", "比较满意"), ("及时", "100%"), ("≥95%", "98"), ("7个", "7人")],
)
def test_not_comparable(target, actual):
    result = score_by_rule(target, actual, D(2))
    assert result.score is None
    assert "不能按规则计分" in result.reason


def test_qualifier_mismatch_reason():
    result = score_by_rule("1次闯关赛", "8次相关活动", D(2))
    assert result == RuleScore(None, "实际值“8次相关活动”带有目标值没有的说明（相关活动），不能按规则计分", "正向")
    assert score_by_rule("95%", "约95%", D(10)).score is None          # words only the actual has
    assert score_by_rule("≥95个社区", "98个", D(10)).score == D(10)     # the actual may leave words out


@pytest.mark.parametrize("target, actual", [
    ("≥95%", "未达到95%"), ("≥95%", "不足95%"), ("≥95%", "低于95%"), ("≥95%", "95%以下"),
    ("≤5%", "超过5%"), ("３个", "≤2个"), ("≤5%", "未超过5%"),
])
def test_an_actual_value_with_a_comparison_is_left_to_the_clerk(target, actual):
    result = score_by_rule(target, actual, D(10))
    assert result.score is None and "带有比较词" in result.reason


@pytest.mark.parametrize("target, actual, score", [
    ("≥-5%", "-2%", "10"),            # met: full marks
    ("-5%", "-5%", "10"),
    ("-5%", "-8%", None),             # not met with negatives: the proportion means nothing
    ("≤-5%", "-2%", None),
    ("≥95%", "-3%", None),
    ("≤0起", "2起", "0.00"),           # 反向 with a zero target: 分值 × 0 / 2
])
def test_negative_values(target, actual, score):
    result = score_by_rule(target, actual, D(10))
    assert result.score == (None if score is None else D(score)), result.reason


def test_a_range_is_not_a_negative_number():
    assert parse_quantity("1-2次") is None and parse_quantity("-2次").value == D(-2)


def test_bad_weight_gives_no_score():
    assert score_by_rule("≥95%", "90%", D(-1)).score is None
    assert score_by_rule("≥95%", "90%", D("NaN")).score is None


_numberish = st.text(alphabet="0123456789０９.．,，%％≥≤≧≦<>=＝-至万亿元个次人 不低于超过以上闯关",
                     max_size=12)


@settings(max_examples=300)
@given(target=st.one_of(st.text(), _numberish), actual=st.one_of(st.text(), _numberish),
       name=st.text(max_size=10),
       weight=st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
def test_never_raises_and_score_in_range(target, actual, name, weight):
    parse_quantity(target)
    result = score_by_rule(target, actual, weight, name)
    assert isinstance(result.reason, str) and result.reason
    if result.score is not None:
        assert D(0) <= result.score <= weight
