"""The OpenAPI schema of /api/v1/ and its documentation pages, served locally (no CDN, no inline script)."""

import re

from tests.responses import html_of


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
    docs = html_of(client.get("/api/v1/docs/"))
    assert "cdn" not in docs.lower() and "swagger-ui" in docs
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", docs)  # no inline script (CSP)
    assert client.get("/api/v1/redoc/").status_code == 200
