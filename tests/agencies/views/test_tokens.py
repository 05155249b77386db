"""Personal API tokens (/agencies/tokens/): shown once, stored hashed, scoped as their user, revoked by their owner
only; a wrong password creates none and counts toward the lockout."""

import re

from axes.models import AccessFailureLog

from agencies.models import ApiToken
from tests.responses import html_of


def create_token(client, password="correct-horse-battery"):
    response = client.post("/agencies/tokens/", {"name": "州市业务系统", "password": password})
    match = re.search(r"<code>(ynp_[^<]+)</code>", response.content.decode())
    return response, match.group(1) if match else None


def test_a_token_is_shown_once_stored_hashed_and_works_until_revoked(users, client_for, client):
    response, raw = create_token(client_for("kunming"))
    assert response.status_code == 200 and raw
    token = ApiToken.objects.get(user=users["kunming"])
    assert raw not in token.key_hash and token.prefix == raw[4:12]
    assert raw not in html_of(client_for("kunming").get("/agencies/tokens/"))  # shown once
    api = client.get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200 and "2.1" not in {t["code"] for t in api.json()["results"]}  # scoped as kunming
    token.refresh_from_db()
    assert token.last_used_at is not None
    client_for("kunming").post("/agencies/tokens/", {"revoke": token.pk})
    denied = client.get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert denied.status_code == 401 and denied.json()["code"] == "authentication_failed"


def test_a_wrong_password_creates_no_token_and_counts_toward_lockout(users, client_for):
    response, raw = create_token(client_for("water"), password="wrong")
    assert response.status_code == 400 and raw is None and not ApiToken.objects.exists()
    assert AccessFailureLog.objects.filter(username="water").exists()


def test_nobody_revokes_someone_elses_token(users, client_for):
    _response, raw = create_token(client_for("kunming"))
    token = ApiToken.objects.get()
    assert client_for("dali").post("/agencies/tokens/", {"revoke": token.pk}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
