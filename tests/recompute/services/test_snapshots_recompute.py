"""Recomputation and reminders: snapshots per day without duplicates, roll-ups, reminders sent once, and both
jobs through a real Celery worker on Redis."""

from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from agencies.models import Agency
from indicators.models import Indicator
from indicators.services import indicator_set_baseline, indicator_value_add
from notifications.models import Notification
from projects.models import KeyProject
from recompute.services import snapshots_recompute
from reminders.services import reminders_send
from reporting.services import item_update_status
from snapshots.models import LightSnapshot, RollupScope, RollupSnapshot, SubjectKind
from tasks.models import Task, TaskResponsibility
from tests.celery_helpers import worker_on

SUMMER_2025 = "2025-06-02 10:00 +0800"
AFTER_DEADLINE = "2026-01-05 10:00 +0800"


def set_status(users, code, percent, status="in_progress"):
    task = Task.objects.get(code=code)
    item_update_status(item=task, status=status, percent=percent, narrative="进展", actor=users["coordinator"],
                       expected_version=task.version)


def light_of(code, day=None):
    rows = LightSnapshot.objects.filter(kind=SubjectKind.TASK, subject_id=Task.objects.get(code=code).pk)
    return (rows.get(date=day) if day else rows.latest("date")).light


def test_a_snapshot_per_day_and_no_duplicates(users):
    with time_machine.travel(SUMMER_2025):
        first = snapshots_recompute()
        second = snapshots_recompute()
    expected = (Task.objects.count() + KeyProject.objects.count() + Indicator.objects.count()
                + TaskResponsibility.objects.count() + KeyProject.responsibilities.field.model.objects.count())
    assert first.lights == second.lights == expected == LightSnapshot.objects.count()
    assert RollupSnapshot.objects.count() == first.rollups
    with time_machine.travel(AFTER_DEADLINE):
        snapshots_recompute()
    assert LightSnapshot.objects.values("date").distinct().count() == 2


def test_a_task_turns_red_after_its_deadline(users):
    set_status(users, "4.1", 90)
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
        set_status(users, "4.1", 100, status="completed")
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
        from datetime import date

        indicator_value_add(indicator=fire_rate, value=Decimal("0.95"), as_of=date(2023, 12, 31), source="省林草局年报",
                            actor=users["coordinator"])
        snapshots_recompute()
    row = LightSnapshot.objects.get(kind="indicator", subject_id=fire_rate.pk, date="2024-03-01")
    assert (row.light, row.assessment) == ("green", "on_track")
    assert fire_rate.history.count() == 2  # loaded, then the baseline set by the coordinator


def test_recompute_command(plan, capsys):
    call_command("recompute_snapshots")
    assert "lights=" in capsys.readouterr().out and LightSnapshot.objects.exists()


def test_reminders_go_to_responsible_users_once(users):
    users["fire"].email = "fire@example.org"
    users["fire"].save()
    set_status(users, "4.1", 90)
    with time_machine.travel(SUMMER_2025):
        snapshots_recompute()
        reminders_send()
    baseline = Notification.objects.filter(title__startswith="任务4.1「").count()
    mail.outbox.clear()
    with time_machine.travel(AFTER_DEADLINE):
        snapshots_recompute()
        first = reminders_send()
        second = reminders_send()
    notices = Notification.objects.filter(title__startswith="任务4.1「", title__endswith="转为红灯")
    recipients = set(notices.values_list("user__username", flat=True))
    assert baseline == 0 and first.created > 0 and second.created == 0
    assert {"fire", "kunming", "dali", "coordinator"} <= recipients and "water" not in recipients
    assert "leader" not in recipients and "auditor" not in recipients
    fire_mail = [m for m in mail.outbox if m.to == ["fire@example.org"] and "任务4.1「" in m.subject]
    assert len(fire_mail) == 1 and "已超过完成时限" in fire_mail[0].body


def test_the_bell_shows_unread_and_the_page_marks_them_read(users, client_for):
    with time_machine.travel(AFTER_DEADLINE):
        snapshots_recompute()
        reminders_send()
    client = client_for("fire")
    unread = Notification.objects.filter(user=users["fire"], read_at__isnull=True).count()
    assert unread > 0
    assert f'id="unread-count">{unread}<' in client.get("/tasks/").content.decode()
    page = client.get("/notifications/").content.decode()
    assert "转为红灯" in page
    client.post("/notifications/")
    assert not Notification.objects.filter(user=users["fire"], read_at__isnull=True).exists()
    assert 'id="unread-count"' not in client.get("/tasks/").content.decode()


def test_lights_show_on_lists_and_pages(users, client_for):
    with time_machine.travel(AFTER_DEADLINE):
        snapshots_recompute()
        client = client_for("leader")
        assert "已超过完成时限(2025-12-31)" in client.get("/tasks/4.1/").content.decode()
        assert "light-red" in client.get("/tasks/").content.decode()
        assert "light-grey" in client.get("/indicators/").content.decode()


def test_a_change_schedules_one_recomputation(users, django_capture_on_commit_callbacks, sent_jobs):
    from django.core.cache import cache

    from core.jobs import SNAPSHOTS_RECOMPUTE, pending_key

    cache.delete(pending_key(SNAPSHOTS_RECOMPUTE))
    with django_capture_on_commit_callbacks(execute=True):
        set_status(users, "4.1", 10)
        set_status(users, "4.1", 20)
    scheduled = [{"countdown": job["countdown"]} for job in sent_jobs.get(SNAPSHOTS_RECOMPUTE, [])]
    assert scheduled == [{"countdown": 30}]


@pytest.mark.django_db(transaction=True)
def test_jobs_on_a_real_worker_over_redis(users, redis_url):
    set_status(users, "4.1", 90)
    with worker_on(redis_url, results=True) as app, time_machine.travel(AFTER_DEADLINE):
        summary = app.tasks["recompute.jobs.snapshots_recompute_job"].delay().get(timeout=60)
        assert summary.startswith("date=2026-01-05") and LightSnapshot.objects.filter(date="2026-01-05").exists()
        assert light_of("4.1") == "red"
        first = app.tasks["reminders.jobs.reminders_send_job"].delay().get(timeout=60)
        second = app.tasks["reminders.jobs.reminders_send_job"].delay().get(timeout=60)
    assert "created=0" not in first and "created=0 emailed=0" in second
    assert Notification.objects.filter(user=users["fire"], title__startswith="任务4.1「").count() == 1


def test_a_submitted_report_counts_as_an_update_of_an_ongoing_item(users):
    from reporting.models import PrefectureReport
    from reporting.services import ItemInput, period_open, report_save, report_submit

    ongoing = Task.objects.get(code="1.3")
    Task.objects.filter(pk=ongoing.pk).update(tracked_since="2024-12-01")
    with time_machine.travel("2025-07-01 09:00 +0800"):
        period = period_open(year=2025, number=2, actor=users["coordinator"])
        snapshots_recompute()
    assert light_of("1.3") == "red"  # tracked for seven months, nothing reported
    with time_machine.travel("2025-07-02 09:00 +0800"):
        report = PrefectureReport.objects.get(period=period, prefecture__name="昆明市")
        report = report_save(report=report, actor=users["kunming"], expected_version=1,
                             items={i.pk: ItemInput(narrative="推进") for i in report.items.all()}, lines={})
        report_submit(report=report, actor=users["kunming"])
        snapshots_recompute()
    assert light_of("1.3") == "green"
