"""Numbers written as people write them (core.numbers), in reasons above all."""

from datetime import date
from decimal import Decimal

import pytest

from core.lights import indicator_progress
from core.numbers import plain_number


@pytest.mark.parametrize(("value", "written"), [
    (1.2, "1.2"), (0.9, "0.9"), (0.1 + 0.2, "0.3"), (979.0, "979"), (1e-7, "0.0000001"), (2.5e10, "25000000000"),
    (Decimal("144.0000"), "144"), (Decimal("0.9000"), "0.9"), (Decimal("1E+3"), "1000"), (979, "979"),
])
def test_a_number_as_a_person_writes_it(value, written):
    assert plain_number(value) == written


def test_a_reason_carries_no_float_noise():
    # 森林火灾受害率 ≤0.9‰ measured 1.2‰: the values reach the judgement as floats
    judged = indicator_progress(today=date(2023, 12, 31), comparator="<=", kind="rate", target=0.9,
                                target_year=2025, baseline=1.2, baseline_year=2020, current=1.2,
                                current_date=date(2023, 12, 31), unit="‰")
    assert "现值1.2‰,目标0.9‰" in judged.reason and "基期2020年1.2‰" in judged.reason
