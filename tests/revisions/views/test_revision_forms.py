"""The revision forms on the task, key-project and indicator pages (revisions.views.RevisionPanel): the provincial
office alone revises, with a reason and a document; both values are shown once saved."""

from datetime import date

from indicators.models import Indicator
from projects.models import KeyProject
from reporting.services import period_open
from revisions.services import item_set_scope
from tasks.models import ItemScope, Task
from tests.factories import DECISION
from tests.responses import element, html_of, json_of


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
    deadline = element(html_of(client.get("/tasks/1.1/")), "deadline")
    assert '规划原定完成时限">2025-12-31</del> → <strong class="text-nowrap">2026-12-31</strong>' in deadline
    assert "省政府决定延期一年" in deadline and DECISION in deadline
    # Only the provincial office sees and may post the revision forms.
    water = client_for("water")
    assert "revise_deadline-reason" not in html_of(water.get("/tasks/1.1/"))
    assert water.post("/tasks/1.1/", form | {"revise_deadline-deadline": "2027-06-30"}).status_code == 403
    assert Task.objects.get(code="1.1").deadline == date(2026, 12, 31)


def test_target_page_revision_and_reports_leave_out_items_that_no_longer_count(users, client_for):
    client = client_for("coordinator")
    indicator = Indicator.objects.get(code="I11")
    saved = client.post("/indicators/I11/", {
        "action": "revise_target", "revise_target-target_value": "1000", "revise_target-target_year": "2025",
        "revise_target-reason": "新增病险水库", "revise_target-reference": DECISION,
        "revise_target-version": indicator.version})
    assert saved.status_code == 302
    page = html_of(client.get("/indicators/I11/"))
    target = element(page, "target")
    assert '规划原定目标">=979件 (2025)</del> → <strong>=1000件 (2025)</strong>' in target and "新增病险水库" in page
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
    listing = html_of(client.get("/key-projects/"))
    assert "2027-06-30" in listing and "资金到位推迟" in listing  # the badge's title carries the reason
    api = json_of(client.get(f"/api/v1/key-projects/{project.number}/"))
    assert (api["deadline"], api["original_deadline"]) == ("2027-06-30", project.deadline.isoformat())
