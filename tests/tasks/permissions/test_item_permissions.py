"""Every role against every page and endpoint that reads or writes tasks and key projects.

Allowed actions work; forbidden ones get 403 (or 404 where the item is not even visible) and change nothing.
Task 4.1 is led by 省消防救援总队 and names 各州、市人民政府; task 2.1 names no prefecture; key project 9 is led by
省消防救援总队 with 省水利厅 participating and no prefecture."""

import pytest

from agencies.models import Agency
from projects.models import KeyProject
from reporting.models import ProgressEntry
from reporting.services import progress_entry_add
from tasks.models import Task
from tests.conftest import pdf_file

ROLES = ["coordinator", "water", "fire", "kunming", "dali", "leader", "auditor"]
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


def state():
    return (list(Task.objects.order_by("pk").values_list("version", "status", "percent")),
            list(KeyProject.objects.order_by("pk").values_list("version", "status", "percent")),
            ProgressEntry.objects.count())


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
    listed = {t["code"] for t in client.get("/api/v1/tasks/", {"page_size": 100}).json()["results"]}
    on_page = client.get("/tasks/", {"q": "法规"}).content.decode()
    if sees_all:
        assert len(listed) == 41 and "推进完善法规制度架构" in on_page
    else:
        prefecture = Agency.objects.get(name={"kunming": "昆明市", "dali": "大理白族自治州"}[role])
        assert listed == set(Task.objects.for_agency(prefecture).values_list("code", flat=True))
        assert "2.1" not in listed and "4.1" in listed and "推进完善法规制度架构" not in on_page
        projects = {p["number"] for p in client.get("/api/v1/key-projects/").json()["results"]}
        assert 9 not in projects and 1 in projects


@pytest.mark.parametrize("role", ROLES)
def test_status_updates_on_the_page_and_the_api(client_for, role):
    client = client_for(role)
    allowed = RULES[role][1]
    before = state()
    response = client.post("/tasks/4.1/", STATUS_FORM)
    assert response.status_code == (302 if allowed else 403)
    assert (state() != before) == allowed
    before = state()
    response = client.patch("/api/v1/tasks/4.1/", {"status": "delayed", "percent": 20, "narrative": "滞后",
                                                   "version": Task.objects.get(code="4.1").version},
                            content_type="application/json")
    assert response.status_code == (200 if allowed else 403), response.content
    assert (state() != before) == allowed
    # 2.1: only the office sets it (fire participates; reporters cannot even see it)
    before = state()
    page = client.post("/tasks/2.1/", STATUS_FORM).status_code
    api = client.patch("/api/v1/tasks/2.1/", {"status": "delayed", "percent": 1, "narrative": "x", "version": 1},
                       content_type="application/json").status_code
    expected = 404 if not RULES[role][0] else (None if role == "coordinator" else 403)
    if expected:
        assert (page, api) == (expected, expected) and state() == before


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
    assert ('id="history"' in client.get("/tasks/4.1/").content.decode()) == allowed


def test_a_prefecture_never_sees_another_prefectures_entries_or_evidence(users, client_for):
    task = Task.objects.get(code="4.1")
    dali_entry = progress_entry_add(item=task, narrative="大理州的报送内容", actor=users["dali"], files=[pdf_file()])
    fire_entry = progress_entry_add(item=task, narrative="总队的报送内容", actor=users["fire"], files=[pdf_file()])
    kunming = client_for("kunming")
    html = kunming.get("/tasks/4.1/").content.decode()
    assert "总队的报送内容" in html and "大理州的报送内容" not in html
    narratives = [e["narrative"] for e in kunming.get("/api/v1/tasks/4.1/progress/").json()["results"]]
    assert narratives == ["总队的报送内容"]
    assert kunming.get(f"/tasks/evidence/{dali_entry.evidence.get().pk}/").status_code == 404
    assert kunming.get(f"/tasks/evidence/{fire_entry.evidence.get().pk}/").status_code == 200
    dali = client_for("dali")
    download = dali.get(f"/tasks/evidence/{dali_entry.evidence.get().pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")


def test_evidence_of_an_invisible_item_is_not_served(users, client_for):
    entry = progress_entry_add(item=Task.objects.get(code="2.1"), narrative="法规修订", actor=users["fire"],
                               files=[pdf_file()])
    assert client_for("kunming").get(f"/tasks/evidence/{entry.evidence.get().pk}/").status_code == 404
    assert client_for("leader").get(f"/tasks/evidence/{entry.evidence.get().pk}/").status_code == 200


def test_list_filters_do_not_widen_the_scope(client_for):
    kunming = client_for("kunming")
    justice = Agency.objects.get(name="省司法厅")  # named only on 2.1
    assert kunming.get("/api/v1/tasks/", {"agency": justice.pk}).json()["count"] == 0
    assert kunming.get("/api/v1/tasks/", {"q": "法规制度"}).json()["count"] == 0
    assert "推进完善法规制度架构" not in kunming.get("/tasks/", {"agency": justice.pk}).content.decode()


def test_users_without_a_role_see_nothing(plan, client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(roles=[]))
    assert client.get("/api/v1/tasks/").json()["count"] == 0
    assert client.get("/tasks/4.1/").status_code == 404


@pytest.mark.parametrize(("role", "admin_ok"), [(r, r == "coordinator") for r in ROLES])
def test_only_coordinators_manage_users_in_the_admin(client_for, role, admin_ok):
    client = client_for(role)
    response = client.get("/admin/agencies/user/")
    assert (response.status_code == 200) == admin_ok
    if admin_ok:
        assert client.get("/admin/tasks/task/1/change/").status_code == 200  # view only
        before = state()
        client.post("/admin/tasks/task/1/change/", {"title": "改"})
        assert state() == before and Task.objects.get(pk=1).title != "改"
