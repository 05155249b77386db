"""A fresh install (三员分立): the first account `createsuperuser` makes is the system administrator. It makes the
accounts; `appoint_administrator` names the security administrator from the server; the security administrator
grants the plan's roles. The superuser itself never edits plan data."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from agencies.models import Agency, User
from tasks.models import Task
from tests.responses import html_of, json_of

PASSWORD = "Correct-horse-battery-9"


def signed_in(username: str, password: str) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": username, "password": password}).status_code == 302
    return client


def test_a_fresh_install_from_the_first_superuser_to_a_coordinator(plan, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, username="admin", email="admin@example.org", verbosity=0)
    admin = signed_in("admin", PASSWORD)
    # The system administrator: the plan is not theirs to edit, nor to read.
    assert json_of(admin.get("/api/v1/tasks/?page_size=100"))["count"] == 0
    task = Task.objects.get(code="4.1")
    assert admin.post("/tasks/4.1/", {"action": "status", "status": "in_progress", "percent": 30,
                                      "narrative": "推进", "version": task.version}).status_code in (400, 403, 404)
    task.refresh_from_db()
    assert task.version == 1 and task.progress_entries.count() == 0
    # It makes two accounts, each with a temporary password.
    office = Agency.objects.get(name="省应急厅")
    for username in ("security", "planner"):
        made = admin.post("/admin/agencies/user/add/", {
            "username": username, "agency": office.pk, "usable_password": "true",
            "password1": "Temporary-2026-pass", "password2": "Temporary-2026-pass"})
        assert made.status_code == 302, made.content.decode()[-1500:]
    # From the server, the security administrator is named; the superuser cannot take that duty too.
    with pytest.raises(CommandError, match="三员分立"):
        call_command("appoint_administrator", "admin", "security_admin", stdout=None)
    call_command("appoint_administrator", "security", "security_admin")
    security = signed_in("security", "Temporary-2026-pass")
    assert security.get("/admin/").url.startswith("/accounts/password/?next=")  # its own password first
    assert security.post("/accounts/password/", {
        "old_password": "Temporary-2026-pass", "new_password1": "Own-choice-of-2026",
        "new_password2": "Own-choice-of-2026", "next": "/admin/"}).url == "/admin/"
    planner = User.objects.get(username="planner")
    granted = security.post(f"/admin/agencies/user/{planner.pk}/change/", {
        "role_assignments-TOTAL_FORMS": "1", "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-MIN_NUM_FORMS": "0", "role_assignments-MAX_NUM_FORMS": "1000",
        "role_assignments-0-id": "", "role_assignments-0-user": planner.pk, "role_assignments-0-role": "coordinator"})
    assert granted.status_code == 302, granted.content.decode()[-1500:]
    # The coordinator runs the plan once they have chosen their own password.
    coordinator = signed_in("planner", "Temporary-2026-pass")
    assert coordinator.get("/dashboard/").url.startswith("/accounts/password/")
    coordinator.post("/accounts/password/", {"old_password": "Temporary-2026-pass",
                                             "new_password1": "Planner-own-2026", "new_password2": "Planner-own-2026"})
    assert json_of(coordinator.get("/api/v1/tasks/?page_size=100"))["count"] == Task.objects.count() == 41
    assert 'id="fig-progress"' in html_of(coordinator.get("/dashboard/"))
