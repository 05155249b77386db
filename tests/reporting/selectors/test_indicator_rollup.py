"""indicator_rollup: submitted prefecture values roll up to the province by each indicator's method (sum, the
slowest, ratio of the sums, the smallest); drafts do not count."""

from decimal import Decimal

from core.channels import Channel
from reporting.selectors import indicator_rollup
from reporting.services import (
    LineInput,
    report_save,
)
from tests.factories import UserFactory, report_of, report_submitted


def test_prefecture_values_roll_up_by_the_indicators_method(period, users):
    values = {
        "kunming": {"I11": LineInput(value=Decimal(3)), "I04": LineInput(value=Decimal(8)),
                    "I02": LineInput(numerator=Decimal(90), denominator=Decimal(100)),
                    "I17": LineInput(value=Decimal(2))},
        "dali": {"I11": LineInput(value=Decimal(5)), "I04": LineInput(value=Decimal(12)),
                 "I02": LineInput(numerator=Decimal(50), denominator=Decimal(100)),
                 "I17": LineInput(value=Decimal(1))},
    }
    for user, name in (("kunming", "昆明市"), ("dali", "大理白族自治州")):
        report_submitted(report_of(period, name), actor=users[user], lines=values[user])
    yuxi = report_of(period, "玉溪市")  # a draft: not counted
    report_save(channel=Channel.PAGE, report=yuxi, items={}, actor=_yuxi_user(), expected_version=1,
                lines={yuxi.indicator_lines.get(indicator__code="I11").pk: LineInput(value=Decimal(100))})
    rolled = {row["indicator"].code: row for row in indicator_rollup(period=period)}
    assert rolled["I11"]["value"] == 8  # sum
    assert rolled["I04"]["value"] == 12  # the slowest prefecture
    assert rolled["I02"]["value"] == Decimal("70.0000")  # 140 / 200, not the mean of 90% and 50%
    assert rolled["I17"]["value"] == 1  # every community: the smallest
    line = report_of(period, "昆明市").indicator_lines.get(indicator__code="I02")
    assert line.value == Decimal("90.0000")


def _yuxi_user():
    return UserFactory(username="yuxi", agency_name="玉溪市", roles=["prefecture_reporter"])
