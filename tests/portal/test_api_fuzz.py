"""schemathesis against the portal's own OpenAPI schema, in process, with a real token for each role:
no request may end in a server error, and every response must match what the schema says."""

import pytest
import schemathesis
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
@settings(max_examples=3, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_every_endpoint_for_every_role(case, tokens):
    for role in ROLES:
        case.call_and_validate(headers={"Authorization": f"Bearer {tokens[role]}"}, checks=CHECKS)
