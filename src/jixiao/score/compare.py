"""Year on year: this year's 总分 against last year's (`summary --compare`). The one place the
change is computed (nothing outside score/ computes a figure)."""
from __future__ import annotations

from decimal import Decimal

from jixiao.score.figures import half_up


def score_change(total: Decimal | None, last: Decimal | None) -> Decimal | None:
    """总分 minus 上年总分, to the cent (half up); None when either is missing."""
    if total is None or last is None:
        return None
    return half_up(half_up(total) - half_up(last))
