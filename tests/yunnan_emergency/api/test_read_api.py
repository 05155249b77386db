"""The read-only JSON API of the plan (tasks, key projects, indicators, agencies, as composed in api_urls): signed-in
only, complete in one large page, filters that refuse bad values by field, and 404 for unknown items."""

import pytest

from agencies.models import Agency
from tests.responses import json_of

LISTS = ["/api/v1/tasks/", "/api/v1/key-projects/", "/api/v1/indicators/", "/api/v1/agencies/", "/api/v1/safeguards/"]


@pytest.mark.parametrize("url", LISTS)
def test_lists_need_a_signed_in_user(client, plan, url):
    response = client.get(url)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert response.json()["code"] == "not_authenticated" and response.json()["message"]


@pytest.mark.parametrize(("url", "total"), list(zip(LISTS, [41, 17, 47, 58, 3], strict=True)))
def test_lists_are_complete_in_one_large_page(auth_client, url, total, django_assert_max_num_queries):
    # 15: task and key-project rows carry their plan revisions (original → revised), their lights and the
    # departments named for 省级有关部门 (whose generic link reads the content type once per process).
    with django_assert_max_num_queries(15):
        body = json_of(auth_client.get(url, {"page_size": 500}))
    assert body["count"] == total and len(body["results"]) == total and body["next"] is None


def test_filters(auth_client):
    kunming = Agency.objects.get(name="昆明市")
    group3 = json_of(auth_client.get("/api/v1/tasks/", {"group": 3, "page_size": 100}))
    assert group3["count"] == 8 and {t["group"] for t in group3["results"]} == {3}
    ongoing = json_of(auth_client.get("/api/v1/tasks/", {"deadline": "ongoing", "page_size": 100}))
    assert ongoing["results"] and all(t["deadline"] is None for t in ongoing["results"])
    mine = json_of(auth_client.get("/api/v1/tasks/", {"agency": kunming.pk, "page_size": 100}))
    assert mine["count"] > 20 and all("各州、市人民政府" in t["agencies"] for t in mine["results"])
    assert json_of(auth_client.get("/api/v1/tasks/", {"agency": kunming.pk, "role": "lead"}))["count"] == 0
    le = json_of(auth_client.get("/api/v1/indicators/", {"comparator": "<="}))["results"]
    assert {i["code"] for i in le} == {"I03", "I04", "I22", "I23", "I24", "I25", "I30"}
    prefectures = json_of(auth_client.get("/api/v1/agencies/", {"kind": "prefecture"}))
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
