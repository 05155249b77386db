"""Personal API tokens, the OpenAPI schema and its local documentation pages."""

import re

from agencies.models import ApiToken


def create_token(client, password="correct-horse-battery"):
    response = client.post("/agencies/tokens/", {"name": "州市业务系统", "password": password})
    match = re.search(r"<code>(ynp_[^<]+)</code>", response.content.decode())
    return response, match.group(1) if match else None


def test_a_token_is_shown_once_stored_hashed_and_works_until_revoked(users, client_for, client):
    response, raw = create_token(client_for("kunming"))
    assert response.status_code == 200 and raw
    token = ApiToken.objects.get(user=users["kunming"])
    assert raw not in token.key_hash and token.prefix == raw[4:12]
    assert raw not in client_for("kunming").get("/agencies/tokens/").content.decode()  # shown once
    api = client.get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200 and "2.1" not in {t["code"] for t in api.json()["results"]}  # scoped as kunming
    token.refresh_from_db()
    assert token.last_used_at is not None
    client_for("kunming").post("/agencies/tokens/", {"revoke": token.pk})
    denied = client.get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert denied.status_code == 401 and denied.json()["code"] == "authentication_failed"


def test_a_wrong_password_creates_no_token_and_counts_toward_lockout(users, client_for):
    from axes.models import AccessFailureLog

    response, raw = create_token(client_for("water"), password="wrong")
    assert response.status_code == 400 and raw is None and not ApiToken.objects.exists()
    assert AccessFailureLog.objects.filter(username="water").exists()


def test_nobody_revokes_someone_elses_token(users, client_for):
    _response, raw = create_token(client_for("kunming"))
    token = ApiToken.objects.get()
    assert client_for("dali").post("/agencies/tokens/", {"revoke": token.pk}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_schema_and_local_docs(users, client_for):
    client = client_for("leader")
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    spec = schema.json()
    assert spec["openapi"].startswith("3.") and "bearerAuth" in spec["components"]["securitySchemes"]
    for path in ("/api/v1/tasks/{code}/", "/api/v1/reports/{id}/submit/", "/api/v1/exports/",
                 "/api/v1/dashboard/summary/"):
        assert path in spec["paths"], path
    patch = spec["paths"]["/api/v1/tasks/{code}/"]["patch"]
    assert {"400", "401", "403", "404", "409", "412"} <= set(patch["responses"])
    docs = client.get("/api/v1/docs/").content.decode()
    assert "cdn" not in docs.lower() and "swagger-ui" in docs
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", docs)  # no inline script (CSP)
    assert client.get("/api/v1/redoc/").status_code == 200
