"""The key projects API (/api/v1/key-projects/)."""

from tests.responses import json_of


def test_key_project_fields(auth_client):
    project = json_of(auth_client.get("/api/v1/key-projects/8/"))
    assert project["number"] == 8 and project["group"] == 3
    assert project["agencies"] == ["省森林消防总队", "省消防救援总队", "省地震局", "省应急厅"]
    assert project["deadline"] == "2025-12-31" and project["deadline_text"] == "2025年底前"
    assert "I32" in project["indicators"]
