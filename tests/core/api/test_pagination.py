"""API paging (core.api.pagination): a default page, a page_size parameter and its cap."""

from tests.responses import json_of


def test_default_page_and_the_page_size_cap(auth_client):
    body = json_of(auth_client.get("/api/v1/indicators/"))
    assert len(body["results"]) == 47  # fewer than the default page of 50
    body = json_of(auth_client.get("/api/v1/tasks/", {"page_size": 10}))
    assert len(body["results"]) == 10 and body["next"]
    body = json_of(auth_client.get("/api/v1/tasks/", {"page_size": 100000}))
    assert len(body["results"]) == 41  # capped at 500, which holds them all
