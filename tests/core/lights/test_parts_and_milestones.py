"""Yearly milestones replace 序时进度 in a part's light, and an item's light is its lead unit's judgement with its
units' parts, naming the lagging units (core.lights)."""

from datetime import date

import pytest

from core.lights import Judgement, Milestone, PartJudgement, item_light, item_overall_light

MILESTONES = (Milestone(2026, 60), Milestone(2027, 100))


def judged(today, percent, *, deadline=date(2027, 12, 31), milestones=MILESTONES, status="in_progress"):
    return item_light(today=today, deadline=deadline, status=status, percent=percent, last_update=None,
                      tracked_since=date(2021, 1, 1), milestones=milestones)


def test_a_passed_milestone_not_reached_is_yellow_and_the_reason_says_so():
    light = judged(date(2027, 2, 1), 45)
    assert light.light == "yellow"
    assert light.reason == "按年度目标判断:未达到年度目标(2026年底前完成60%),完成度45%"
    assert light.expected == 60.0


def test_a_milestone_reached_is_green_even_when_behind_the_linear_pace():
    # 序时进度 on 2027-02-01 toward 2027-12-31 is 87%: 60% would be yellow without the milestones.
    linear = judged(date(2027, 2, 1), 60, milestones=())
    assert linear.light == "yellow" and "落后序时进度" in linear.reason
    by_milestones = judged(date(2027, 2, 1), 60)
    assert by_milestones.light == "green"
    assert by_milestones.reason == "按年度目标推进(完成度60%,下一年度目标2027年底前完成100%)"


def test_the_next_milestone_near_and_not_reached_is_yellow():
    light = judged(date(2026, 11, 1), 30)
    assert light.light == "yellow" and "距年度目标(2026年底前完成60%)还有60天,完成度30%" in light.reason


def test_far_from_the_next_milestone_is_green():
    assert judged(date(2026, 3, 1), 10).light == "green"


def test_past_the_deadline_is_red_whatever_the_milestones():
    light = judged(date(2028, 1, 5), 90)
    assert light.light == "red" and light.reason.startswith("已超过完成时限(2027-12-31)5天")


def test_a_completion_awaiting_verification_is_judged_by_its_milestones_as_in_progress():
    light = judged(date(2027, 2, 1), 100, status="pending_verification")
    assert light.light == "green" and light.reason.startswith("办结申请待销号审核,按推进中判断:按年度目标推进")
    assert light.progress == 99.0


GREEN_LEAD = Judgement("green", "按序时进度推进(完成度80%,序时进度75%)", progress=80.0, expected=75.0)
RED = Judgement("red", "已超过完成时限(2025-12-31)336天,完成度20%", progress=20.0)
YELLOW = Judgement("yellow", "按年度目标判断:未达到年度目标(2026年底前完成60%),完成度45%", progress=45.0)
GREEN = Judgement("green", "按年度目标推进", progress=70.0)
PREFECTURES = ["昆明市", "大理白族自治州", "曲靖市", "玉溪市", "红河哈尼族彝族自治州"]


def test_the_item_is_as_bad_as_its_worst_part_and_the_reason_names_the_lagging_prefectures():
    parts = [PartJudgement(name, True, RED) for name in PREFECTURES] + [PartJudgement("保山市", True, GREEN)]
    overall = item_overall_light(GREEN_LEAD, parts, verified=False)
    assert overall.light == "red"
    assert overall.named_reason == "按序时进度推进(完成度80%,序时进度75%);昆明市、大理白族自治州等5个州市滞后"
    # What every prefecture on the item reads: how many lag, not which.
    assert overall.reason == "按序时进度推进(完成度80%,序时进度75%);5个州市滞后"
    assert (overall.progress, overall.expected) == (80.0, 75.0)  # progress stays the lead unit's


def test_two_lagging_units_are_named_both_and_departments_apart_from_prefectures():
    parts = [PartJudgement("昆明市", True, YELLOW), PartJudgement("省水利厅", False, YELLOW),
             PartJudgement("省林草局", False, GREEN)]
    overall = item_overall_light(GREEN_LEAD, parts, verified=False)
    assert overall.light == "yellow"
    assert overall.named_reason.endswith(";昆明市滞后;省水利厅滞后")
    assert overall.reason.endswith(";1个州市滞后;省水利厅滞后")


def test_lagging_departments_alone_are_named_in_the_one_reason():
    overall = item_overall_light(GREEN_LEAD, [PartJudgement("省水利厅", False, RED)], verified=False)
    assert overall.reason.endswith(";省水利厅滞后") and overall.named_reason == ""


@pytest.mark.parametrize("parts", [[], [PartJudgement("昆明市", True, GREEN)],
                                   [PartJudgement("昆明市", True, Judgement("grey", "尚无"))]])
def test_without_lagging_parts_the_item_is_its_lead_units_judgement(parts):
    assert item_overall_light(GREEN_LEAD, parts, verified=False) == GREEN_LEAD


def test_a_red_lead_stays_red_beside_yellow_parts():
    overall = item_overall_light(RED, [PartJudgement("昆明市", True, YELLOW)], verified=False)
    assert overall.light == "red" and overall.named_reason.endswith(";昆明市滞后")


def test_a_verified_item_is_done_whatever_its_parts_say():
    done = Judgement("green", "已完成", progress=100.0)
    assert item_overall_light(done, [PartJudgement("昆明市", True, RED)], verified=True) == done


def test_an_ongoing_part_with_milestones_is_still_judged_by_its_silence():
    silent = item_light(today=date(2026, 12, 2), deadline=None, status="in_progress", percent=0,
                        last_update=date(2026, 1, 5), tracked_since=date(2025, 1, 1),
                        milestones=(Milestone(2030, 50),))
    assert silent.light == "red" and "未更新" in silent.reason


def test_complete_work_not_yet_asked_to_verify_is_not_warned_of_its_deadline():
    assert judged(date(2027, 11, 1), 100, milestones=()).light == "green"


def test_a_parts_pace_runs_from_its_start_when_given():
    late = item_light(today=date(2026, 12, 2), deadline=date(2027, 12, 31), status="in_progress", percent=5,
                      last_update=None, tracked_since=date(2026, 11, 1), start=date(2026, 11, 1))
    from_plan = item_light(today=date(2026, 12, 2), deadline=date(2027, 12, 31), status="in_progress", percent=5,
                           last_update=None, tracked_since=date(2026, 11, 1))
    assert late.light == "green" and from_plan.light == "yellow" and late.expected < 10 < from_plan.expected
