"""Signing in: with a password, a refusal in Chinese, CSRF enforced on forms, and a lockout after repeated failures
(django-axes) that leaves other users alone."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.test import Client
from django.urls import reverse


def test_sign_in_with_a_password(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_wrong_password_is_refused_in_chinese(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_csrf_is_enforced_on_forms(users):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("login"), {"username": "fire", "password": "correct-horse-battery"}).status_code == 403
    client.force_login(users["fire"])
    before = users["fire"].progress_entries.count()
    assert client.post("/tasks/4.1/", {"action": "progress", "narrative": "x"}).status_code == 403
    assert users["fire"].progress_entries.count() == before


def test_lockout_after_repeated_failed_logins(users, client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), {"username": "water", "password": "wrong"}).status_code == 200
    assert client.post(reverse("login"), {"username": "water", "password": "wrong"}).status_code == 429
    locked = client.post(reverse("login"), {"username": "water", "password": "correct-horse-battery"})
    assert locked.status_code == 429 and 'id="locked-out"' in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="water").exists()
    assert AccessFailureLog.objects.filter(username="water").count() >= settings.AXES_FAILURE_LIMIT
    fresh = Client()  # another user is not affected, and a successful sign-in is recorded too
    assert fresh.post(reverse("login"), {"username": "fire", "password": "correct-horse-battery"}).status_code == 302
    assert AccessLog.objects.filter(username="fire").exists()
