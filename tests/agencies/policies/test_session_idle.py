"""The idle sign-out (等保 会话超时): a session unused for SESSION_COOKIE_AGE has expired; a request renews it, at
most once a SESSION_RENEW_SECONDS, since each renewal is a database write."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def _session_writes(client, path="/plan/") -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return sum(1 for query in captured if query["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in
               query["sql"])


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.fixture(autouse=True)
def renewed_once_a_minute(settings):
    settings.SESSION_RENEW_SECONDS = 60  # as served (the test settings stretch it)


def test_a_request_renews_the_session_at_most_once_a_minute(users, client_for):
    with time_machine.travel("2026-12-02 09:00 +0800", tick=False):
        client = client_for("coordinator")  # signed in: the session is saved renewed
        first = _expiry(client)
        assert _session_writes(client) == 0
        assert first == timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel("2026-12-02 09:00:59 +0800", tick=False):
        assert _session_writes(client) == 0 and _expiry(client) == first
    with time_machine.travel("2026-12-02 09:01:01 +0800", tick=False):
        assert _session_writes(client) == 1 and _expiry(client) == first + timedelta(seconds=61)
        assert _session_writes(client) == 0


def test_a_session_left_idle_for_the_limit_is_signed_out(users, client_for):
    with time_machine.travel("2026-12-02 09:00 +0800", tick=False):
        client = client_for("coordinator")
        assert client.get("/plan/").status_code == 200
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)
    with time_machine.travel(timezone.now() + idle, tick=False):
        response = client.get("/plan/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_made_up_session_cookie_writes_nothing(db):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    response = client.get("/accounts/login/")
    assert response.status_code == 200 and not Session.objects.exists()
