"""Shared fixtures: the plan loaded once per test database, signed-in clients, and service gates.

Tests that need PostgreSQL or Redis skip with a reason naming the service when it is absent; CI (.ci/run) sets
DATABASE_URL and REDIS_URL so they always run there.
"""

import os

import pytest
from django.db import connection

from plan_loader.services import plan_load
from tasks.models import Plan, Task
from tests.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        plan_load()


@pytest.fixture
def plan(db) -> Plan:
    """The loaded plan. A transactional test empties the tables when it ends, so reload when that happened."""
    if not Task.objects.exists():
        plan_load()
    return Plan.objects.get()


@pytest.fixture
def user(plan):
    return UserFactory()


@pytest.fixture
def auth_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def redis_url() -> str:
    """A Redis database of its own for each xdist worker, so parallel tests never share a queue."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis: REDIS_URL is not set (.ci/run sets it)")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw-1")
    index = int(worker.removeprefix("gw")) + 1
    return f"{url.rsplit('/', 1)[0]}/{index + 8}"


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL is not set (.ci/run sets it)")


ROLE_USERS = {
    # name: (agency, roles)
    "coordinator": ("省应急厅", ["coordinator"]),
    "water": ("省水利厅", ["department_editor"]),
    "fire": ("省消防救援总队", ["department_editor"]),
    "kunming": ("昆明市", ["prefecture_reporter"]),
    "dali": ("大理白族自治州", ["prefecture_reporter"]),
    "leader": ("省应急厅", ["leadership"]),
    "auditor": ("省应急厅", ["auditor"]),
}


@pytest.fixture
def users(plan) -> dict:
    """One user per role: coordinator, two department editors, two prefecture reporters, leadership, auditor."""
    return {name: UserFactory(username=name, agency_name=agency, roles=roles)
            for name, (agency, roles) in ROLE_USERS.items()}


@pytest.fixture
def client_for(users):
    """client_for("water") → a test client signed in as that user."""
    from django.test import Client

    def make(name):
        client = Client()
        client.force_login(users[name])
        return client

    return make


def pdf_file(name="evidence.pdf", size=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def sent_jobs(monkeypatch):
    """Jobs the code sends by name (core.jobs) are recorded instead of going to the broker: {name: [kwargs]}.
    A test that wants one to run calls it itself."""
    from celery import current_app

    sent: dict[str, list[dict]] = {}
    monkeypatch.setattr(current_app, "send_task",
                        lambda name, args=(), countdown=None: sent.setdefault(name, []).append(
                            {"args": tuple(args), "countdown": countdown}))
    return sent
