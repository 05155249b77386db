"""Self-service password reset by e-mail: the same answer whether or not the address has an account, a link that
works once and expires, a new password that ends the API tokens and is in the audit log."""

import re

import time_machine
from django.core import mail
from django.test import Client

from agencies.models import ApiToken
from agencies.services import _token_hash
from audit.models import AuditEvent, AuditRecord

NEW = "a-brand-new-passphrase-2026"


def _link(message) -> str:
    return re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)


def test_a_reset_link_works_once_and_says_nothing_of_unknown_addresses(users):
    user = users["water"]
    user.email = "water@example.org"
    user.save()
    ApiToken.objects.create(user=user, name="t", prefix="x", key_hash=_token_hash("ynp_reset"))
    client = Client()
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    known = client.post("/accounts/password/reset/", {"email": "water@example.org"})
    assert unknown.status_code == known.status_code == 302 and unknown.url == known.url
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["water@example.org"]
    assert "重置" in mail.outbox[0].subject
    link = _link(mail.outbox[0])
    form = client.get(link, follow=True)
    assert form.status_code == 200 and 'id="password-reset-confirm"' in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert Client().post("/accounts/login/", {"username": "water", "password": NEW}).status_code == 302
    assert ApiToken.objects.get(user=user).revoked_at is not None
    assert AuditRecord.objects.filter(event=AuditEvent.PASSWORD_CHANGED, username="water").exists()
    again = Client().get(link, follow=True)
    assert 'id="password-reset-invalid"' in again.content.decode()  # used once: no more


def test_a_reset_link_expires(users, settings):
    user = users["dali"]
    user.email = "dali@example.org"
    user.save()
    with time_machine.travel("2026-12-02 09:00 +0800"):
        Client().post("/accounts/password/reset/", {"email": "dali@example.org"})
    with time_machine.travel("2026-12-02 11:00 +0800"):  # two hours later: past PASSWORD_RESET_TIMEOUT
        page = Client().get(_link(mail.outbox[-1]), follow=True)
    assert settings.PASSWORD_RESET_TIMEOUT == 3600 and 'id="password-reset-invalid"' in page.content.decode()
