"""Completeness and timeliness of reporting, counted as DHIS2 does: expected, submitted, on time, late and missing,
by period and by prefecture."""

import time_machine

from reporting.models import PrefectureReport
from reporting.selectors import completeness_by_period, completeness_by_prefecture
from reporting.services import (
    report_return,
    report_submit,
)
from tests.factories import report_filled, report_of, report_submitted


def test_late_and_missing_are_counted_like_dhis2(period, users):
    with time_machine.travel("2025-07-08 10:00 +0800"):
        report_submitted(report_of(period, "昆明市"), actor=users["kunming"])
    with time_machine.travel("2025-07-15 10:00 +0800"):
        dali = report_filled(report_of(period, "大理白族自治州"), actor=users["dali"])
        report_submit(report=dali, actor=users["dali"])
        report_return(report=dali, reason="补充材料", actor=users["coordinator"])
    with time_machine.travel("2025-07-20 10:00 +0800"):
        report_submit(report=PrefectureReport.objects.get(pk=dali.pk), actor=users["dali"])
        [(p, c)] = completeness_by_period()
        assert (c.expected, c.submitted, c.on_time, c.late, c.missing, c.overdue) == (16, 2, 1, 1, 14, True)
        assert (c.reporting_rate, c.on_time_rate) == (12.5, 6.2)
        by_prefecture = {a.name: c for a, c in completeness_by_prefecture(period=period)}
    assert by_prefecture["大理白族自治州"].late == 1 and by_prefecture["昆明市"].on_time == 1
    assert by_prefecture["玉溪市"].missing == 1
    assert PrefectureReport.objects.get(pk=dali.pk).is_late  # late stays late after return and resubmission
