"""The admin site (agencies.admin_site and every app's admin): in Chinese, every model registered (history is read
on the item pages, never edited), open to the three administrators only (三员分立), plan data read-only, accounts
run by the system administrator, roles granted by the security administrator, and role changes recorded."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import RoleAssignment, User
from audit.models import AuditEvent, AuditRecord
from tasks.models import Task
from tests.factories import ADMINISTRATORS, PASSWORD, ROLE_USERS, items_state
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


def test_every_model_has_an_admin_page_one_administrator_opens(client_for):
    clients = [client_for(name) for name in ADMINISTRATORS]
    for app in ("agencies", "audit", "notifications", "snapshots", "tasks", "projects", "indicators", "revisions",
                "reporting", "supervision", "notices", "problems", "comments"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                assert not admin.site.is_registered(model)  # history is read on the item pages, never edited
                continue
            assert admin.site.is_registered(model), model
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert any(client.get(url).status_code == 200 for client in clients), url


@pytest.mark.parametrize("role", ROLE_USERS)
def test_only_administrators_enter_the_admin_and_plan_data_stays_read_only(client_for, role):
    client = client_for(role)
    response = client.get("/admin/")
    assert (response.status_code == 200) == (role in ADMINISTRATORS)
    if role in ADMINISTRATORS:
        # The system administrator may look (to support users); the other two do not see plan data at all.
        assert client.get("/admin/tasks/task/1/change/").status_code == (200 if role == "sysadmin" else 403)
        assert client.get("/admin/reporting/progressentry/").status_code == (200 if role == "sysadmin" else 403)
        before = items_state()
        client.post("/admin/tasks/task/1/change/", {"title": "改"})
        assert items_state() == before and Task.objects.get(pk=1).title != "改"


def test_pages_that_would_answer_djangos_own_permissions_are_not_there(db, client):
    """Groups, django-axes' logs and django-otp's devices (with their keys) would open to a superuser whatever its
    duty; the portal offers the duties' own actions instead."""
    first = User.objects.create_superuser("admin", "admin@example.org", "A-long-passphrase-2026")
    client.force_login(first)
    for url in ("/admin/auth/group/", "/admin/axes/accessattempt/", "/admin/axes/accesslog/",
                "/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"):
        assert client.get(url).status_code == 404, url


def test_the_admins_own_sign_in_is_the_portals(client):
    assert client.get("/admin/login/?next=/admin/agencies/user/").url == (
        "/accounts/login/?next=%2Fadmin%2Fagencies%2Fuser%2F")


@pytest.mark.parametrize(("role", "status"), [("sysadmin", 200), ("secadmin", 403), ("auditadmin", 403)])
def test_only_the_system_administrator_creates_accounts(client_for, users, role, status):
    response = client_for(role).post("/admin/agencies/user/add/", {
        "username": "newcomer", "agency": users["water"].agency_id, "usable_password": "true",
        "password1": "Temp-Passw0rd-2026", "password2": "Temp-Passw0rd-2026"})
    assert response.status_code in ((302,) if status == 200 else (403,)), response.content.decode()[-1500:]
    created = User.objects.filter(username="newcomer").first()
    assert (created is not None) == (status == 200)
    if created is not None:
        assert created.must_change_password  # its holder chooses their own password at the first sign-in
        assert not created.role_assignments.exists()  # roles are the security administrator's to grant


