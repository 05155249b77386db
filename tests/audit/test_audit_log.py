"""The security audit log (等保2.0 安全审计): each kind of event recorded with time, user, source address, event,
object and result; append-only for the application; a change made directly in the database breaks the hash chain
and audit_verify names the record; auditors read and download it, nobody else."""

import io

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from openpyxl import load_workbook

from agencies.models import ApiToken, RoleAssignment
from agencies.services import _token_hash, token_create, token_revoke
from audit.models import AppendOnlyError, AuditEvent, AuditRecord
from audit.services import audit_record
from reporting.services import progress_entry_add
from tasks.models import Task
from tests.factories import PASSWORD, pdf_file
from tests.responses import element, html_of


def _events(kind):
    return list(AuditRecord.objects.filter(event=kind).order_by("id"))


def test_each_kind_of_event_is_recorded_with_its_fields(users, client_for, rf):
    client = Client(REMOTE_ADDR="10.1.2.3")
    assert client.post("/accounts/login/", {"username": "water", "password": "wrong"}).status_code == 200
    client.post("/accounts/login/", {"username": "water", "password": PASSWORD})
    client.post("/accounts/logout/")
    failed, signed_in, signed_out = (_events(e)[-1] for e in (AuditEvent.SIGN_IN_FAILED, AuditEvent.SIGN_IN,
                                                              AuditEvent.SIGN_OUT))
    assert (failed.username, failed.result, failed.address) == ("water", "failure", "10.1.2.3")
    assert (signed_in.username, signed_in.result, signed_in.user_id) == ("water", "success", users["water"].pk)
    assert signed_out.username == "water" and signed_in.at <= signed_out.at

    request = rf.post("/agencies/tokens/", REMOTE_ADDR="10.9.9.9")
    token, _raw = token_create(user=users["kunming"], name="数据中心", password=PASSWORD, request=request)
    token_revoke(token=token, actor=users["kunming"])
    created, revoked = _events(AuditEvent.TOKEN_CREATED)[-1], _events(AuditEvent.TOKEN_REVOKED)[-1]
    assert created.object.endswith("数据中心") and created.address == "10.9.9.9" and revoked.username == "kunming"
    ApiToken.objects.create(user=users["dali"], name="t", prefix="x", key_hash=_token_hash("ynp_audit"))
    Client().get("/api/v1/tasks/", HTTP_AUTHORIZATION="Bearer ynp_audit")
    assert _events(AuditEvent.TOKEN_USED)[-1].username == "dali"

    user = users["dali"]
    user.set_password("another-long-passphrase-2026")
    user.save()
    assert _events(AuditEvent.PASSWORD_CHANGED)[-1].detail == "API tokens revoked: 1"
    RoleAssignment.objects.create(user=user, role="auditor")
    RoleAssignment.objects.filter(user=user, role="auditor").get().delete()
    assert [r.detail for r in _events(AuditEvent.ROLE_CHANGED)[-2:]] == ["granted auditor", "withdrawn auditor"]
    user.is_active = False
    user.save()
    assert _events(AuditEvent.ACCOUNT_CHANGED)[-1].detail == "changed: is_active"
    LogEntry.objects.log_actions(user_id=users["coordinator"].pk, queryset=[user], action_flag=CHANGE,
                                 change_message="停用")
    assert _events(AuditEvent.ADMIN_CHANGE)[-1].username == "coordinator"

    entry = progress_entry_add(item=Task.objects.get(code="4.1"), narrative="证", actor=users["fire"],
                               files=[pdf_file()])
    download = client_for("auditor").get(f"/tasks/evidence/{entry.evidence.get().pk}/")
    assert download.status_code == 200
    assert _events(AuditEvent.EVIDENCE_DOWNLOADED)[-1].username == "auditor"


def test_records_are_append_only_and_a_database_change_breaks_the_chain(users):
    first = audit_record(AuditEvent.SIGN_IN, user=users["water"])
    second = audit_record(AuditEvent.SIGN_OUT, user=users["water"])
    assert second.previous_hash == first.hash
    call_command("audit_verify", stdout=io.StringIO())
    with pytest.raises(AppendOnlyError):
        second.detail = "edited"
        second.save()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=first.pk).update(detail="edited")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        first.delete()
    with connection.cursor() as cursor:  # what only someone with the database could do
        cursor.execute("UPDATE audit_auditrecord SET username = 'nobody' WHERE id = %s", [first.pk])
    with pytest.raises(CommandError, match=f"#{first.pk}"):
        call_command("audit_verify", stdout=io.StringIO())


def test_a_removed_record_is_named_by_the_one_after_it(users):
    records = [audit_record(AuditEvent.SIGN_IN, user=users["water"]) for _ in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE id = %s", [records[1].pk])
    with pytest.raises(CommandError, match=f"#{records[2].pk}"):
        call_command("audit_verify", stdout=io.StringIO())


def test_only_auditors_read_and_download_the_log_and_nobody_changes_it_in_the_admin(users, client_for):
    audit_record(AuditEvent.SIGN_IN_FAILED, username="mallory", result="failure")
    page = html_of(client_for("auditor").get("/agencies/audit/", {"result": "failure"}))
    assert "mallory" in element(page, "audit-records")
    download = client_for("auditor").get("/agencies/audit/", {"format": "xlsx", "username": "mallory"})
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert [c.value for c in sheet[2]][1:3] == ["登录被拒绝", "mallory"]
    for role in ("coordinator", "leader", "water", "kunming"):
        assert client_for(role).get("/agencies/audit/").status_code == 403
    record = AuditRecord.objects.first()
    admin = client_for("coordinator")
    url = f"/admin/audit/auditrecord/{record.pk}/change/"
    assert admin.post(url, {"detail": "x"}).status_code in (403, 302)
    assert admin.post(f"/admin/audit/auditrecord/{record.pk}/delete/", {"post": "yes"}).status_code in (403, 302)
    assert AuditRecord.objects.filter(pk=record.pk, detail=record.detail).exists()
    assert ContentType.objects.get_for_model(AuditRecord).model == "auditrecord"


def test_a_hostile_name_is_stored_as_hashed(users):
    """A sign-in tried with control characters in the name: what the hash covers is what the row holds."""
    Client().post("/accounts/login/", {"username": "evil\x07\x1bname", "password": "x"})
    assert _events(AuditEvent.SIGN_IN_FAILED)[-1].username == "evilname"
    call_command("audit_verify", stdout=io.StringIO())
