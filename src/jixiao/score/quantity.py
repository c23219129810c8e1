"""Parse free-typed indicator values (年度指标值 / 实际完成值) and score them by rule.

Rule: target met (≥ for 正向, ≤ for 反向) → full 分值; otherwise
分值 × 完成值 / 指标值 (正向) or 分值 × 指标值 / 完成值 (反向), half-up to two decimals.
Pure module: Decimal only, never raises on bad text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Full-width digits and the punctuation clerks use around numbers; brackets are kept as typed.
_FULLWIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
_FULLWIDTH.update({ord(a): ord(b) for a, b in zip("％．，＝＞＜＋－：−", "%.,=><+-:-")})
_FULLWIDTH[0x3000] = ord(" ")

# Comparison signs and words, longest first so 不低于 wins over 低于.
_OPS = sorted(
    [(">=", ">="), ("=>", ">="), ("≥", ">="), ("≧", ">="), ("⩾", ">="),
     ("<=", "<="), ("=<", "<="), ("≤", "<="), ("≦", "<="), ("⩽", "<="),
     ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("大于等于", ">="),
     ("大于或等于", ">="), ("至少", ">="), ("达到", ">="),
     ("不高于", "<="), ("不超过", "<="), ("不多于", "<="), ("不大于", "<="),
     ("小于等于", "<="), ("小于或等于", "<="), ("最多", "<="),
     ("低于", "<"), ("小于", "<"), ("少于", "<"), ("不足", "<"), ("未达到", "<"), ("未达", "<"),
     ("未超过", "<="),
     ("高于", ">"), ("大于", ">"), ("多于", ">"), ("超过", ">"),
     ("等于", "="), (">", ">"), ("<", "<"), ("=", "=")],
    key=lambda pair: -len(pair[0]),
)
_SUFFIX_OPS = [("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="),
               ("之内", "<=")]
_UNITS = sorted(["%", "‰", "个百分点", "百分点", "万元", "亿元", "千元", "元", "万人次", "万人",
                 "人次", "个月", "平方米", "公里", "千米", "小时", "工作日"], key=len, reverse=True)
_MONEY = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(10) ** 8}
# a number, with a minus sign only when the sign stands right before it and not after another
# number ("1-2次" is a range: two numbers)
_NUMBER = re.compile(r"(?:(?<![0-9.])-)?(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TRIM = " \t:：,，、;；"


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str
    op: str | None
    qualifier: str


@dataclass(frozen=True)
class RuleScore:
    score: Decimal | None
    reason: str
    direction: str | None


def _normalise(text: str) -> str:
    text = str(text).translate(_FULLWIDTH).strip()
    # Drop whitespace except between two digits ("1 2" stays two numbers).
    return re.sub(r"(?<![0-9])\s+|\s+(?![0-9])", "", text)


def _take_op(text: str) -> tuple[str | None, str]:
    for token, op in _OPS:
        if token in text:
            return op, text.replace(token, "", 1)
    return None, text


def _take_unit(rest: str) -> tuple[str, str]:
    if any(rest.startswith(word) for word, _ in _SUFFIX_OPS):
        return "", rest
    for unit in _UNITS:
        if rest.startswith(unit):
            return unit, rest[len(unit):]
    if rest[:1] in ("万", "亿"):  # bare 万 / 亿 means money; 万册 etc. stays its own unit
        if not _CJK.match(rest[1:2]):
            return rest[0] + "元", rest[1:]
        return rest[:2], rest[2:]
    if _CJK.match(rest[:1]):
        return rest[0], rest[1:]
    return "", rest


def parse_quantity(text: str) -> Quantity | None:
    """One number with optional sign, unit and words around it; None otherwise."""
    if text is None:
        return None
    s = _normalise(text)
    numbers = list(_NUMBER.finditer(s))
    if len(numbers) != 1:
        return None  # qualitative, empty, range (1-2次) or two numbers (5次10人)
    match = numbers[0]
    op, prefix = _take_op(s[:match.start()])
    unit, rest = _take_unit(s[match.end():])
    for word, suffix_op in _SUFFIX_OPS:
        if rest.endswith(word):  # 95%以上, 5个工作日以内
            rest, op = rest[:-len(word)], op or suffix_op
            break
    qualifier = (prefix.strip(_TRIM) + rest.strip(_TRIM)).strip(_TRIM)
    return Quantity(Decimal(match.group().replace(",", "")), unit, op, qualifier)


def _same_qualifier(target: str, actual: str) -> bool:
    """The actual value may leave out the target's words ("≥95个社区" / "98个"), but words only
    the actual has ("约95%", "95%左右") make it something else than the number."""
    return not actual or unicodedata.normalize("NFKC", target) == unicodedata.normalize("NFKC", actual)


def _in_common_unit(target: Quantity, actual: Quantity) -> tuple[Decimal, Decimal] | None:
    if target.unit == actual.unit:
        return target.value, actual.value
    if target.unit in _MONEY and actual.unit in _MONEY:
        return target.value * _MONEY[target.unit], actual.value * _MONEY[actual.unit]
    return None


def score_by_rule(target: str, actual: str, weight: Decimal, indicator_name: str = "") -> RuleScore:
    """Score one quantitative indicator by the spec's rule; score None when not comparable."""
    t, a = parse_quantity(target), parse_quantity(actual)
    op = t.op if t and t.op else _take_op(_normalise(indicator_name or ""))[0]
    direction = "反向" if op in ("<=", "<") else "正向"
    t_text, a_text = str(target or "").strip(), str(actual or "").strip()
    if t is None and a is None:
        return RuleScore(None, "定性指标或无法识别的数值，不能按规则计分", None)
    if t is None:
        return RuleScore(None, f"目标值“{t_text}”不是单一数值，不能按规则计分", None)
    if a is None:
        return RuleScore(None, f"实际值“{a_text}”不是单一数值，不能按规则计分", direction)
    if a.op is not None:       # "未达到95%", "不足95%", "超过5%": not a value to compare
        return RuleScore(None, f"实际值“{a_text}”带有比较词，不是确切的完成值，不能按规则计分", direction)
    values = _in_common_unit(t, a)
    if values is not None and not _same_qualifier(t.qualifier, a.qualifier):
        return RuleScore(None, f"实际值“{a_text}”带有目标值没有的说明（{a.qualifier}），不能按规则计分", direction)
    if values is None:
        shown = [f"{q.unit}{q.qualifier}" or "无单位" for q in (t, a)]
        return RuleScore(None, f"单位不同（{shown[0]}/{shown[1]}），不能按规则计分", direction)
    try:
        weight = weight if isinstance(weight, Decimal) else Decimal(str(weight))
        if not weight.is_finite() or weight < 0:
            return RuleScore(None, f"分值{weight}无效，不能按规则计分", direction)
        tv, av = values
        met = av >= tv if direction == "正向" else av <= tv
        if met:
            return RuleScore(weight, f"实际值{a_text}达到目标值{t_text}，得满分", direction)
        # the proportional rule needs positive quantities: 正向 av < tv needs tv > 0 and av ≥ 0,
        # 反向 av > tv needs tv ≥ 0 (then av > 0); with a negative target it means nothing
        if (direction == "正向" and (tv <= 0 or av < 0)) or (direction == "反向" and tv < 0):
            return RuleScore(None, f"实际值{a_text}未达到目标值{t_text}，目标或实际值为负数或零，"
                                   f"不能按比例计分", direction)
        ratio = av / tv if direction == "正向" else tv / av
        score = (weight * ratio).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        score = min(weight, max(Decimal("0.00"), score))
    except (InvalidOperation, ArithmeticError):
        return RuleScore(None, "数值超出计算范围，不能按规则计分", direction)
    formula = "分值×完成值/指标值" if direction == "正向" else "分值×指标值/完成值"
    return RuleScore(score, f"实际值{a_text}未达到目标值{t_text}，按{formula}得{score}分", direction)
