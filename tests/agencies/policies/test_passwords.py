"""Password rules (等保2.0 身份鉴别): complexity on every form that sets one; a maximum age (PASSWORD_MAX_AGE_DAYS,
90 days by default) after which nothing but the change page opens; the first sign-in with a password an
administrator set (a new account, or one the system administrator reset) forces the holder to choose their own."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from agencies.models import User
from tests.factories import PASSWORD
from tests.responses import html_of


def signed_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": password}).status_code == 302
    return client


def change(client: Client, old: str, new: str, **extra):
    return client.post("/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new,
                                               **extra})


@pytest.mark.parametrize("weak", ["onlylowercaseletters", "lowercase-and-symbols", "UPPERCASE2026STRONG"])
def test_a_password_of_fewer_than_three_kinds_of_characters_is_refused(users, weak):
    page = html_of(change(signed_in("water"), PASSWORD, weak), status=200)  # the form again, with the reason
    assert "密码须至少包含以下 3 类字符" in page
    assert User.objects.get(username="water").check_password(PASSWORD)


def test_a_password_of_three_kinds_is_taken(users):
    assert change(signed_in("water"), PASSWORD, "Three-kinds-here").status_code == 302
    assert User.objects.get(username="water").check_password("Three-kinds-here")


def test_after_the_maximum_age_only_the_change_page_opens_until_the_password_is_new(users):
    water = User.objects.get(username="water")
    later = water.password_changed_at + timedelta(days=91)
    with time_machine.travel(later):
        client = signed_in("water")
        assert client.get("/tasks/4.1/").url == "/accounts/password/?next=%2Ftasks%2F4.1%2F"
        api = client.get("/api/v1/tasks/")
        assert api.status_code == 403 and api.json()["code"] == "password_change_required"
        page = html_of(client.get("/accounts/password/?next=/tasks/4.1/"))
        assert "您的密码已使用超过 90 天。请先设置新密码再继续。" in page
        assert change(client, PASSWORD, "Renewed-pass-2027", next="/tasks/4.1/").url == "/tasks/4.1/"
        assert client.get("/tasks/4.1/").status_code == 200
        water.refresh_from_db()
        assert later <= water.password_changed_at <= timezone.now()


def test_within_the_maximum_age_or_with_it_off_nothing_is_asked(users, settings):
    water = User.objects.get(username="water")
    with time_machine.travel(water.password_changed_at + timedelta(days=89)):
        assert signed_in("water").get("/tasks/").status_code == 200
    settings.PASSWORD_MAX_AGE_DAYS = 0
    with time_machine.travel(water.password_changed_at + timedelta(days=900)):
        assert signed_in("water").get("/tasks/").status_code == 200


def test_a_password_the_system_administrator_set_is_changed_at_the_next_sign_in(users, client_for):
    water = users["water"]
    response = client_for("sysadmin").post(f"/admin/agencies/user/{water.pk}/password/", {
        "usable_password": "true", "password1": "Temporary-2026-set", "password2": "Temporary-2026-set"})
    assert response.status_code == 302, response.content.decode()[-1500:]
    client = signed_in("water", "Temporary-2026-set")
    assert client.get("/dashboard/").url.startswith("/accounts/password/?next=")
    assert "您的密码由管理员设置。请先设置您自己的密码再继续。" in html_of(client.get("/accounts/password/"))
    assert change(client, "Temporary-2026-set", "My-own-choice-26").status_code == 302
    assert client.get("/tasks/").status_code == 200
    assert not User.objects.get(pk=water.pk).must_change_password


def test_a_temporary_password_too_simple_is_refused_in_the_administration(users, client_for):
    water = users["water"]
    page = html_of(client_for("sysadmin").post(f"/admin/agencies/user/{water.pk}/password/", {
        "usable_password": "true", "password1": "temporarypassword", "password2": "temporarypassword"}))
    assert "密码须至少包含以下 3 类字符" in page
    assert User.objects.get(pk=water.pk).check_password(PASSWORD)


def test_a_reset_by_e_mail_is_the_holders_own_choice(users, client):
    water = users["water"]
    water.email, water.must_change_password = "water@example.org", True
    water.save()
    client.post("/accounts/password/reset/", {"email": "water@example.org"})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/accounts/password/reset/" in line).strip()
    form = client.get(link, follow=True)
    assert client.post(form.redirect_chain[-1][0], {"new_password1": "Reset-by-mail-26",
                                                    "new_password2": "Reset-by-mail-26"}).status_code == 302
    assert not User.objects.get(pk=water.pk).must_change_password
    assert signed_in("water", "Reset-by-mail-26").get("/tasks/").status_code == 200


def test_the_forced_change_and_the_expiry_want_a_new_password_not_the_same(users, client_for):
    water = users["water"]
    client_for("sysadmin").post(f"/admin/agencies/user/{water.pk}/password/",
                                {"password1": "Temporary-2026-set", "password2": "Temporary-2026-set"})
    client = signed_in("water", "Temporary-2026-set")
    page = html_of(change(client, "Temporary-2026-set", "Temporary-2026-set"))
    assert "请选择与当前密码不同的密码。" in page
    assert User.objects.get(pk=water.pk).must_change_password
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        user = User.objects.get(pk=water.pk)
        user.must_change_password = False
        user.save()
        client = signed_in("water", "Temporary-2026-set")
        assert "请选择与当前密码不同的密码。" in html_of(change(client, "Temporary-2026-set", "Temporary-2026-set"))
        assert client.get("/tasks/").url.startswith("/accounts/password/")


def test_a_short_password_is_refused_in_chinese(users):
    assert "密码太短：至少需要 10 个字符。" in html_of(change(signed_in("water"), PASSWORD, "Ab-1"))
