"""indicator_rollups_refresh: the prefectures' accepted values roll up to the province by each target's method,
carried forward from period to period, and an official statistic takes precedence on and after its date."""

from datetime import date
from decimal import Decimal

import time_machine

from indicators.models import Indicator, IndicatorValue
from indicators.selectors import with_current_value
from indicators.services import indicator_value_add
from recompute.services import snapshots_recompute
from reporting.services import LineInput, indicator_rollups_refresh, report_accept
from tests.factories import UserFactory, period_opened, prefecture_reporters, report_filled, report_of, report_submitted


def _accepted(period, name, *, reporter, coordinator, lines):
    report_accept(report=report_submitted(report_of(period, name), actor=reporter, lines=lines), actor=coordinator)


def _rolled(code):
    return {v.as_of: v for v in IndicatorValue.objects.filter(indicator__code=code, rolled_up=True)}


def test_accepted_values_roll_up_by_the_targets_method(period, users):
    values = {
        "kunming": {"I11": LineInput(value=Decimal(3)), "I04": LineInput(value=Decimal(8)),
                    "I02": LineInput(numerator=Decimal(90), denominator=Decimal(100)),
                    "I17": LineInput(value=Decimal(2))},
        "dali": {"I11": LineInput(value=Decimal(5)), "I04": LineInput(value=Decimal(12)),
                 "I02": LineInput(numerator=Decimal(50), denominator=Decimal(100)),
                 "I17": LineInput(value=Decimal(1))},
    }
    for user, name in (("kunming", "昆明市"), ("dali", "大理白族自治州")):
        _accepted(period, name, reporter=users[user], coordinator=users["coordinator"], lines=values[user])
    yuxi_user = UserFactory(username="yuxi", agency_name="玉溪市", roles=["prefecture_reporter"])
    report_submitted(report_of(period, "玉溪市"), actor=yuxi_user,  # submitted, not accepted: not counted
                     lines={"I11": LineInput(value=Decimal(100))})
    chuxiong_user = UserFactory(username="chuxiong", agency_name="楚雄彝族自治州", roles=["prefecture_reporter"])
    report_filled(report_of(period, "楚雄彝族自治州"), actor=chuxiong_user,  # a draft: not counted
                  lines={"I11": LineInput(value=Decimal(200))})

    assert indicator_rollups_refresh() > 0
    end = date(2025, 6, 30)
    assert _rolled("I11")[end].value == 8 and _rolled("I11")[end].prefectures == 2  # sum
    assert _rolled("I04")[end].value == 12  # the slowest prefecture
    assert _rolled("I02")[end].value == Decimal("70.0000")  # 140 / 200, not the mean of 90% and 50%
    assert _rolled("I17")[end].value == 1  # every community: the smallest
    assert _rolled("I11")[end].source == "2025年第2季度" and _rolled("I11")[end].entered_by is None
    assert indicator_rollups_refresh() == 0  # nothing changed, nothing rewritten


def test_a_prefecture_not_reporting_again_counts_with_its_last_value(period, users):
    for user, name, value in (("kunming", "昆明市", 3), ("dali", "大理白族自治州", 5)):
        _accepted(period, name, reporter=users[user], coordinator=users["coordinator"],
                  lines={"I11": LineInput(value=Decimal(value))})
    q3 = period_opened(actor=users["coordinator"], number=3, at="2025-10-01 09:00 +0800")
    _accepted(q3, "昆明市", reporter=users["kunming"], coordinator=users["coordinator"],
              lines={"I11": LineInput(value=Decimal(10))})
    indicator_rollups_refresh()
    rolled = _rolled("I11")
    assert rolled[date(2025, 6, 30)].value == 8 and rolled[date(2025, 9, 30)].value == 15  # 10 + 大理's 5


def test_an_official_statistic_takes_precedence_until_later_reports(period, users):
    for user, name, value in (("kunming", "昆明市", 3), ("dali", "大理白族自治州", 5)):
        _accepted(period, name, reporter=users[user], coordinator=users["coordinator"],
                  lines={"I11": LineInput(value=Decimal(value))})
    indicator_rollups_refresh()
    indicator = Indicator.objects.filter(code="I11")

    def in_force():
        current = with_current_value(indicator, as_of=date(2026, 12, 2)).get()
        return current.current, current.current_rolled_up

    assert in_force() == (8, True)
    with time_machine.travel("2025-07-20 09:00 +0800"):
        indicator_value_add(indicator=indicator.get(), value=Decimal(9), as_of=date(2025, 6, 30),
                            source="省水利厅统计年报", actor=users["coordinator"])
    assert in_force() == (9, False)  # same date as the roll-up: the official statistic wins
    q3 = period_opened(actor=users["coordinator"], number=3, at="2025-10-01 09:00 +0800")
    _accepted(q3, "昆明市", reporter=users["kunming"], coordinator=users["coordinator"],
              lines={"I11": LineInput(value=Decimal(10))})
    indicator_rollups_refresh()
    assert in_force() == (15, True)  # reports of a later period take over


def test_sixteen_large_values_fit_the_provincial_value(users):
    period = period_opened(actor=users["coordinator"])
    for agency, reporter in prefecture_reporters().items():
        _accepted(period, agency.name, reporter=reporter, coordinator=users["coordinator"],
                  lines={"I11": LineInput(value=Decimal("999999999"))})
    indicator_rollups_refresh()
    assert _rolled("I11")[date(2025, 6, 30)].value == 16 * 999999999


def test_the_dashboard_says_where_a_value_comes_from(period, users, client_for):
    for user, name in (("kunming", "昆明市"), ("dali", "大理白族自治州")):
        _accepted(period, name, reporter=users[user], coordinator=users["coordinator"],
                  lines={"I02": LineInput(numerator=Decimal(80), denominator=Decimal(100))})
    snapshots_recompute()
    page = client_for("leader").get("/dashboard/").content.decode()
    row = page[page.index("/indicators/I02/"):][:1500]
    assert "80%" in row and "汇总自州市报送" in row and "2025-06-30" in row
