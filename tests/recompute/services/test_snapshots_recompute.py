"""snapshots_recompute: a snapshot per day without duplicates, lights that follow deadlines, values and reports,
and roll-ups by plan, task group, agency and prefecture."""

from datetime import date
from decimal import Decimal

import time_machine

from agencies.models import Agency
from indicators.models import Indicator
from indicators.services import indicator_set_baseline, indicator_value_add
from projects.models import KeyProject, Safeguard, SafeguardResponsibility
from recompute.services import snapshots_recompute
from snapshots.models import LightSnapshot, RollupScope, RollupSnapshot, SubjectKind
from tasks.models import Task, TaskResponsibility
from tests.factories import (
    Q2_2025_OPENED,
    completion_verified,
    period_opened,
    report_of,
    report_submitted,
    status_set,
    task_snapshot,
)

SUMMER_2025 = "2025-06-02 10:00 +0800"
AFTER_DEADLINE = "2026-01-05 10:00 +0800"


def test_a_snapshot_per_day_and_no_duplicates(users):
    with time_machine.travel(SUMMER_2025):
        first = snapshots_recompute()
        second = snapshots_recompute()
    expected = (Task.objects.count() + KeyProject.objects.count() + Indicator.objects.count()
                + TaskResponsibility.objects.count() + KeyProject.responsibilities.field.model.objects.count()
                + Safeguard.objects.count() + SafeguardResponsibility.objects.count())
    assert first.lights == second.lights == expected == LightSnapshot.objects.count()
    assert RollupSnapshot.objects.count() == first.rollups
    with time_machine.travel(AFTER_DEADLINE):
        snapshots_recompute()
    assert LightSnapshot.objects.values("date").distinct().count() == 2


def test_a_task_turns_red_after_its_deadline(users):
    status_set("4.1", actor=users["coordinator"], percent=90)
    with time_machine.travel(SUMMER_2025):
        snapshots_recompute()
    with time_machine.travel(AFTER_DEADLINE):
        snapshots_recompute()
    rows = LightSnapshot.objects.filter(kind=SubjectKind.TASK, subject_id=Task.objects.get(code="4.1").pk)
    summer, winter = rows.order_by("date")
    assert summer.light == "green"
    assert winter.light == "red" and winter.reason == "已超过完成时限(2025-12-31)5天,完成度90%"


def test_rollups_count_lights_by_group_agency_and_prefecture(users):
    with time_machine.travel(AFTER_DEADLINE):
        completion_verified("4.1", actor=users["fire"], verifier=users["coordinator"])
        snapshots_recompute()
    plan = RollupSnapshot.objects.get(scope=RollupScope.PLAN)
    assert plan.total == Task.objects.count() + KeyProject.objects.count()
    fire = Agency.objects.get(name="省消防救援总队")
    as_lead = RollupSnapshot.objects.get(scope=RollupScope.AGENCY_LEAD, scope_id=fire.pk)
    led = Task.objects.for_agency(fire, role="lead").count() + KeyProject.objects.for_agency(fire, role="lead").count()
    assert as_lead.total == led and as_lead.green >= 1
    kunming = Agency.objects.get(name="昆明市")
    prefecture = RollupSnapshot.objects.get(scope=RollupScope.PREFECTURE, scope_id=kunming.pk)
    assert prefecture.total == Task.objects.for_agency(kunming).count() + \
        KeyProject.objects.for_agency(kunming).count()
    group4 = RollupSnapshot.objects.get(scope=RollupScope.TASK_GROUP, scope_id=Task.objects.get(code="4.1").group_id)
    assert group4.total == 4 and group4.progress == 25.0  # 4.1 at 100%, the other three at 0%


def test_indicator_lights_follow_baselines_and_values(users):
    fire_rate = Indicator.objects.get(code="I30")
    with time_machine.travel("2024-03-01 10:00 +0800"):
        snapshots_recompute()
        assert LightSnapshot.objects.get(kind="indicator", subject_id=fire_rate.pk).light == "grey"
        indicator_set_baseline(indicator=fire_rate, baseline_value=Decimal("1.2"), baseline_year=2020,
                               baseline_source="2020年森林火灾统计", target_2035_value=Decimal("0.5"),
                               actor=users["coordinator"], expected_version=1)
        indicator_value_add(indicator=fire_rate, value=Decimal("0.95"), as_of=date(2023, 12, 31), source="省林草局年报",
                            actor=users["coordinator"])
        snapshots_recompute()
    row = LightSnapshot.objects.get(kind="indicator", subject_id=fire_rate.pk, date="2024-03-01")
    assert (row.light, row.assessment) == ("green", "on_track")
    assert fire_rate.history.count() == 2  # loaded, then the baseline set by the coordinator


def test_a_submitted_report_counts_as_an_update_of_an_ongoing_item(users):
    ongoing = Task.objects.get(code="1.3")
    Task.objects.filter(pk=ongoing.pk).update(tracked_since="2024-12-01")
    with time_machine.travel(Q2_2025_OPENED):
        period = period_opened(actor=users["coordinator"])
        snapshots_recompute()
    assert task_snapshot("1.3").light == "red"  # tracked for seven months, nothing reported
    with time_machine.travel("2025-07-02 09:00 +0800"):
        report_submitted(report_of(period, "昆明市"), actor=users["kunming"], status="")
        snapshots_recompute()
    assert task_snapshot("1.3").light == "green"