def change_form(user, roles: list[tuple[int | str, str]]) -> dict:
    """The user's change form as the admin posts it, with these role rows (id or "" for a new one, role)."""
    form = {
        "username": user.username, "first_name": "", "last_name": "", "email": "", "agency": user.agency_id,
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": str(len(roles)),
        "role_assignments-INITIAL_FORMS": str(sum(1 for pk, _ in roles if pk)),
        "role_assignments-MIN_NUM_FORMS": "0", "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for n, (pk, role) in enumerate(roles):
        form |= {f"role_assignments-{n}-id": pk, f"role_assignments-{n}-user": user.pk,
                 f"role_assignments-{n}-role": role}
    return form


def test_the_security_administrator_grants_a_role_and_it_is_recorded(users, client_for):
    water = users["water"]
    current = water.role_assignments.get().pk
    response = client_for("secadmin").post(f"/admin/agencies/user/{water.pk}/change/",
                                           change_form(water, [(current, "department_editor"), ("", "auditor")]))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert set(water.role_assignments.values_list("role", flat=True)) == {"department_editor", "auditor"}
    record = RoleAssignment.history.filter(user_id=water.pk, role="auditor").get()
    assert record.history_type == "+" and record.history_user == users["secadmin"]


def test_the_system_administrator_cannot_grant_roles(users, client_for):
    water = users["water"]
    current = water.role_assignments.get().pk
    client_for("sysadmin").post(f"/admin/agencies/user/{water.pk}/change/",
                                change_form(water, [(current, "department_editor"), ("", "coordinator")]))
    assert set(water.role_assignments.values_list("role", flat=True)) == {"department_editor"}


@pytest.mark.parametrize(("held", "added"), [("system_admin", "security_admin"), ("audit_admin", "coordinator"),
                                             ("department_editor", "audit_admin")])
def test_no_account_holds_an_administrators_duty_and_another_role(users, client_for, held, added):
    water = users["water"]
    assignment = water.role_assignments.get()
    RoleAssignment.objects.filter(pk=assignment.pk).update(role=held)
    page = html_of(client_for("secadmin").post(f"/admin/agencies/user/{water.pk}/change/",
                                               change_form(water, [(assignment.pk, held), ("", added)])))
    assert "三员分立" in page and "管理员职责" in page
    assert list(water.role_assignments.values_list("role", flat=True)) == [held]


def test_the_security_administrator_cannot_change_their_own_roles(users, client_for):
    secadmin = users["secadmin"]
    own = secadmin.role_assignments.get()
    for roles in ([(own.pk, "coordinator")], [(own.pk, "security_admin"), ("", "audit_admin")]):
        client_for("secadmin").post(f"/admin/agencies/user/{secadmin.pk}/change/", change_form(secadmin, roles))
        assert list(secadmin.role_assignments.values_list("role", flat=True)) == ["security_admin"]


def test_a_role_changed_into_a_duty_while_another_is_withdrawn_in_one_post(users, client_for):
    water = users["water"]
    editor = water.role_assignments.get()
    leadership = RoleAssignment.objects.create(user=water, role="leadership")
    form = change_form(water, [(editor.pk, "audit_admin"), (leadership.pk, "leadership")])
    form["role_assignments-1-DELETE"] = "on"
    response = client_for("secadmin").post(f"/admin/agencies/user/{water.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[-1500:]
    assert list(water.role_assignments.values_list("role", flat=True)) == ["audit_admin"]


def test_the_security_administrator_resets_two_factor_and_unlocks(users, client_for, settings):
    water = users["water"]
    TOTPDevice.objects.create(user=water, name="phone", confirmed=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/accounts/login/", {"username": "water", "password": "wrong"})
    assert Client().post("/accounts/login/", {"username": "water", "password": PASSWORD}).status_code == 429
    for action in ("two_factor_reset_action", "sign_in_unlock_action"):  # offered to the system administrator? no
        client_for("sysadmin").post("/admin/agencies/user/", {"action": action, "_selected_action": [water.pk]})
    assert TOTPDevice.objects.filter(user=water).exists()  # not the system administrator's to do
    for action in ("two_factor_reset_action", "sign_in_unlock_action"):
        response = client_for("secadmin").post("/admin/agencies/user/", {
            "action": action, "_selected_action": [water.pk]})
        assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=water).exists()
    assert Client().post("/accounts/login/", {"username": "water", "password": PASSWORD}).status_code == 302
    events = set(AuditRecord.objects.filter(username="secadmin").values_list("event", flat=True))
    assert {AuditEvent.TWO_FACTOR_RESET, AuditEvent.SIGN_IN_UNLOCKED} <= events


def test_the_security_administrator_sees_no_personal_data(users, client_for):
    water = users["water"]
    water.email = "water.contact@example.org"
    water.save()
    url = f"/admin/agencies/user/{water.pk}/change/"
    assert "water.contact@example.org" in html_of(client_for("sysadmin").get(url))
    assert "water.contact@example.org" not in html_of(client_for("secadmin").get(url))
    listed = html_of(client_for("secadmin").get("/admin/agencies/user/", {"q": "water.contact"}))
    assert f"/admin/agencies/user/{water.pk}/change/" not in listed  # nor found by it
    for lookup in ("email__startswith", "email__regex", "email"):  # nor guessed through a filter
        guessed = client_for("secadmin").get("/admin/agencies/user/", {lookup: "water"})
        assert guessed.status_code == 400 or f"/admin/agencies/user/{water.pk}/change/" not in guessed.content.decode()
    assert f"/admin/agencies/user/{water.pk}/change/" in html_of(
        client_for("sysadmin").get("/admin/agencies/user/", {"email__startswith": "water.contact"}))
    assert client_for("secadmin").get(f"/admin/agencies/user/{water.pk}/password/").status_code == 403


def test_a_superuser_is_listed_as_the_system_administrator(client, users):
    """createsuperuser's account holds no role assignment but acts as the system administrator: the admin says
    so."""
    first = User.objects.create_superuser("admin", "admin@example.org", "a-long-passphrase-2026")
    client.force_login(first)
    listed = html_of(client.get("/admin/agencies/user/", {"role": "system_admin"}))
    row = f"/admin/agencies/user/{first.pk}/change/"
    assert row in listed and ">sysadmin<" in listed and ">water<" not in listed
    assert "系统管理员(超级用户)" in listed
    editors = html_of(client.get("/admin/agencies/user/", {"role": "department_editor"}))
    assert ">water<" in editors and row not in editors


def test_the_admins_password_change_is_the_portals(users, client_for):
    assert client_for("sysadmin").get("/admin/password_change/").url == "/accounts/password/"
    own = f"/admin/agencies/user/{users['sysadmin'].pk}/password/"  # one's own: with the old password, like all
    assert client_for("sysadmin").get(own).url == "/accounts/password/"
