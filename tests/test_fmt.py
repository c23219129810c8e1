"""The one formatter: half-up, never "-0.00", and amounts in messages as entered."""
from decimal import Decimal as D

import pytest

from jixiao import fmt


@pytest.mark.parametrize("value, money", [
    (D("0.125"), "0.13"), (D("2.675"), "2.68"), (D("1.005"), "1.01"), (D("-1.005"), "-1.01"),
    (D("-0"), "0.00"), (D("-0.004"), "0.00"), (D("1506.955"), "1506.96"), (None, ""),
])
def test_money(value, money):
    assert fmt.money(value) == money


def test_pct_and_money_as_entered():
    assert fmt.pct(D("0.48645")) == "48.65%" and fmt.pct(D("-0.00001")) == "0.00%"
    assert fmt.money_as_entered(D("500.004")) == "500.004" and fmt.money_as_entered(D("500")) == "500.00"
    assert fmt.money_as_entered(D("800.008")) == "800.008" and fmt.money_as_entered(None) == ""
