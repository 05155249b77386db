"""Prefecture reports through the services: save, submit, return and accept, with every narrative needed, bad
values saving nothing, and items that left the plan not waited for."""

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from agencies.selectors import agency_list
from core.channels import Channel
from notifications.models import Notification
from reporting.models import PrefectureReport, ReportStatus
from reporting.services import (
    ItemInput,
    LineInput,
    period_open,
    report_accept,
    report_return,
    report_save,
    report_submit,
)
from revisions.services import item_set_scope
from tasks.models import ItemScope
from tests.factories import DECISION, report_filled, report_of
from tests.responses import html_of


def test_full_cycle_with_return_and_resubmission(period, users):
    kunming = report_of(period, "昆明市")
    with time_machine.travel("2025-07-05 10:00 +0800"):
        kunming = report_filled(kunming, actor=users["kunming"], lines={"I11": LineInput(value=Decimal(3))})
        report_submit(report=kunming, actor=users["kunming"])
    kunming.refresh_from_db()
    assert kunming.status == ReportStatus.SUBMITTED and not kunming.is_late
    with pytest.raises(ValidationError):  # locked for the reporter
        report_filled(kunming, actor=users["kunming"])
    with time_machine.travel("2025-07-06 10:00 +0800"):
        report_return(report=kunming, reason="I11数值缺少佐证", actor=users["coordinator"])
    notice = Notification.objects.get(user=users["kunming"])
    assert "退回" in notice.title and notice.body == "I11数值缺少佐证"
    with time_machine.travel("2025-07-12 10:00 +0800"):  # resubmitted after the due date: still on time
        kunming = report_filled(PrefectureReport.objects.get(pk=kunming.pk), actor=users["kunming"],
                                lines={"I11": LineInput(value=Decimal(4))})
        report_submit(report=kunming, actor=users["kunming"])
        report_accept(report=kunming, actor=users["coordinator"])
    kunming.refresh_from_db()
    assert kunming.status == ReportStatus.ACCEPTED and not kunming.is_late
    steps = [(t.from_status, t.to_status, t.actor.username) for t in kunming.transitions.all()]
    assert steps == [("draft", "submitted", "kunming"), ("submitted", "returned", "coordinator"),
                     ("returned", "submitted", "kunming"), ("submitted", "accepted", "coordinator")]
    assert kunming.history.filter(status="returned").exists()


@pytest.mark.parametrize(("line", "field"), [
    (LineInput(numerator=Decimal(5)), "numerator"),
    (LineInput(numerator=Decimal(5), denominator=Decimal(0)), "denominator"),
    (LineInput(value=Decimal(-1)), "value"),
])
def test_bad_values_save_nothing(period, users, line, field):
    report = report_of(period, "昆明市")
    code = "I02" if field != "value" else "I11"
    line_id = report.indicator_lines.get(indicator__code=code).pk
    with pytest.raises(ValidationError) as error:
        report_save(channel=Channel.PAGE, report=report, items={report.items.first().pk: ItemInput(narrative="写了")},
                    lines={line_id: line}, actor=users["kunming"], expected_version=1)
    assert f"line-{line_id}-{field}" in error.value.message_dict
    assert not report.items.exclude(narrative="").exists() and report.version == 1


def test_submitting_needs_every_narrative(period, users):
    report = report_of(period, "昆明市")
    with pytest.raises(ValidationError) as error, translation.override("zh-hans"):
        report_submit(report=report, actor=users["kunming"])
    assert error.value.messages[0].startswith(f"尚有{report.items.count()}个事项未填写进展情况（")


def test_open_reports_do_not_wait_for_items_that_left_the_plan(users, client_for):
    period = period_open(year=2026, number=1, actor=users["coordinator"])
    report = period.reports.get(prefecture=users["kunming"].agency)
    dropped = report.items.filter(task__isnull=False).first().task
    item_set_scope(item=dropped, scope=ItemScope.NOT_APPLICABLE, reason="职能划转", reference=DECISION,
                   actor=users["coordinator"], expected_version=dropped.version)
    items = {item.pk: ItemInput(status="in_progress", narrative="推进")
             for item in report.items.exclude(task=dropped)}
    report = report_save(channel=Channel.PAGE, report=report, items=items, lines={}, actor=users["kunming"],
                         expected_version=report.version)
    assert report_submit(report=report, actor=users["kunming"]).status == "submitted"
    agencies = html_of(client_for("leader").get("/agencies/"))
    assert agencies  # counts exclude the dropped task (checked below through the selector)
    lead = dropped.responsibilities.order_by("position").first().agency
    counted = agency_list().get(pk=lead.pk).task_count
    assert counted == lead.taskresponsibility_set.filter(task__scope="active").values("task").distinct().count()
