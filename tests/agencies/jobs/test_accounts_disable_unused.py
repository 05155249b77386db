"""accounts_disable_unused_job (nightly, 等保2.0 访问控制) on a real Celery worker over Redis: accounts with no
sign of use for ACCOUNT_UNUSED_DAYS (no sign-in, no token used, not made nor enabled again in that time) are
disabled, and each is in the audit log."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agencies.models import User
from audit.models import AuditEvent, AuditRecord
from tests.celery_helpers import worker_on
from tests.factories import UserFactory

JOB = "agencies.jobs.accounts_disable_unused_job"


@pytest.mark.django_db(transaction=True)
def test_unused_accounts_are_disabled_by_the_job(plan, redis_url, settings):
    settings.ACCOUNT_UNUSED_DAYS = 90
    now = timezone.now()
    long_ago = now - timedelta(days=400)
    UserFactory(username="recent", last_login=now - timedelta(days=89), date_joined=long_ago)
    UserFactory(username="idle", last_login=now - timedelta(days=91), date_joined=long_ago)
    UserFactory(username="never", last_login=None, date_joined=now - timedelta(days=120))
    UserFactory(username="new", last_login=None, date_joined=now - timedelta(days=3))
    UserFactory(username="machine", last_login=now - timedelta(days=300), date_joined=long_ago).api_tokens.create(
        name="州市业务系统", prefix="abcdefgh", key_hash="0" * 64, last_used_at=now - timedelta(days=1))
    UserFactory(username="enabled", last_login=now - timedelta(days=300), date_joined=long_ago,
                enabled_at=now - timedelta(days=2))
    with worker_on(redis_url, results=True) as app:
        disabled = app.tasks[JOB].delay().get(timeout=30)
    assert disabled == ["idle", "never"]
    assert set(User.objects.filter(is_active=False).values_list("username", flat=True)) == {"idle", "never"}
    recorded = AuditRecord.objects.filter(event=AuditEvent.ACCOUNT_CHANGED, detail="changed: is_active")
    assert sorted(record.object for record in recorded) == ["user idle", "user never"]


@pytest.mark.django_db(transaction=True)
def test_with_the_setting_off_nobody_is_disabled(plan, redis_url, settings):
    settings.ACCOUNT_UNUSED_DAYS = 0
    UserFactory(username="idle", last_login=timezone.now() - timedelta(days=900),
                date_joined=timezone.now() - timedelta(days=1000))
    with worker_on(redis_url, results=True) as app:
        assert app.tasks[JOB].delay().get(timeout=30) == []
    assert User.objects.get(username="idle").is_active
