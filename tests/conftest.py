"""Shared fixtures: the plan loaded once per test database, signed-in clients, and service gates.

Tests that need PostgreSQL or Redis skip with a reason naming the service when it is absent; CI (.ci/run) sets
DATABASE_URL and REDIS_URL so they always run there.
"""

import os
from decimal import Decimal

import pytest
from celery import current_app
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import translation

from plan_loader.services import plan_load
from reporting.services import LineInput
from tasks.models import Plan, Task
from tests.factories import ROLE_USERS, UserFactory, period_opened, report_of, report_submitted


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        plan_load()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the portal's default language. LocaleMiddleware activates a request's language in the
    thread and nothing deactivates it, so a page asked for in English would leave the next test in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


@pytest.fixture
def users(plan) -> dict:
    """One user per role: coordinator, two department editors, two prefecture reporters, leadership, auditor."""
    return {name: UserFactory(username=name, agency_name=agency, roles=roles)
            for name, (agency, roles) in ROLE_USERS.items()}


@pytest.fixture
def client_for(users):
    """client_for("water") → a test client signed in as that user."""
    def make(name):
        client = Client()
        client.force_login(users[name])
        return client

    return make


@pytest.fixture
def sent_jobs(monkeypatch):
    """Jobs the code sends by name (core.jobs) are recorded instead of going to the broker: {name: [kwargs]}.
    A test that wants one to run calls it itself."""
    sent: dict[str, list[dict]] = {}
    monkeypatch.setattr(current_app, "send_task",
                        lambda name, args=(), countdown=None: sent.setdefault(name, []).append(
                            {"args": tuple(args), "countdown": countdown}))
    return sent


@pytest.fixture
def period(users):
    """2025年第2季度, opened by the office on 1 July 2025 (due 10 July): a draft report for each prefecture."""
    return period_opened(actor=users["coordinator"])


@pytest.fixture
def reports_submitted(users, period):
    """昆明市 and 大理白族自治州 have submitted their 2025 Q2 reports (after the due date): I11 = 3 and 5 small
    reservoirs, each sourced to its water bureau."""
    for user, name, value in (("kunming", "昆明市", 3), ("dali", "大理白族自治州", 5)):
        report_submitted(report_of(period, name), actor=users[user], status="",
                         lines={"I11": LineInput(value=Decimal(value), source_note=f"{name}水利局")})
    return period
