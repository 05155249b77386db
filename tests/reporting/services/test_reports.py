"""The prefecture reporting cycle: periods, reports with exactly the prefecture's items, the workflow, DHIS2's
completeness and timeliness, roll-ups to the province, and scoping by prefecture."""

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Agency
from indicators.models import Indicator
from notifications.models import Notification
from projects.models import KeyProject
from reporting.models import PrefectureReport, ReportStatus
from reporting.selectors import completeness_by_period, completeness_by_prefecture, indicator_rollup
from reporting.services import (
    ItemInput,
    LineInput,
    period_open,
    report_accept,
    report_return,
    report_save,
    report_submit,
)
from tasks.models import Task

DUE = "2025-07-10"


@pytest.fixture
def period(users):
    with time_machine.travel("2025-07-01 09:00 +0800"):
        return period_open(year=2025, number=2, actor=users["coordinator"])


def report_of(period, name):
    return PrefectureReport.objects.get(period=period, prefecture__name=name)


def fill(report, user, **line_values):
    """Fill every item's narrative, and the given indicator lines (code → LineInput)."""
    items = {item.pk: ItemInput(status="in_progress", narrative=f"{report.prefecture.short_name}推进{item.code}")
             for item in report.items.all()}
    lines = {line.pk: line_values[line.indicator.code] for line in report.indicator_lines.select_related("indicator")
             if line.indicator.code in line_values}
    return report_save(report=report, items=items, lines=lines, actor=user, expected_version=report.version)


def test_opening_a_period_creates_16_reports_with_exactly_each_prefectures_items(period, users):
    assert (str(period), period.start.isoformat(), period.end.isoformat(), period.due_date.isoformat()) == (
        "2025年第2季度", "2025-04-01", "2025-06-30", DUE)
    assert period.reports.count() == 16
    per_prefecture = set(Indicator.objects.filter(per_prefecture=True).values_list("code", flat=True))
    for report in period.reports.select_related("prefecture"):
        prefecture = report.prefecture
        tasks = set(Task.objects.for_agency(prefecture).values_list("code", flat=True))
        projects = set(KeyProject.objects.for_agency(prefecture).values_list("number", flat=True))
        assert {i.task.code for i in report.items.filter(task__isnull=False)} == tasks
        assert {i.key_project.number for i in report.items.filter(key_project__isnull=False)} == projects
        assert set(report.indicator_lines.values_list("indicator__code", flat=True)) == per_prefecture
    assert "2.1" not in tasks and 9 not in projects  # items naming no prefecture are not reported by prefectures
    period_open(year=2025, number=2, actor=users["coordinator"])  # opening again adds nothing
    assert period.reports.count() == 16 and report.items.count() == len(tasks) + len(projects)


def test_full_cycle_with_return_and_resubmission(period, users):
    kunming = report_of(period, "昆明市")
    with time_machine.travel("2025-07-05 10:00 +0800"):
        kunming = fill(kunming, users["kunming"], I11=LineInput(value=Decimal(3)))
        report_submit(report=kunming, actor=users["kunming"])
    kunming.refresh_from_db()
    assert kunming.status == ReportStatus.SUBMITTED and not kunming.is_late
    with pytest.raises(ValidationError):  # locked for the reporter
        fill(kunming, users["kunming"])
    with time_machine.travel("2025-07-06 10:00 +0800"):
        report_return(report=kunming, reason="I11数值缺少佐证", actor=users["coordinator"])
    notice = Notification.objects.get(user=users["kunming"])
    assert "退回" in notice.title and notice.body == "I11数值缺少佐证"
    with time_machine.travel("2025-07-12 10:00 +0800"):  # resubmitted after the due date: still on time
        kunming = fill(PrefectureReport.objects.get(pk=kunming.pk), users["kunming"], I11=LineInput(value=Decimal(4)))
        report_submit(report=kunming, actor=users["kunming"])
        report_accept(report=kunming, actor=users["coordinator"])
    kunming.refresh_from_db()
    assert kunming.status == ReportStatus.ACCEPTED and not kunming.is_late
    steps = [(t.from_status, t.to_status, t.actor.username) for t in kunming.transitions.all()]
    assert steps == [("draft", "submitted", "kunming"), ("submitted", "returned", "coordinator"),
                     ("returned", "submitted", "kunming"), ("submitted", "accepted", "coordinator")]
    assert kunming.history.filter(status="returned").exists()


