"""Plan revisions: a deadline, target or scope changed with a reason and a document; the original is kept, lights
use the revised value from the revision date on and the original before it, and earlier snapshots stay as shown."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from core.errors import StaleVersionError
from indicators.models import Indicator
from indicators.services import indicator_value_add
from plan_loader.services import plan_load
from projects.models import KeyProject
from recompute.services import snapshots_recompute
from reporting.services import item_update_status
from revisions.models import PlanRevision
from revisions.services import indicator_revise_target, item_revise_deadline, item_set_scope
from snapshots.models import LightSnapshot, RollupScope, RollupSnapshot, SubjectKind
from tasks.models import ItemScope, Task
from workbook.writer import ExportFilters, export_workbook

BEFORE = "2025-10-01 10:00 +0800"  # 91 days before the original deadline of 2025-12-31
OVERDUE = "2026-01-15 10:00 +0800"
REVISED_ON = "2026-02-01 10:00 +0800"
AFTER = "2026-03-01 10:00 +0800"
DECISION = "云政办发〔2026〕5号 2026-01-28"


def revise(users, code="1.1", deadline=date(2026, 12, 31), reason="省政府决定延期一年", **extra):
    task = Task.objects.get(code=code)
    return item_revise_deadline(item=task, deadline=deadline, reason=reason, reference=DECISION,
                                actor=users["coordinator"], expected_version=task.version, **extra)


def task_light(code, day):
    return LightSnapshot.objects.get(kind=SubjectKind.TASK, subject_id=Task.objects.get(code=code).pk, date=day)


def snapshot_rows():
    return list(LightSnapshot.objects.order_by("date", "kind", "subject_id")
                .values_list("date", "kind", "subject_id", "light", "reason"))


def test_a_revised_deadline_changes_lights_from_its_date_on_and_not_before(users):
    task = Task.objects.get(code="1.1")
    item_update_status(item=task, status="in_progress", percent=60, narrative="推进", actor=users["coordinator"],
                       expected_version=task.version)
    with time_machine.travel(BEFORE):
        snapshots_recompute()
    with time_machine.travel(OVERDUE):
        snapshots_recompute()
    assert task_light("1.1", date(2026, 1, 15)).light == "red"
    earlier = snapshot_rows()

    with time_machine.travel(REVISED_ON):
        revision = revise(users)
        snapshots_recompute()
    assert snapshot_rows()[:len(earlier)] == earlier  # snapshots taken before keep what they showed
    after = task_light("1.1", date(2026, 2, 1))
    assert after.light != "red" and "已超过完成时限" not in after.reason

    # Judging a day before the revision uses the original deadline; a day after it, the revised one.
    snapshots_recompute(today=date(2026, 1, 20))
    assert task_light("1.1", date(2026, 1, 20)).light == "red"
    assert "2025-12-31" in task_light("1.1", date(2026, 1, 20)).reason
    snapshots_recompute(today=date(2026, 11, 1))
    assert "2026-12-31" in task_light("1.1", date(2026, 11, 1)).reason

    task.refresh_from_db()
    assert task.deadline == date(2026, 12, 31) and task.original_deadline == date(2025, 12, 31)
    assert (revision.old_value, revision.new_value, revision.effective_from) == ("2025-12-31", "2026-12-31",
                                                                               date(2026, 2, 1))
    assert task.history.first().history_user == users["coordinator"]


def test_a_revision_needs_a_coordinator_a_reason_and_a_document_and_changes_nothing_otherwise(users):
    task = Task.objects.get(code="1.1")
    with pytest.raises(PermissionDenied):
        revise(users | {"coordinator": users["water"]})
    with pytest.raises(ValidationError) as refused:
        item_revise_deadline(item=task, deadline=date(2026, 12, 31), reason=" ", reference="", actor=users[
            "coordinator"], expected_version=task.version)
    assert set(refused.value.message_dict) == {"reason", "reference"}
    with pytest.raises(ValidationError) as same:
        revise(users, deadline=date(2025, 12, 31))
    assert "deadline" in same.value.message_dict
    with pytest.raises(ValidationError):
        revise(users, deadline=date(2040, 1, 1))
    with pytest.raises(StaleVersionError):
        item_revise_deadline(item=task, deadline=date(2026, 12, 31), reason="延期", reference=DECISION,
                             actor=users["coordinator"], expected_version=task.version - 1 or 99)
    task.refresh_from_db()
    assert task.deadline == date(2025, 12, 31) and task.version == 1 and not PlanRevision.objects.exists()


def test_reloading_the_plan_keeps_the_revised_values(users):
    revise(users)
    indicator = Indicator.objects.get(code="I11")
    indicator_revise_target(indicator=indicator, target_value=Decimal("1000"), target_year=2026, reason="调增",
                            reference=DECISION, actor=users["coordinator"], expected_version=indicator.version)
    report = plan_load()
    assert not report.changed_anything, report.summary()
    assert Task.objects.get(code="1.1").deadline == date(2026, 12, 31)
    indicator.refresh_from_db()
    assert (indicator.target_value, indicator.target_year) == (Decimal("1000"), 2026)
    assert indicator.original_target == (Decimal("979"), 2025)


def test_a_revised_target_is_judged_by_the_new_value_from_its_date(users):
    indicator = Indicator.objects.get(code="I11")
    with time_machine.travel("2025-06-01 10:00 +0800"):
        indicator_value_add(indicator=indicator, value=Decimal("979"), as_of=date(2025, 6, 1), source="水利厅统计",
                            actor=users["coordinator"])
        snapshots_recompute()
    with time_machine.travel("2025-07-01 10:00 +0800"):
        revisions = indicator_revise_target(
            indicator=indicator, target_value=Decimal("1200"), target_year=2025, reason="新增病险水库",
            reference=DECISION, actor=users["coordinator"], expected_version=indicator.version)
        snapshots_recompute()
    assert [r.field for r in revisions] == ["target_value"]
    before = LightSnapshot.objects.get(kind=SubjectKind.INDICATOR, subject_id=indicator.pk, date=date(2025, 6, 1))
    after = LightSnapshot.objects.get(kind=SubjectKind.INDICATOR, subject_id=indicator.pk, date=date(2025, 7, 1))
    assert before.assessment == "achieved" and "目标979件" in before.reason
    assert after.assessment != "achieved" and "目标1200件" in after.reason


def test_a_task_not_applicable_or_merged_leaves_every_rollup_and_takes_no_updates(users):
    with time_machine.travel(OVERDUE):
        snapshots_recompute()
        plan_before = RollupSnapshot.objects.get(scope=RollupScope.PLAN, scope_id=0, date=date(2026, 1, 15))
        task = Task.objects.get(code="1.1")
        item_set_scope(item=task, scope=ItemScope.NOT_APPLICABLE, reason="职能划转", reference=DECISION,
                       actor=users["coordinator"], expected_version=task.version)
        other = Task.objects.get(code="1.2")
        item_set_scope(item=other, scope=ItemScope.MERGED, merged_into=Task.objects.get(code="2.1"),
                       reason="内容重复", reference=DECISION, actor=users["coordinator"],
                       expected_version=other.version)
        snapshots_recompute()
    plan_after = RollupSnapshot.objects.get(scope=RollupScope.PLAN, scope_id=0, date=date(2026, 1, 15))
    total = lambda r: r.green + r.yellow + r.red + r.grey  # noqa: E731
    assert total(plan_after) == total(plan_before) - 2
    assert not LightSnapshot.objects.filter(kind=SubjectKind.TASK, date=date(2026, 1, 15),
                                            subject_id__in=[task.pk, other.pk]).exists()
    other.refresh_from_db()
    assert other.merged_into.code == "2.1" and not other.is_active
    with pytest.raises(ValidationError, match="不再接受更新"):
        item_update_status(item=other, status="completed", percent=100, narrative="完成",
                           actor=users["coordinator"], expected_version=other.version)
    with pytest.raises(ValidationError):  # a task cannot be merged into itself or into one that no longer counts
        item_set_scope(item=task, scope=ItemScope.MERGED, merged_into=other, reason="合并", reference=DECISION,
                       actor=users["coordinator"], expected_version=Task.objects.get(code="1.1").version)
    with pytest.raises(ValidationError):  # key projects are not merged
        project = KeyProject.objects.get(number=1)
        item_set_scope(item=project, scope=ItemScope.MERGED, merged_into=other, reason="合并", reference=DECISION,
                       actor=users["coordinator"], expected_version=project.version)


def test_the_export_shows_original_and_revised(users):
    with time_machine.travel(REVISED_ON):
        revise(users)
        snapshots_recompute()
        buffer = io.BytesIO()
        export_workbook(user=users["coordinator"], filters=ExportFilters(year=2026, as_of=date(2026, 2, 1)),
                        target=buffer)
    book = load_workbook(buffer)
    header = [c.value for c in book["重点任务"][1]]
    row = next(r for r in book["重点任务"].iter_rows(min_row=2, values_only=True) if r[0] == "1.1")
    assert row[header.index("完成时限")].date() == date(2026, 12, 31)
    summary = row[header.index("规划调整")]
    assert "2025-12-31→2026-12-31" in summary and "省政府决定延期一年" in summary and DECISION in summary
    changes = list(book["规划调整"].iter_rows(min_row=2, values_only=True))
    assert len(changes) == 1 and changes[0][1:6] == ("1.1", Task.objects.get(code="1.1").title, "完成时限",
                                                     "2025-12-31", "2026-12-31")


def test_task_page_form_refuses_a_missing_reason_and_shows_both_dates_once_saved(users, client_for):
    client = client_for("coordinator")
    task = Task.objects.get(code="1.1")
    form = {"action": "revise_deadline", "revise_deadline-deadline": "2026-12-31",
            "revise_deadline-reason": "", "revise_deadline-reference": DECISION,
            "revise_deadline-version": task.version}
    refused = client.post("/tasks/1.1/", form)
    assert refused.status_code == 400 and "请填写调整理由" in refused.content.decode()
    assert Task.objects.get(code="1.1").deadline == date(2025, 12, 31)
    saved = client.post("/tasks/1.1/", form | {"revise_deadline-reason": "省政府决定延期一年"})
    assert saved.status_code == 302
    page = client.get("/tasks/1.1/").content.decode()
    assert "2025-12-31" in page and "2026-12-31" in page and "省政府决定延期一年" in page and DECISION in page
    # Only the provincial office sees and may post the revision forms.
    water = client_for("water")
    assert "revise_deadline-reason" not in water.get("/tasks/1.1/").content.decode()
    assert water.post("/tasks/1.1/", form | {"revise_deadline-deadline": "2027-06-30"}).status_code == 403
    assert Task.objects.get(code="1.1").deadline == date(2026, 12, 31)


def test_plan_changes_page_filters_scopes_and_downloads(users, client_for):
    kunming_tasks = Task.objects.for_agency(users["kunming"].agency)
    hidden = Task.objects.exclude(pk__in=kunming_tasks).filter(deadline__isnull=False).first()
    shared = kunming_tasks.filter(deadline__isnull=False).first()
    revise(users, code=hidden.code)
    revise(users, code=shared.code, deadline=date(2026, 6, 30), reason="明确时限")
    indicator = Indicator.objects.get(code="I11")
    indicator_revise_target(indicator=indicator, target_value=Decimal("1000"), target_year=2025, reason="调增",
                            reference=DECISION, actor=users["coordinator"], expected_version=indicator.version)
    page = client_for("leader").get("/plan-changes/").content.decode()
    assert "省政府决定延期一年" in page and "明确时限" in page and "调增" in page
    only_targets = client_for("leader").get("/plan-changes/", {"subject": "indicator"}).content.decode()
    assert "调增" in only_targets and "明确时限" not in only_targets
    kunming = client_for("kunming").get("/plan-changes/").content.decode()
    assert "明确时限" in kunming and "省政府决定延期一年" not in kunming
    bad = client_for("leader").get("/plan-changes/", {"since": "not-a-date", "field": "nonsense"})
    assert bad.status_code == 200 and "省政府决定延期一年" in bad.content.decode()
    download = client_for("leader").get("/plan-changes/", {"field": "deadline", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(download.content))["规划调整"]
    assert sorted(r[1] for r in sheet.iter_rows(min_row=2, values_only=True)) == sorted([hidden.code, shared.code])


def test_target_page_revision_and_reports_leave_out_items_that_no_longer_count(users, client_for):
    from reporting.services import period_open

    client = client_for("coordinator")
    indicator = Indicator.objects.get(code="I11")
    saved = client.post("/indicators/I11/", {
        "action": "revise_target", "revise_target-target_value": "1000", "revise_target-target_year": "2025",
        "revise_target-reason": "新增病险水库", "revise_target-reference": DECISION,
        "revise_target-version": indicator.version})
    assert saved.status_code == 302
    page = client.get("/indicators/I11/").content.decode()
    assert "<del" in page and "979" in page and "1000" in page and "新增病险水库" in page
    assert client_for("leader").post("/indicators/I11/", {"action": "revise_target"}).status_code == 403

    shared = Task.objects.for_agency(users["kunming"].agency).first()
    item_set_scope(item=shared, scope=ItemScope.NOT_APPLICABLE, reason="职能划转", reference=DECISION,
                   actor=users["coordinator"], expected_version=shared.version)
    period = period_open(year=2026, number=1, actor=users["coordinator"])
    report = period.reports.get(prefecture=users["kunming"].agency)
    assert report.items.exists() and not report.items.filter(task=shared).exists()


def test_key_projects_are_revised_and_lists_mark_revised_deadlines(users, client_for):
    project = KeyProject.objects.filter(deadline__isnull=False).first()
    client = client_for("coordinator")
    url = f"/key-projects/{project.number}/"
    form = {"action": "revise_deadline", "revise_deadline-deadline": "2027-06-30",
            "revise_deadline-reason": "资金到位推迟", "revise_deadline-reference": DECISION,
            "revise_deadline-version": project.version}
    assert client.post(url, form).status_code == 302
    merged = client.post(url, {"action": "revise_scope", "revise_scope-scope": "merged",
                               "revise_scope-merged_into": "2.1", "revise_scope-reason": "合并",
                               "revise_scope-reference": DECISION, "revise_scope-version": project.version + 1})
    assert merged.status_code == 400 and KeyProject.objects.get(pk=project.pk).scope == "active"
    listing = client.get("/key-projects/").content.decode()
    assert "2027-06-30" in listing and "资金到位推迟" in listing  # the badge's title carries the reason
    api = client.get(f"/api/v1/key-projects/{project.number}/").json()
    assert (api["deadline"], api["original_deadline"]) == ("2027-06-30", project.deadline.isoformat())


def test_a_task_others_were_merged_into_cannot_leave_the_plan_first(users):
    target = Task.objects.get(code="1.4")
    merged = Task.objects.get(code="1.3")
    item_set_scope(item=merged, scope=ItemScope.MERGED, merged_into=target, reason="合并", reference=DECISION,
                   actor=users["coordinator"], expected_version=merged.version)
    with pytest.raises(ValidationError) as refused:
        item_set_scope(item=target, scope=ItemScope.NOT_APPLICABLE, reason="取消", reference=DECISION,
                       actor=users["coordinator"], expected_version=target.version)
    assert "1.3" in str(refused.value)
    assert Task.objects.get(code="1.4").scope == "active"


def test_open_reports_do_not_wait_for_items_that_left_the_plan(users, client_for):
    from reporting.services import ItemInput, period_open, report_save, report_submit

    period = period_open(year=2026, number=1, actor=users["coordinator"])
    report = period.reports.get(prefecture=users["kunming"].agency)
    dropped = report.items.filter(task__isnull=False).first().task
    item_set_scope(item=dropped, scope=ItemScope.NOT_APPLICABLE, reason="职能划转", reference=DECISION,
                   actor=users["coordinator"], expected_version=dropped.version)
    items = {item.pk: ItemInput(status="in_progress", narrative="推进")
             for item in report.items.exclude(task=dropped)}
    report = report_save(report=report, items=items, lines={}, actor=users["kunming"],
                         expected_version=report.version)
    assert report_submit(report=report, actor=users["kunming"]).status == "submitted"
    agencies = client_for("leader").get("/agencies/").content.decode()
    assert agencies  # counts exclude the dropped task (checked below through the selector)
    from agencies.selectors import agency_list

    lead = dropped.responsibilities.order_by("position").first().agency
    counted = agency_list().get(pk=lead.pk).task_count
    assert counted == lead.taskresponsibility_set.filter(task__scope="active").values("task").distinct().count()


def test_plan_changes_page_and_api_queries_do_not_grow_with_revisions(users, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("coordinator")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    revise(users, code="1.1")
    few = (queries("/plan-changes/"), queries("/api/v1/plan-changes/"))
    for code in ("2.1", "2.4", "3.2", "4.1", "4.2"):
        revise(users, code=code)
    assert (queries("/plan-changes/"), queries("/api/v1/plan-changes/")) == few
    assert few[0] <= 12 and few[1] <= 10
