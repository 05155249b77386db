"""#23 (groundwork): the demo history is made through the portal's own services with the clock set to each day.
Loaded here up to early 2022 (the whole five years take minutes: not yet wired into `make run`)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from demo.services import demo_history_load
from reporting.models import PrefectureReport, ReportingPeriod, ReportStatus
from snapshots.models import RollupScope, RollupSnapshot
from tasks.models import Task


def test_the_demo_history_moves_every_prefecture_and_is_loaded_once(users):
    report = demo_history_load(today=date(2022, 3, 15))
    assert report.counts["periods"] == ReportingPeriod.objects.count() == 2  # 2021 in two halves
    statuses = set(PrefectureReport.objects.values_list("status", flat=True))
    assert {ReportStatus.ACCEPTED, ReportStatus.SUBMITTED} <= statuses  # a returned report was sent in again
    assert report.counts["reports_returned"] >= 1
    # every prefecture reported (the demo gives a reporter to those without one)
    assert PrefectureReport.objects.exclude(status=ReportStatus.DRAFT).values("prefecture").distinct().count() == 16
    assert Task.objects.filter(percent__gt=0).exists() and report.counts["status_updates"] > 0
    months = RollupSnapshot.objects.filter(scope=RollupScope.PLAN).dates("date", "month")
    assert len(months) >= 12  # the trend has a shape
    assert demo_history_load(today=date(2022, 3, 15)) is None  # loaded once


@override_settings(DEMO_ACCOUNTS_ALLOWED=False)
def test_production_settings_refuse_the_demo(users):
    with pytest.raises(PermissionDenied):
        demo_history_load(today=date(2022, 3, 15))
    assert not ReportingPeriod.objects.exists()
