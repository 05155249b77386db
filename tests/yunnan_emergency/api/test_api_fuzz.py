"""schemathesis against the portal's own OpenAPI schema, in process, with a real token for each role:
no request may end in a server error, and every response must match what the schema says."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from agencies.models import ApiToken
from agencies.services import _token_hash
from yunnan_emergency.wsgi import application

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ROLES = ["coordinator", "water", "kunming", "leader", "auditor"]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calls go through the whole WSGI app, whose request signals would close the database connection that
    holds the test's transaction; Django's own test client unhooks them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(users):
    raw = {}
    for role in ROLES:
        raw[role] = f"ynp_fuzz-{role}-token-value"
        ApiToken.objects.create(user=users[role], name="schemathesis", prefix=raw[role][4:12],
                                key_hash=_token_hash(raw[role]))
    return raw


# Loaded when the module is collected: generating the schema touches no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@schema.parametrize()
@settings(max_examples=2, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_every_endpoint_for_every_role(case, tokens):
    for role in ROLES:
        case.call_and_validate(headers={"Authorization": f"Bearer {tokens[role]}"}, checks=CHECKS)
