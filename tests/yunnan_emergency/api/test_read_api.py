"""The read-only JSON API of the foundation: signed-in only, paginated, the fields the issue names."""

import pytest

from agencies.models import Agency

LISTS = ["/api/v1/tasks/", "/api/v1/key-projects/", "/api/v1/indicators/", "/api/v1/agencies/"]


@pytest.mark.parametrize("url", LISTS)
def test_lists_need_a_signed_in_user(client, plan, url):
    response = client.get(url)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert response.json()["code"] == "not_authenticated" and response.json()["message"]


@pytest.mark.parametrize(("url", "total"), list(zip(LISTS, [41, 17, 47, 58], strict=True)))
def test_lists_are_complete_in_one_large_page(auth_client, url, total, django_assert_max_num_queries):
    # 12: task and key-project rows carry their plan revisions (original → revised).
    with django_assert_max_num_queries(12):
        body = auth_client.get(url, {"page_size": 500}).json()
    assert body["count"] == total and len(body["results"]) == total and body["next"] is None


def test_default_page_and_the_page_size_cap(auth_client):
    body = auth_client.get("/api/v1/indicators/").json()
    assert len(body["results"]) == 47  # fewer than the default page of 50
    body = auth_client.get("/api/v1/tasks/", {"page_size": 10}).json()
    assert len(body["results"]) == 10 and body["next"]
    body = auth_client.get("/api/v1/tasks/", {"page_size": 100000}).json()
    assert len(body["results"]) == 41  # capped at 500, which holds them all


def test_task_fields(auth_client):
    task = auth_client.get("/api/v1/tasks/5.1.2/").json()
    assert task["code"] == "5.1.2"
    assert task["title"] == "加快预案制修订"
    assert task["group"] == 5
    assert task["deadline"] == "2023-12-31" and task["deadline_text"] == "2023年底前"
    assert task["lead_agency"] == "省应急厅"
    assert task["agencies"] == ["省应急厅", "省级有关部门", "各州、市人民政府"]
    ongoing = auth_client.get("/api/v1/tasks/1.3/").json()
    assert ongoing["deadline"] is None and ongoing["deadline_text"] == "持续推进"


def test_key_project_fields(auth_client):
    project = auth_client.get("/api/v1/key-projects/8/").json()
    assert project["number"] == 8 and project["group"] == 3
    assert project["agencies"] == ["省森林消防总队", "省消防救援总队", "省地震局", "省应急厅"]
    assert project["deadline"] == "2025-12-31" and project["deadline_text"] == "2025年底前"
    assert "I32" in project["indicators"]


def test_indicator_fields(auth_client):
    body = auth_client.get("/api/v1/indicators/I30/").json()
    assert body | {"mentions": None} == body | {
        "code": "I30", "name": "森林火灾受害率", "target_value": 0.9, "unit": "‰", "comparator": "<=",
        "target_year": 2025, "source": 4, "source_type": "key_project", "mentions": None,
    }
    reservoirs = auth_client.get("/api/v1/indicators/I11/").json()
    assert (reservoirs["target_value"], reservoirs["source"], reservoirs["source_type"]) == (979, "3.4.2", "task")
    aviation = auth_client.get("/api/v1/indicators/I03/").json()
    assert aviation["source"] is None and aviation["goal_area"] == 3  # stated only among the goals


def test_filters(auth_client):
    kunming = Agency.objects.get(name="昆明市")
    group3 = auth_client.get("/api/v1/tasks/", {"group": 3, "page_size": 100}).json()
    assert group3["count"] == 8 and {t["group"] for t in group3["results"]} == {3}
    ongoing = auth_client.get("/api/v1/tasks/", {"deadline": "ongoing", "page_size": 100}).json()
    assert ongoing["results"] and all(t["deadline"] is None for t in ongoing["results"])
    mine = auth_client.get("/api/v1/tasks/", {"agency": kunming.pk, "page_size": 100}).json()
    assert mine["count"] > 20 and all("各州、市人民政府" in t["agencies"] for t in mine["results"])
    assert auth_client.get("/api/v1/tasks/", {"agency": kunming.pk, "role": "lead"}).json()["count"] == 0
    le = auth_client.get("/api/v1/indicators/", {"comparator": "<="}).json()["results"]
    assert {i["code"] for i in le} == {"I03", "I04", "I22", "I23", "I24", "I25", "I30"}
    prefectures = auth_client.get("/api/v1/agencies/", {"kind": "prefecture"}).json()
    assert prefectures["count"] == 16


@pytest.mark.parametrize(("url", "params"), [
    ("/api/v1/tasks/", {"group": "x"}),
    ("/api/v1/tasks/", {"agency": 999999}),
    ("/api/v1/tasks/", {"deadline": "someday"}),
    ("/api/v1/indicators/", {"kind": "bogus"}),
])
def test_bad_filter_values_are_a_400_with_the_field(auth_client, url, params):
    response = auth_client.get(url, params)
    body = response.json()
    assert response.status_code == 400 and body["code"] == "invalid" and set(params) <= set(body["fields"])


@pytest.mark.parametrize("url", ["/api/v1/tasks/9.9/", "/api/v1/key-projects/99/", "/api/v1/indicators/I99/"])
def test_unknown_items_are_404(auth_client, url):
    assert auth_client.get(url).status_code == 404


def test_the_api_is_read_only(auth_client):
    assert auth_client.post("/api/v1/tasks/", {}).status_code == 405
    assert auth_client.delete("/api/v1/tasks/1.1/").status_code == 405
