"""The indicators API (/api/v1/indicators/): fields, baselines and measured values."""

from indicators.models import Indicator
from tests.responses import json_of


def test_indicator_fields(auth_client):
    body = json_of(auth_client.get("/api/v1/indicators/I30/"))
    assert body | {"mentions": None} == body | {
        "code": "I30", "name": "森林火灾受害率", "target_value": 0.9, "unit": "‰", "comparator": "<=",
        "target_year": 2025, "source": 4, "source_type": "key_project", "mentions": None,
    }
    reservoirs = json_of(auth_client.get("/api/v1/indicators/I11/"))
    assert (reservoirs["target_value"], reservoirs["source"], reservoirs["source_type"]) == (979, "3.4.2", "task")
    aviation = json_of(auth_client.get("/api/v1/indicators/I03/"))
    assert aviation["source"] is None and aviation["goal_area"] == 3  # stated only among the goals


def test_coordinators_set_baselines_and_record_values(users, client_for):
    office = client_for("coordinator")
    baseline = {"baseline_value": "1.2", "baseline_year": 2020, "baseline_source": "2020年统计",
                "target_2035_value": "0.5", "version": 1}
    response = office.patch("/api/v1/indicators/I30/", baseline, content_type="application/json")
    assert response.status_code == 200 and response.json()["baseline_value"] == 1.2
    stale = office.patch("/api/v1/indicators/I30/", baseline, content_type="application/json")
    assert stale.status_code == 409
    value = office.post("/api/v1/indicators/I30/values/", {"value": "0.8", "as_of": "2025-06-30",
                                                           "source": "省林草局"})
    assert value.status_code == 201
    assert json_of(client_for("leader").get("/api/v1/indicators/I30/values/"))[0]["value"] == 0.8
    assert client_for("water").post("/api/v1/indicators/I30/values/", {"value": "1", "as_of": "2025-01-01",
                                                                       "source": "x"}).status_code == 403
    future = office.post("/api/v1/indicators/I30/values/", {"value": "1", "as_of": "2099-01-01", "source": "x"})
    assert future.status_code == 400 and "as_of" in future.json()["fields"]
    assert Indicator.objects.get(code="I30").values.count() == 1
