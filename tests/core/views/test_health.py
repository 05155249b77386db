"""Health (/healthz) and readiness (/readyz, core.health): the database, migrations and Redis checked."""

from django.test import override_settings

from tests.responses import json_of


def test_health_and_readiness(client, db):
    assert json_of(client.get("/healthz")) == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"
    assert ready.json()["checks"]["migrations"] == "ok"
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        down = client.get("/readyz")
    assert down.status_code == 503 and down.json()["checks"]["redis"].startswith("error")
