"""The light and progress functions (core.lights), rule by rule, with fixed dates."""

from datetime import date

import pytest

from core.lights import Rules, expected_pace, indicator_progress, item_light, pace_needed, report_light

RULES = Rules()  # plan start 2021-01-01, 90-day window, 15-point margin, 92-day period
END_2025 = date(2025, 12, 31)


def light(today, *, deadline=END_2025, status="in_progress", percent=50, last_update=None,
          tracked_since=date(2024, 1, 1)):
    return item_light(today=today, deadline=deadline, status=status, percent=percent, last_update=last_update,
                      tracked_since=tracked_since, rules=RULES)


def test_expected_pace_is_the_share_of_time_elapsed():
    assert expected_pace(today=date(2021, 1, 1), start=date(2021, 1, 1), end=END_2025) == 0
    assert expected_pace(today=date(2023, 7, 2), start=date(2021, 1, 1), end=END_2025) == 50.0
    assert expected_pace(today=date(2030, 1, 1), start=date(2021, 1, 1), end=END_2025) == 100


def test_overdue_and_incomplete_is_red_with_days_and_percent():
    judged = light(date(2026, 2, 1), percent=60)
    assert judged.light == "red"
    assert judged.reason == "已超过完成时限(2025-12-31)32天,完成度60%"


def test_completed_is_green_even_after_the_deadline():
    assert light(date(2026, 2, 1), status="completed", percent=100).light == "green"


def test_near_the_deadline_is_yellow():
    judged = light(date(2025, 11, 1), percent=97)
    assert judged.light == "yellow" and "距完成时限(2025-12-31)还有60天" in judged.reason


def test_behind_the_expected_pace_is_yellow():
    judged = light(date(2023, 7, 2), percent=25)  # expected 50%
    assert judged.light == "yellow" and judged.reason.startswith("落后序时进度25个百分点")


def test_within_the_margin_is_green():
    judged = light(date(2023, 7, 2), percent=40)  # 10 points behind, margin 15
    assert judged.light == "green" and judged.expected == 50.0


def test_a_2023_deadline_has_its_own_pace():
    judged = light(date(2022, 7, 2), deadline=date(2023, 12, 31), percent=20)  # expected ≈ 50%
    assert judged.light == "yellow" and "落后序时进度" in judged.reason


@pytest.mark.parametrize(("days_silent", "expected"), [(30, "green"), (100, "yellow"), (200, "red")])
def test_ongoing_items_are_judged_by_reporting_cadence(days_silent, expected):
    today = date(2025, 6, 1)
    last = date.fromordinal(today.toordinal() - days_silent)
    judged = light(today, deadline=None, last_update=last)
    assert judged.light == expected
    assert f"最近一次进展报送于{last:%Y-%m-%d}" in judged.reason


def test_an_ongoing_item_never_reported_counts_from_when_tracking_began():
    assert light(date(2025, 6, 1), deadline=None, tracked_since=date(2025, 5, 1)).light == "green"
    judged = light(date(2025, 6, 1), deadline=None, tracked_since=date(2024, 1, 1))
    assert judged.light == "red" and judged.reason.startswith("尚无进展报送")


def target(today, *, comparator=">=", kind="rate", value=90, year=2025, baseline=None, baseline_year=None,
           current=None, current_date=None, unit="%"):
    return indicator_progress(today=today, comparator=comparator, kind=kind, target=value, target_year=year,
                              baseline=baseline, baseline_year=baseline_year, current=current,
                              current_date=current_date, unit=unit, rules=RULES)


def test_no_value_is_grey_and_says_why():
    judged = target(date(2023, 1, 1))
    assert judged.light == "grey" and judged.reason == "尚无监测值,无法判断" and judged.assessment == "not_assessed"


def test_a_rate_without_baseline_is_grey():
    judged = target(date(2023, 1, 1), current=70, current_date=date(2022, 12, 31))
    assert judged.light == "grey" and "尚无基期值" in judged.reason


def test_count_with_zero_baseline_against_linear_pace():
    today = date(2023, 7, 2)  # half the time of 2021–2025 has passed
    on_track = target(today, kind="count", comparator="=", value=144, current=72, unit="件")
    assert (on_track.light, on_track.assessment, on_track.progress) == ("green", "on_track", 50.0)
    assert on_track.reason.startswith("已完成目标的50%,序时进度50%")
    at_risk = target(today, kind="count", comparator="=", value=144, current=50, unit="件")
    assert (at_risk.light, at_risk.assessment) == ("yellow", "at_risk")
    off = target(today, kind="count", comparator="=", value=144, current=20, unit="件")
    assert (off.light, off.assessment) == ("red", "off_track")