def test_late_and_missing_are_counted_like_dhis2(period, users):
    with time_machine.travel("2025-07-08 10:00 +0800"):
        report_submit(report=fill(report_of(period, "昆明市"), users["kunming"]), actor=users["kunming"])
    with time_machine.travel("2025-07-15 10:00 +0800"):
        dali = fill(report_of(period, "大理白族自治州"), users["dali"])
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


def test_prefecture_values_roll_up_by_the_indicators_method(period, users):
    values = {
        "kunming": {"I11": LineInput(value=Decimal(3)), "I04": LineInput(value=Decimal(8)),
                    "I02": LineInput(numerator=Decimal(90), denominator=Decimal(100)),
                    "I17": LineInput(value=Decimal(2))},
        "dali": {"I11": LineInput(value=Decimal(5)), "I04": LineInput(value=Decimal(12)),
                 "I02": LineInput(numerator=Decimal(50), denominator=Decimal(100)),
                 "I17": LineInput(value=Decimal(1))},
    }
    for user, name in (("kunming", "昆明市"), ("dali", "大理白族自治州")):
        report_submit(report=fill(report_of(period, name), users[user], **values[user]), actor=users[user])
    yuxi = report_of(period, "玉溪市")  # a draft: not counted
    report_save(report=yuxi, items={}, actor=_yuxi_user(), expected_version=1,
                lines={yuxi.indicator_lines.get(indicator__code="I11").pk: LineInput(value=Decimal(100))})
    rolled = {row["indicator"].code: row for row in indicator_rollup(period=period)}
    assert rolled["I11"]["value"] == 8  # sum
    assert rolled["I04"]["value"] == 12  # the slowest prefecture
    assert rolled["I02"]["value"] == Decimal("70.0000")  # 140 / 200, not the mean of 90% and 50%
    assert rolled["I17"]["value"] == 1  # every community: the smallest
    line = report_of(period, "昆明市").indicator_lines.get(indicator__code="I02")
    assert line.value == Decimal("90.0000")


def _yuxi_user():
    from tests.factories import UserFactory

    return UserFactory(username="yuxi", agency_name="玉溪市", roles=["prefecture_reporter"])


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
        report_save(report=report, items={report.items.first().pk: ItemInput(narrative="写了")},
                    lines={line_id: line}, actor=users["kunming"], expected_version=1)
    assert f"line-{line_id}-{field}" in error.value.message_dict
    assert not report.items.exclude(narrative="").exists() and report.version == 1


def test_submitting_needs_every_narrative(period, users):
    with pytest.raises(ValidationError) as error:
        report_submit(report=report_of(period, "昆明市"), actor=users["kunming"])
    assert "进展" in str(error.value) or "narrative" in str(error.value)


def test_only_the_prefecture_fills_and_only_the_office_reviews(period, users):
    dali = report_of(period, "大理白族自治州")
    for who in ("kunming", "coordinator", "water", "leader"):
        with pytest.raises(PermissionDenied):
            fill(dali, users[who])
    report_submit(report=fill(dali, users["dali"]), actor=users["dali"])
    for who in ("dali", "kunming", "leader", "auditor"):
        with pytest.raises(PermissionDenied):
            report_accept(report=dali, actor=users[who])
    with pytest.raises(ValidationError):
        report_return(report=dali, reason="  ", actor=users["coordinator"])


def test_pages_and_api_are_scoped_to_the_prefecture(period, users, client_for):
    kunming_report, dali_report = report_of(period, "昆明市"), report_of(period, "大理白族自治州")
    kunming = client_for("kunming")
    assert kunming.get(f"/reports/{kunming_report.pk}/").status_code == 200
    for url in (f"/reports/{dali_report.pk}/", f"/reports/{dali_report.pk}/excel/",
                f"/api/v1/reports/{dali_report.pk}/"):
        assert kunming.get(url).status_code == 404, url
    assert kunming.post(f"/reports/{dali_report.pk}/", {"action": "submit"}).status_code == 404
    assert kunming.patch(f"/api/v1/reports/{dali_report.pk}/", {"version": 1}, content_type="application/json"
                         ).status_code == 404
    assert kunming.post(f"/api/v1/reports/{dali_report.pk}/submit/").status_code == 404
    listed = kunming.get("/api/v1/reports/").json()
    assert [r["prefecture"] for r in listed["results"]] == ["昆明市"]
    html = kunming.get("/reports/").content.decode()
    assert "大理白族自治州" not in html and 'id="completeness"' not in html
    assert client_for("leader").get("/api/v1/reports/").json()["count"] == 16
    assert client_for("water").get("/api/v1/reports/").json()["count"] == 0
    assert 'id="completeness"' in client_for("coordinator").get("/reports/").content.decode()


