"""三员分立 (等保2.0 访问控制): the system administrator runs accounts, the security administrator grants roles, the
audit administrator reads the audit log; no account holds one of these duties and another role, however the role
is given (administration, service, command, a row written directly), and none of the three sees plan items in
the portal or edits plan data."""

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from agencies.models import RoleAssignment, User
from agencies.services import user_set_roles
from tests.factories import ADMINISTRATORS, items_state
from tests.responses import json_of

STATUS_FORM = {"action": "status", "status": "in_progress", "percent": "50", "narrative": "推进中", "version": "1"}


@pytest.mark.parametrize("name", ADMINISTRATORS)
def test_administrators_neither_read_nor_edit_plan_data(client_for, name):
    client = client_for(name)
    before = items_state()
    assert json_of(client.get("/api/v1/tasks/", {"page_size": 100}))["count"] == 0
    assert client.get("/tasks/4.1/").status_code == 404
    assert client.post("/tasks/4.1/", STATUS_FORM).status_code in (403, 404)
    assert client.patch("/api/v1/tasks/4.1/", {"status": "delayed", "percent": 20, "narrative": "滞后", "version": 1},
                        content_type="application/json").status_code in (403, 404)
    assert client.post("/api/v1/key-projects/9/progress/", {"narrative": "x"}).status_code in (403, 404)
    assert items_state() == before


@pytest.mark.parametrize(("name", "reads"), [("auditadmin", True), ("auditor", True), ("sysadmin", False),
                                             ("secadmin", False), ("coordinator", False)])
def test_the_audit_log_is_the_audit_administrators_and_the_auditors(client_for, name, reads):
    assert client_for(name).get("/agencies/audit/").status_code == (200 if reads else 403)


@pytest.mark.parametrize("roles", [["system_admin", "security_admin"], ["security_admin", "audit_admin"],
                                   ["audit_admin", "auditor"], ["system_admin", "coordinator"]])
def test_the_service_refuses_two_duties_and_changes_nothing(users, roles):
    water = users["water"]
    with pytest.raises(ValidationError, match="三员分立"):
        user_set_roles(user=water, roles=roles)
    assert list(water.role_assignments.values_list("role", flat=True)) == ["department_editor"]


def test_a_row_written_directly_is_refused_too(users):
    with pytest.raises(ValidationError, match="三员分立"):
        RoleAssignment.objects.create(user=users["sysadmin"], role="coordinator")
    assert list(users["sysadmin"].role_assignments.values_list("role", flat=True)) == ["system_admin"]


def test_a_superuser_is_the_system_administrator_and_holds_nothing_else(plan):
    first = User.objects.create_superuser("admin", "admin@example.org", "A-long-passphrase-2026")
    with pytest.raises(ValidationError, match="三员分立"):
        user_set_roles(user=first, roles=["coordinator"])
    assert first.roles == {"system_admin"}


def test_appoint_administrator_names_a_duty_and_withdraws_the_rest(users):
    call_command("appoint_administrator", "water", "audit_admin")
    assert list(users["water"].role_assignments.values_list("role", flat=True)) == ["audit_admin"]
    with pytest.raises(CommandError):
        call_command("appoint_administrator", "nobody", "audit_admin")
    with pytest.raises(CommandError):
        call_command("appoint_administrator", "water", "coordinator")  # only the three duties


def test_check_deploy_names_accounts_holding_two_duties(users):
    """Rows written before the rule existed (here: past RoleAssignment.save, as an old database would hold them)."""
    RoleAssignment.objects.bulk_create([RoleAssignment(user=users["sysadmin"], role="coordinator")])
    found = [message for message in run_checks(include_deployment_checks=True) if message.id == "agencies.E002"]
    assert len(found) == 1 and "sysadmin" in found[0].msg and "coordinator" not in found[0].msg.split(":")[-1]
