"""Every value a prefecture submits is audited (who, when, old → new, through which channel), as DHIS2 audits each
data value; a resubmitted report shows what changed since it was returned, and the office reads the whole trail."""

import importlib
from decimal import Decimal

import time_machine
from django.apps import apps

from core.channels import Channel
from reporting.selectors import report_changes_since_return, report_detail, report_value_trail
from reporting.services import ItemInput, LineInput, report_return, report_save, report_submit
from tests.factories import report_of
from tests.responses import element, html_of, row_of

RESERVOIRS = "I11"


def save(report, actor, *, channel, narrative="推进", value=None):
    """Every item with a status and narrative (a report is submitted complete), and 水库's value if given."""
    line = report.indicator_lines.get(indicator__code=RESERVOIRS)
    lines = {line.pk: LineInput(value=value)} if value is not None else {}
    items = {item.pk: ItemInput(status="in_progress", narrative=narrative) for item in report.items.all()}
    return report_save(report=report, actor=actor, expected_version=report.version, channel=channel,
                       items=items, lines=lines)


def test_a_returned_and_resubmitted_report_shows_every_change_and_what_changed_since(period, users, client_for):
    kunming, coordinator = users["kunming"], users["coordinator"]
    report = report_of(period, "昆明市")
    code = report.items.get(position=1).code
    with time_machine.travel("2025-07-03 09:00 +0800"):
        report = save(report, kunming, channel=Channel.PAGE, narrative="第一稿", value=Decimal(5))
        report = save(report, kunming, channel=Channel.PAGE, narrative="第一稿", value=Decimal(5))  # unchanged
        report_submit(report=report, actor=kunming)
    with time_machine.travel("2025-07-04 09:00 +0800"):
        report_return(report=report, reason="水库数不对", actor=coordinator)
    with time_machine.travel("2025-07-05 09:00 +0800"):
        report = save(report_of(period, "昆明市"), kunming, channel=Channel.API, narrative="第一稿",
                      value=Decimal(7))
        report_submit(report=report, actor=kunming)

    trail = report_value_trail(report=report_detail(user=coordinator, pk=report.pk))
    items = report.items.count()
    assert len(trail) == 2 * items + 2  # each item's status and narrative once, the value twice
    seen = [(c.channel, c.subject, c.field, c.old, c.new, str(c.user))
            for c in trail if c.subject in (code, RESERVOIRS)]
    assert seen == [
        ("网页", code, "状态", "", "推进中", "kunming"),
        ("网页", code, "进展情况", "", "第一稿", "kunming"),
        ("网页", RESERVOIRS, "监测值", "", "5", "kunming"),
        ("API", RESERVOIRS, "监测值", "5", "7", "kunming"),
    ]  # the unchanged second save left no record
    since = report_changes_since_return(report=report_detail(user=kunming, pk=report.pk))
    assert [(c.subject, c.old, c.new) for c in since] == [(RESERVOIRS, "5", "7")]

    office = html_of(client_for("coordinator").get(f"/reports/{report.pk}/"))
    assert "<td>5</td><td>7</td>" in row_of(element(office, "changes-since-return"), "API")
    assert element(office, "value-trail").count("<tr>") - 1 == 2 * items + 2  # the header row aside
    own = html_of(client_for("kunming").get(f"/reports/{report.pk}/"))
    assert 'id="changes-since-return"' in own and 'id="value-trail"' not in own  # the full trail is the office's


def test_a_report_never_returned_has_no_changes_since_a_return(period, users):
    report = save(report_of(period, "昆明市"), users["kunming"], channel=Channel.EXCEL, value=Decimal(3))
    assert report_changes_since_return(report=report_detail(user=users["kunming"], pk=report.pk)) is None
    assert {c.channel for c in report_value_trail(report=report_detail(user=users["kunming"], pk=report.pk))} == {
        "Excel上传"}


def test_a_value_entered_before_auditing_began_shows_its_real_before(period, users):
    report = report_of(period, "昆明市")
    line = report.indicator_lines.get(indicator__code=RESERVOIRS)
    type(line).objects.filter(pk=line.pk).update(value=Decimal(4))  # as an older portal wrote it: no history
    baseline = importlib.import_module("reporting.migrations.0003_value_history_baseline")
    baseline.seed(apps, None)
    baseline.seed(apps, None)  # a second run adds nothing
    assert line.history.count() == 1
    report = save(report_of(period, "昆明市"), users["kunming"], channel=Channel.API, value=Decimal(6))
    trail = report_value_trail(report=report_detail(user=users["coordinator"], pk=report.pk))
    assert [(c.old, c.new, c.channel) for c in trail if c.subject == RESERVOIRS] == [("4", "6", "API")]