def test_the_cycle_through_the_api(period, users, client_for):
    report = report_of(period, "昆明市")
    kunming, office = client_for("kunming"), client_for("coordinator")
    body = {"version": 1, "items": [{"id": i.pk, "status": "in_progress", "narrative": "接口填报"}
                                    for i in report.items.all()],
            "indicator_lines": [{"id": report.indicator_lines.get(indicator__code="I11").pk, "value": "6"}]}
    saved = kunming.patch(f"/api/v1/reports/{report.pk}/", body, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["version"] == 2
    stale = kunming.patch(f"/api/v1/reports/{report.pk}/", body, content_type="application/json")
    assert stale.status_code == 409
    assert office.post(f"/api/v1/reports/{report.pk}/submit/").status_code == 403
    assert kunming.post(f"/api/v1/reports/{report.pk}/submit/").json()["status"] == "submitted"
    assert kunming.post(f"/api/v1/reports/{report.pk}/return/", {"reason": "x"}).status_code == 403
    assert office.post(f"/api/v1/reports/{report.pk}/return/", {"reason": ""}).status_code == 400
    returned = office.post(f"/api/v1/reports/{report.pk}/return/", {"reason": "请补充"})
    assert returned.json()["status"] == "returned" and returned.json()["return_reason"] == "请补充"


def test_the_report_page_saves_and_submits(period, users, client_for):
    report = report_of(period, "昆明市")
    form = {"version": "1", "action": "submit"}
    for item in report.items.all():
        form |= {f"item-{item.pk}-status": "in_progress", f"item-{item.pk}-narrative": "页面填报",
                 f"item-{item.pk}-problems": ""}
    line = report.indicator_lines.get(indicator__code="I11")
    bad = client_for("kunming").post(f"/reports/{report.pk}/", form | {f"line-{line.pk}-value": "三件"})
    assert bad.status_code == 400 and 'id="field-errors"' in bad.content.decode()
    assert PrefectureReport.objects.get(pk=report.pk).status == "draft"
    response = client_for("kunming").post(f"/reports/{report.pk}/", form | {f"line-{line.pk}-value": "3"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.indicator_lines.get(pk=line.pk).value == 3
    assert Agency.objects.get(pk=report.prefecture_id).name == "昆明市"


def test_reporters_are_reminded_before_on_and_after_the_due_date_once_each(period, users):
    from recompute.services import snapshots_recompute
    from reminders.services import reminders_send

    for day in ("2025-07-03", "2025-07-03", "2025-07-10", "2025-07-11", "2025-07-12"):
        with time_machine.travel(f"{day} 08:00 +0800"):
            reminders_send()
    titles = list(Notification.objects.filter(user=users["kunming"], key__startswith="report-due")
                  .order_by("pk").values_list("title", flat=True))
    assert titles == ["2025年第2季度报告将于7天后截止", "2025年第2季度报告今天截止", "2025年第2季度报告已逾期未报送"]
    with time_machine.travel("2025-07-12 08:00 +0800"):
        snapshots_recompute()
    from snapshots.models import LightSnapshot

    light = LightSnapshot.objects.get(kind="report", subject_id=report_of(period, "昆明市").pk)
    assert light.light == "red" and "尚未报送" in light.reason


def test_report_items_carry_evidence_served_only_to_those_who_see_the_report(period, users, client_for):
    from tests.conftest import pdf_file

    report = report_of(period, "昆明市")
    item = report.items.first()
    form = {"version": "1", "action": "save", f"item-{item.pk}-narrative": "附佐证",
            f"item-{item.pk}-status": "in_progress", f"item-{item.pk}-problems": "",
            f"item-{item.pk}-evidence": [pdf_file("验收单.pdf")]}
    assert client_for("kunming").post(f"/reports/{report.pk}/", form).status_code == 302
    evidence = item.evidence.get()
    assert evidence.original_name == "验收单.pdf"
    assert client_for("kunming").get(f"/tasks/evidence/{evidence.pk}/").status_code == 200
    assert client_for("coordinator").get(f"/tasks/evidence/{evidence.pk}/").status_code == 200
    assert client_for("dali").get(f"/tasks/evidence/{evidence.pk}/").status_code == 404
    assert client_for("water").get(f"/tasks/evidence/{evidence.pk}/").status_code == 404
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = form | {"version": "2", f"item-{item.pk}-evidence": [SimpleUploadedFile("x.exe", b"MZ")]}
    assert client_for("kunming").post(f"/reports/{report.pk}/", bad).status_code == 400
    assert item.evidence.count() == 1
