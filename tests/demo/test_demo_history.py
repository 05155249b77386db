"""#23: the demo history `make run` opens on, made through the portal's own services with the clock set to each
day: reports in every state, lights of every colour, a trend with a shape, and each demo account with its role's
main action to do."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from agencies.models import Agency, User
from agencies.services import demo_users_seed
from bulletins.models import Bulletin
from core.channels import Channel
from demo import services as demo_services
from demo.services import demo_history_load
from evaluation.models import ScoringScheme
from reporting.models import EvidenceFile, PrefectureReport, ReportingPeriod, ReportStatus
from reporting.services import ItemInput, item_update_status, report_accept, report_save, report_submit
from snapshots.models import LightSnapshot, RollupScope, RollupSnapshot
from tasks.models import ItemStatus, Task
from tests.factories import PASSWORD

TODAY = "2026-12-02 09:00 +0800"


@pytest.fixture
def demo(users):
    """As `make run` does it: the demo accounts seeded, then the history."""
    demo_users_seed(password_factory=lambda: PASSWORD)
    with time_machine.travel(TODAY):
        return demo_history_load()


def test_the_demo_holds_every_state_and_colour_and_a_trend(demo):
    assert {ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.ACCEPTED} <= set(
        PrefectureReport.objects.values_list("status", flat=True))
    assert PrefectureReport.objects.filter(is_late=True).exists() and PrefectureReport.objects.filter(
        is_late=False, status=ReportStatus.ACCEPTED).exists()
    day = LightSnapshot.objects.latest("date").date
    lights = set(LightSnapshot.objects.filter(date=day, kind__in=["task", "indicator"]).values_list("light",
                                                                                                  flat=True))
    assert lights == {"red", "yellow", "green", "grey"}
    tasks = set(LightSnapshot.objects.filter(date=day, kind="task").values_list("light", flat=True))
    assert {"red", "yellow", "green"} <= tasks
    months = RollupSnapshot.objects.filter(scope=RollupScope.PLAN).dates("date", "month")
    assert len(months) >= 12
    assert demo.counts["values"] and demo.counts["revisions"] and demo.counts["allocations"]
    # every prefecture reported, and the demo's accounts have e-mail addresses for the console's mails
    assert PrefectureReport.objects.filter(status=ReportStatus.ACCEPTED).values("prefecture").distinct().count() == 16
    assert User.objects.get(username="kunming").email == "kunming@demo.invalid"
    # an issued bulletin, the final evaluation's in draft, last year's scores closed with one adjustment
    assert set(Bulletin.objects.values_list("kind", "state")) == {("quarter", "issued"), ("final", "draft")}
    scheme = ScoringScheme.objects.get(year=2025)
    assert scheme.is_closed and scheme.adjustments.count() == 1
    with time_machine.travel(TODAY):
        assert demo_history_load() is None  # loaded once


def test_each_demo_account_has_its_roles_main_action_to_do(demo):
    with time_machine.travel(TODAY):
        fire = User.objects.get(username="fire")
        led = Task.objects.for_agency(fire.agency, role="lead").exclude(
            status__in=[ItemStatus.PENDING_VERIFICATION, ItemStatus.COMPLETED]).first()
        item_update_status(item=led, status="in_progress", percent=min(led.percent + 5, 95), narrative="演示更新",
                           actor=fire, expected_version=led.version)
        assert not Task.objects.for_agency(Agency.objects.get(name="省水利厅"), role="lead").exists()  # participates
        kunming = User.objects.get(username="kunming")
        draft = PrefectureReport.objects.filter(prefecture=kunming.agency).latest("period__start")
        assert draft.status == ReportStatus.DRAFT
        saved = report_save(report=draft, items={item.pk: ItemInput(status="in_progress", narrative="按计划推进")
                                                 for item in draft.items.filter(narrative="")},
                            lines={}, actor=kunming, expected_version=draft.version, channel=Channel.PAGE)
        assert report_submit(report=saved, actor=kunming).status == ReportStatus.SUBMITTED
        dali = PrefectureReport.objects.filter(prefecture__name="大理白族自治州").latest("period__start")
        assert dali.status == ReportStatus.SUBMITTED
        accepted = report_accept(report=dali, actor=User.objects.get(username="coordinator"))
        assert accepted.status == ReportStatus.ACCEPTED


def test_the_demo_loads_on_a_day_when_the_2025_deadlines_are_weeks_away(users):
    """Assignments carry an internal deadline 45 days on, which must come before the item's own: a load in
    December 2025 once failed on the items due 2025-12-31."""
    demo_users_seed(password_factory=lambda: PASSWORD)
    with time_machine.travel("2025-12-10 09:00 +0800"):
        report = demo_history_load()
    assert report.counts["periods"] == ReportingPeriod.objects.count()


@override_settings(DEMO_ACCOUNTS_ALLOWED=False)
def test_production_settings_refuse_the_demo(users):
    with pytest.raises(PermissionDenied):
        demo_history_load(today=date(2022, 3, 15))
    assert not ReportingPeriod.objects.exists()


def test_a_failed_load_leaves_neither_rows_nor_evidence_files(users, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_users_seed(password_factory=lambda: PASSWORD)

    def fails(*args):
        raise RuntimeError("the supervision run failed")

    # the supervision run comes after years of status updates with evidence
    monkeypatch.setitem(demo_services.HANDLERS, "supervision", fails)
    with time_machine.travel(TODAY), pytest.raises(RuntimeError):
        demo_history_load()
    assert not ReportingPeriod.objects.exists() and not EvidenceFile.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