def test_a_target_met_early_is_achieved():
    judged = target(date(2023, 1, 1), kind="count", comparator="=", value=144, current=150, unit="件")
    assert (judged.light, judged.assessment, judged.progress) == ("green", "achieved", 100.0)
    rate = target(date(2022, 1, 1), value=90, baseline=60, baseline_year=2020, current=91,
                  current_date=date(2021, 12, 31))
    assert rate.assessment == "achieved" and rate.reason.startswith("已实现目标")


def test_open_sdg_measure_for_a_rising_rate():
    # 60% in 2020 → 90% in 2025 needs ~8.4% a year; 75% in 2023 grew ~7.7% a year: ratio ~0.92 → at risk
    judged = target(date(2023, 12, 31), value=90, baseline=60, baseline_year=2020, current=75,
                    current_date=date(2023, 12, 31))
    assert judged.assessment == "at_risk" and judged.light == "yellow"
    fast = target(date(2023, 12, 31), value=90, baseline=60, baseline_year=2020, current=85,
                  current_date=date(2023, 12, 31))
    assert fast.assessment == "on_track"
    worse = target(date(2023, 12, 31), value=90, baseline=60, baseline_year=2020, current=55,
                   current_date=date(2023, 12, 31))
    assert worse.assessment == "off_track" and worse.light == "red"


def test_a_le_target_improves_downward():
    # 森林火灾受害率 ≤0.9‰: from 1.2‰ (2020), falling to 0.95‰ by 2023 is on track; rising is off track
    better = target(date(2023, 12, 31), comparator="<=", value=0.9, baseline=1.2, baseline_year=2020,
                    current=0.95, current_date=date(2023, 12, 31), unit="‰")
    assert better.assessment == "on_track"
    worse = target(date(2023, 12, 31), comparator="<=", value=0.9, baseline=1.2, baseline_year=2020,
                   current=1.3, current_date=date(2023, 12, 31), unit="‰")
    assert worse.assessment == "off_track"
    met = target(date(2023, 12, 31), comparator="<=", value=10, kind="time", baseline=24, baseline_year=2020,
                 current=9.5, current_date=date(2023, 6, 30), unit="小时")
    assert met.assessment == "achieved"


def test_a_zero_baseline_rate_uses_the_open_sdg_substitute():
    judged = target(date(2023, 12, 31), value=100, baseline=0, baseline_year=2020, current=80,
                    current_date=date(2023, 12, 31))
    assert judged.assessment in ("on_track", "at_risk") and judged.light != "grey"


def test_after_the_target_year_an_unmet_target_is_red():
    judged = target(date(2026, 3, 1), kind="count", comparator="=", value=979, current=900, unit="件")
    assert judged.light == "red" and "目标年份(2025年)已过" in judged.reason


def test_pace_needed():
    assert pace_needed(current=100, current_year=2026, target=979, target_year=2035, unit="件") == \
        "需每年完成97.7件"
    assert pace_needed(current=70, current_year=2025, target=90, target_year=2035, unit="%") == "需每年提高2个百分点"
    assert pace_needed(current=1.2, current_year=2025, target=0.9, target_year=2035, unit="‰") == \
        "需每年降低0.03个千分点"


def test_report_lights():
    due = date(2025, 7, 10)

    def judged(today, status="draft", submitted=None, late=False):
        return report_light(today=today, due_date=due, status=status, first_submitted_at=submitted, is_late=late)

    assert judged(date(2025, 6, 1)).light == "grey"
    assert judged(date(2025, 7, 5)).reason == "距报送截止日期(2025-07-10)还有5天,尚未报送"
    assert judged(date(2025, 7, 20)).reason == "已超过报送截止日期(2025-07-10)10天,尚未报送"
    assert judged(date(2025, 7, 20), "submitted", date(2025, 7, 9)).light == "green"
    assert judged(date(2025, 7, 20), "accepted", date(2025, 7, 12), late=True).light == "yellow"
    assert judged(date(2025, 7, 20), "returned", date(2025, 7, 9)).light == "yellow"
