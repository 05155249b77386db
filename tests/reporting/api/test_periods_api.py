"""Reporting periods over the API (/api/v1/periods/): opened by coordinators only."""

from tests.responses import json_of


def test_periods_are_opened_by_coordinators_only(users, client_for):
    body = {"kind": "quarter", "year": 2025, "number": 3}
    assert client_for("water").post("/api/v1/periods/", body).status_code == 403
    created = client_for("coordinator").post("/api/v1/periods/", body)
    assert created.status_code == 201 and created.json()["label"] == "2025年第3季度"
    assert json_of(client_for("kunming").get("/api/v1/reports/"))["count"] == 1
    bad = client_for("coordinator").post("/api/v1/periods/", {"kind": "half_year", "year": 2025, "number": 3})
    assert bad.status_code == 400 and "number" in bad.json()["fields"]
