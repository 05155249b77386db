"""Demo accounts (`seed_demo`, for `make run`) cannot exist in production settings (DEMO_ACCOUNTS_ALLOWED off):
they cannot be made, cannot sign in, keep no session or token, and `check --deploy` names any left behind."""

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.test import Client

from agencies.models import User
from agencies.services import demo_users_seed
from tests.agencies.views.test_tokens import create_token
from tests.factories import PASSWORD


def test_seed_demo_is_refused(plan, settings):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    with pytest.raises(CommandError, match="DEMO_ACCOUNTS_ALLOWED"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_a_demo_account_left_behind_cannot_sign_in_nor_use_its_session_or_token(plan, settings):
    demo_users_seed(password_factory=lambda: PASSWORD)
    client = Client()
    assert client.post("/accounts/login/", {"username": "water", "password": PASSWORD}).status_code == 302
    _response, raw = create_token(client)
    assert Client().get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    settings.DEMO_ACCOUNTS_ALLOWED = False
    assert client.get("/tasks/").url.startswith("/accounts/login/")  # the session no longer signs anyone in
    refused = Client().post("/accounts/login/", {"username": "water", "password": PASSWORD})
    assert refused.status_code == 200 and "请输入一个正确的用户名和密码" in refused.content.decode()
    assert Client().get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_check_deploy_names_the_demo_accounts_that_can_still_sign_in(plan, settings):
    demo_users_seed(password_factory=lambda: PASSWORD)
    settings.DEMO_ACCOUNTS_ALLOWED = False
    found = [message for message in run_checks(include_deployment_checks=True) if message.id == "agencies.E001"]
    assert len(found) == 1 and "water" in found[0].msg and "coordinator" in found[0].msg
    User.objects.filter(demo=True).update(is_active=False)
    assert not [m for m in run_checks(include_deployment_checks=True) if m.id == "agencies.E001"]


def test_ordinary_accounts_are_not_demo_accounts(users, settings):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    assert Client().post("/accounts/login/", {"username": "water", "password": PASSWORD}).status_code == 302
