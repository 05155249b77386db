"""Shared fixtures: the plan loaded once per test database, signed-in clients, and service gates.

Tests that need PostgreSQL or Redis skip with a reason naming the service when it is absent; CI (.ci/run) sets
DATABASE_URL and REDIS_URL so they always run there.
"""

import os

import pytest
from django.db import connection

from tasks.models import Plan, Task
from tasks.services import plan_load
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
