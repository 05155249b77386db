"""Every role against every page and endpoint that reads or writes tasks and key projects (tasks.permissions).

Allowed actions work; forbidden ones get 403 (or 404 where the item is not even visible) and change nothing.
Task 4.1 is led by 省消防救援总队 and names 各州、市人民政府; task 2.1 names no prefecture; key project 9 is led by
省消防救援总队 with 省水利厅 participating and no prefecture."""

import pytest

from agencies.models import Agency
from reporting.models import ProgressEntry
from tasks.models import Task
from tests.factories import UserFactory, items_state, pdf_file
from tests.responses import html_of, json_of

# role → (sees 2.1 and KP 9, may set the status of 4.1, may add an entry to 4.1, may read history)
RULES = {
    "coordinator": (True, True, True, True),
    "water": (True, False, False, False),
    "fire": (True, True, True, False),
    "kunming": (False, False, True, False),
    "dali": (False, False, True, False),
    "leader": (True, False, False, False),
    "auditor": (True, False, False, True),
}
ROLES = list(RULES)


STATUS_FORM = {"action": "status", "status": "in_progress", "percent": "50", "narrative": "推进中", "version": "1"}
ENTRY_FORM = {"action": "progress", "narrative": "本单位完成情况"}


@pytest.mark.parametrize("role", ROLES)
def test_reading_pages_and_api(client_for, role):
    client = client_for(role)
    sees_all = RULES[role][0]
    for url in ["/tasks/2.1/", "/api/v1/tasks/2.1/", "/key-projects/9/", "/api/v1/key-projects/9/"]:
        assert client.get(url).status_code == (200 if sees_all else 404), url
    for url in ["/tasks/4.1/", "/api/v1/tasks/4.1/", "/key-projects/1/", "/api/v1/key-projects/1/"]:
        assert client.get(url).status_code == 200, url
    listed = {t["code"] for t in json_of(client.get("/api/v1/tasks/", {"page_size": 100}))["results"]}
    on_page = html_of(client.get("/tasks/", {"q": "法规"}))
    if sees_all:
        assert len(listed) == 41 and "推进完善法规制度架构" in on_page
    else:
        prefecture = Agency.objects.get(name={"kunming": "昆明市", "dali": "大理白族自治州"}[role])
        assert listed == set(Task.objects.for_agency(prefecture).values_list("code", flat=True))
        assert "2.1" not in listed and "4.1" in listed and "推进完善法规制度架构" not in on_page
        projects = {p["number"] for p in json_of(client.get("/api/v1/key-projects/"))["results"]}
        assert 9 not in projects and 1 in projects


@pytest.mark.parametrize("role", ROLES)
def test_status_updates_on_the_page_and_the_api(client_for, role):
    client = client_for(role)
    allowed = RULES[role][1]
    before = items_state()
    response = client.post("/tasks/4.1/", STATUS_FORM)
    assert response.status_code == (302 if allowed else 403)
    assert (items_state() != before) == allowed
    before = items_state()
    response = client.patch("/api/v1/tasks/4.1/", {"status": "delayed", "percent": 20, "narrative": "滞后",
                                                   "version": Task.objects.get(code="4.1").version},
                            content_type="application/json")
    assert response.status_code == (200 if allowed else 403), response.content
    assert (items_state() != before) == allowed
    # 2.1: only the office sets it (fire participates; reporters cannot even see it)
    before = items_state()
    page = client.post("/tasks/2.1/", STATUS_FORM).status_code
    api = client.patch("/api/v1/tasks/2.1/", {"status": "delayed", "percent": 1, "narrative": "x", "version": 1},
                       content_type="application/json").status_code
    expected = 404 if not RULES[role][0] else (None if role == "coordinator" else 403)
    if expected:
        assert (page, api) == (expected, expected) and items_state() == before


@pytest.mark.parametrize("role", ROLES)
def test_progress_entries_on_the_page_and_the_api(client_for, role):
    client = client_for(role)
    allowed = RULES[role][2]
    before = ProgressEntry.objects.count()
    assert client.post("/tasks/4.1/", ENTRY_FORM).status_code == (302 if allowed else 403)
    response = client.post("/api/v1/tasks/4.1/progress/", {"narrative": "接口报送", "evidence": [pdf_file()]})
    assert response.status_code == (201 if allowed else 403), response.content
    assert ProgressEntry.objects.count() == before + (2 if allowed else 0)
    # Key project 9 names no prefecture: reporters do not see it at all.
    response = client.post("/api/v1/key-projects/9/progress/", {"narrative": "x"})
    may_add_kp9 = role in ("coordinator", "water", "fire")
    assert response.status_code == (201 if may_add_kp9 else 403 if RULES[role][0] else 404)


@pytest.mark.parametrize("role", ROLES)
def test_history_is_for_the_office_and_auditors(client_for, role):
    client = client_for(role)
    allowed = RULES[role][3]
    assert client.get("/api/v1/tasks/4.1/history/").status_code == (200 if allowed else 403)
    assert ('id="history"' in html_of(client.get("/tasks/4.1/"))) == allowed


def test_list_filters_do_not_widen_the_scope(client_for):
    kunming = client_for("kunming")
    justice = Agency.objects.get(name="省司法厅")  # named only on 2.1
    assert json_of(kunming.get("/api/v1/tasks/", {"agency": justice.pk}))["count"] == 0
    assert json_of(kunming.get("/api/v1/tasks/", {"q": "法规制度"}))["count"] == 0
    assert "推进完善法规制度架构" not in html_of(kunming.get("/tasks/", {"agency": justice.pk}))


def test_users_without_a_role_see_nothing(plan, client):
    client.force_login(UserFactory(roles=[]))
    assert json_of(client.get("/api/v1/tasks/"))["count"] == 0
    assert client.get("/tasks/4.1/").status_code == 404
