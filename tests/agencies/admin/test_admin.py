"""The admin site (agencies.admin_site and every app's admin): in Chinese, every model registered (history is read
on the item pages, never edited), open to coordinators only with plan data read-only, and role changes recorded."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from agencies.models import RoleAssignment, User
from tasks.models import Task
from tests.factories import ROLE_USERS, items_state
from tests.responses import html_of


@pytest.fixture
def superuser_client(client, user):
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_admin_is_in_chinese(superuser_client):
    html = html_of(superuser_client.get("/admin/"))
    assert "任务" in html and "责任单位" in html


def test_every_model_has_an_admin_page(superuser_client):
    client = superuser_client
    for app in ("agencies", "notifications", "snapshots", "tasks", "projects", "indicators", "revisions",
                "reporting"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                assert not admin.site.is_registered(model)  # history is read on the item pages, never edited
                continue
            assert admin.site.is_registered(model), model
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(("role", "admin_ok"), [(r, r == "coordinator") for r in ROLE_USERS])
def test_only_coordinators_manage_users_in_the_admin(client_for, role, admin_ok):
    client = client_for(role)
    response = client.get("/admin/agencies/user/")
    assert (response.status_code == 200) == admin_ok
    if admin_ok:
        assert client.get("/admin/tasks/task/1/change/").status_code == 200  # view only
        before = items_state()
        client.post("/admin/tasks/task/1/change/", {"title": "改"})
        assert items_state() == before and Task.objects.get(pk=1).title != "改"


def test_coordinator_assigns_a_role_in_the_admin_and_it_is_recorded(users, client_for):
    water = users["water"]
    client = client_for("coordinator")
    form = {
        "username": "water", "first_name": "", "last_name": "", "email": "", "agency": water.agency_id,
        "is_active": "on", "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "role_assignments-TOTAL_FORMS": "2", "role_assignments-INITIAL_FORMS": "1",
        "role_assignments-MIN_NUM_FORMS": "0", "role_assignments-MAX_NUM_FORMS": "1000",
        "role_assignments-0-id": water.role_assignments.get().pk, "role_assignments-0-user": water.pk,
        "role_assignments-0-role": "department_editor",
        "role_assignments-1-id": "", "role_assignments-1-user": water.pk, "role_assignments-1-role": "auditor",
    }
    response = client.post(f"/admin/agencies/user/{water.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert set(water.role_assignments.values_list("role", flat=True)) == {"department_editor", "auditor"}
    record = RoleAssignment.history.filter(user_id=water.pk, role="auditor").get()
    assert record.history_type == "+" and record.history_user == users["coordinator"]


def test_a_superuser_is_listed_among_the_coordinators(client, users):
    """createsuperuser's account holds no role assignment but acts as a coordinator: the admin says so."""
    first = User.objects.create_superuser("admin", "admin@example.org", "a-long-passphrase-2026")
    client.force_login(first)
    listed = html_of(client.get("/admin/agencies/user/", {"role": "coordinator"}))
    row = f"/admin/agencies/user/{first.pk}/change/"
    assert row in listed and ">coordinator<" in listed and ">water<" not in listed
    assert "省应急厅统筹人员(超级用户)" in listed
    editors = html_of(client.get("/admin/agencies/user/", {"role": "department_editor"}))
    assert ">water<" in editors and row not in editors
