"""Two-factor sign-in (等保2.0 身份鉴别): coordinators, auditors and the three administrators enrol an
authenticator app before anything else, then give a code after the password; a wrong code counts toward the
lockout; a recovery code works once; the admin site and the session API are covered too."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent, AuditRecord
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _signed_in(username) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def _enrolled(username) -> tuple[Client, list[str]]:
    client = _signed_in(username)
    assert client.get("/dashboard/").url.startswith("/accounts/two-factor/enrol/")
    page = client.get("/accounts/two-factor/enrol/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    done = client.post("/accounts/two-factor/enrol/", {"code": _code(device), "next": "/dashboard/"})
    assert done.status_code == 200
    codes = re.findall(r"<li>([0-9a-z]{8})</li>", done.content.decode())
    assert len(codes) == 10
    return client, codes


def test_a_coordinator_enrols_then_signs_in_with_a_code(users):
    client, _codes = _enrolled("coordinator")
    assert client.get("/dashboard/").status_code == 200  # verified in this session
    assert AuditRecord.objects.filter(event=AuditEvent.TWO_FACTOR_ENROLLED, username="coordinator").exists()
    later = _signed_in("coordinator")
    assert later.get("/tasks/").url.startswith("/accounts/two-factor/?next=")
    assert later.get("/api/v1/tasks/").status_code == 403  # the session API waits for the second factor too
    assert later.get("/admin/").status_code == 302
    device = TOTPDevice.objects.get(user__username="coordinator")
    device.refresh_from_db()
    device.last_t = -1  # the enrolment's code was already used in this 30-second step
    device.save()
    assert later.post("/accounts/two-factor/", {"code": _code(device), "next": "/tasks/"}).url == "/tasks/"
    assert later.get("/tasks/").status_code == 200
    assert AuditRecord.objects.filter(event=AuditEvent.TWO_FACTOR_VERIFIED, username="coordinator").exists()


def test_the_admin_site_waits_for_the_system_administrators_second_factor(users):
    client, _codes = _enrolled("sysadmin")
    assert client.get("/admin/agencies/user/").status_code == 200
    later = _signed_in("sysadmin")
    assert later.get("/admin/agencies/user/").url.startswith("/accounts/two-factor/?next=")


def test_a_recovery_code_works_once(users):
    _client, codes = _enrolled("auditor")
    first = _signed_in("auditor")
    assert first.post("/accounts/two-factor/", {"code": codes[0], "next": "/dashboard/"}).status_code == 302
    second = _signed_in("auditor")
    assert second.post("/accounts/two-factor/", {"code": codes[0]}).status_code == 400
    assert AuditRecord.objects.filter(event=AuditEvent.RECOVERY_CODE_USED, username="auditor").count() == 1


def test_wrong_codes_count_toward_the_lockout(users, settings):
    _enrolled("coordinator")
    client = _signed_in("coordinator")
    answers = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            answers.append(client.post("/accounts/two-factor/", {"code": "000000"}).status_code)
            clock.shift(timedelta(seconds=60))  # past django-otp's wait after a wrong code
    assert answers[-1] == 429 and set(answers[:-1]) == {400}
    assert client.get("/dashboard/").status_code == 302  # signed out
    locked = Client().post("/accounts/login/", {"username": "coordinator", "password": PASSWORD})
    assert locked.status_code == 429
    assert AuditRecord.objects.filter(event=AuditEvent.TWO_FACTOR_FAILED).count() == settings.AXES_FAILURE_LIMIT


def test_straight_after_a_wrong_code_the_page_says_to_wait_and_counts_nothing(users):
    _enrolled("coordinator")
    client = _signed_in("coordinator")
    device = TOTPDevice.objects.get(user__username="coordinator")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert client.post("/accounts/two-factor/", {"code": "000000"}).status_code == 400
        device.refresh_from_db()
        device.last_t = -1  # the enrolment's code was already used in this 30-second step
        device.save()
        waiting = client.post("/accounts/two-factor/", {"code": _code(device)})
        assert waiting.status_code == 429 and "连续输入了错误的验证码：请等待 1 秒" in waiting.content.decode()
        assert AuditRecord.objects.filter(event=AuditEvent.TWO_FACTOR_FAILED).count() == 1
        clock.shift(timedelta(seconds=2))
        assert client.post("/accounts/two-factor/", {"code": _code(device), "next": "/tasks/"}).url == "/tasks/"


def test_other_roles_may_go_on_without_a_second_factor(users):
    client = _signed_in("water")
    assert client.get("/tasks/").status_code == 200
    assert client.get("/accounts/two-factor/enrol/").status_code == 200  # optional: they may set it up


def test_an_unsafe_next_is_ignored(users):
    client, _codes = _enrolled("coordinator")
    later = _signed_in("coordinator")
    device = TOTPDevice.objects.get(user__username="coordinator")
    device.last_t = -1
    device.save()
    answer = later.post("/accounts/two-factor/", {"code": _code(device), "next": "https://evil.example/"})
    assert answer.status_code == 302 and "evil" not in answer.url
