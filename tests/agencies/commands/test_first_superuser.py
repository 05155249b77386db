"""A fresh install: the first account `createsuperuser` makes can run the portal as a coordinator."""

from django.core.management import call_command
from django.urls import reverse

from tasks.models import Task
from tests.responses import html_of, json_of


def test_the_first_superuser_sees_and_runs_the_plan(plan, client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "correct-horse-battery")
    call_command("createsuperuser", interactive=False, username="admin", email="admin@example.org", verbosity=0)
    signed_in = client.post(reverse("login"), {"username": "admin", "password": "correct-horse-battery"})
    assert signed_in.status_code == 302
    assert json_of(client.get("/api/v1/tasks/?page_size=100"))["count"] == Task.objects.count() == 41
    assert 'id="fig-progress"' in html_of(client.get("/dashboard/"))
    task = Task.objects.get(code="4.1")
    # Progress is recorded per unit: an account of no unit is told how to get one, and nothing is saved.
    page = html_of(client.post("/tasks/4.1/", {"action": "status", "status": "in_progress", "percent": 30,
                                                "narrative": "推进", "version": task.version}), status=400)
    assert "您的账号未关联单位，进展按单位记录。请协调员在管理后台（用户 → 单位）为您设置单位。" in page
    task.refresh_from_db()
    assert task.version == 1 and task.progress_entries.count() == 0
