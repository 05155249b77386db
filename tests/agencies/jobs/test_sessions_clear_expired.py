"""sessions_clear_expired_job through a real Celery worker: on Redis (CI, production) and on the filesystem transport
that `make run` uses when no server is there."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.celery_helpers import wait_until, worker_on

JOB = "agencies.jobs.sessions_clear_expired_job"


def make_sessions():
    now = timezone.now()
    Session.objects.create(session_key="expired" * 4, session_data="", expire_date=now - timedelta(days=1))
    Session.objects.create(session_key="current" * 4, session_data="", expire_date=now + timedelta(days=1))


def only_the_current_session_is_left() -> bool:
    return list(Session.objects.values_list("session_key", flat=True)) == ["current" * 4]


@pytest.mark.django_db(transaction=True)
def test_job_runs_on_a_worker_over_redis(redis_url):
    make_sessions()
    with worker_on(redis_url) as app:
        app.tasks[JOB].delay()
        assert wait_until(only_the_current_session_is_left)


@pytest.mark.django_db(transaction=True)
def test_job_runs_on_a_worker_over_the_filesystem_transport(tmp_path):
    make_sessions()
    queue = str(tmp_path / "queue")
    (tmp_path / "queue").mkdir()
    with worker_on("filesystem://", data_folder_in=queue, data_folder_out=queue,
                   processed_folder=str(tmp_path / "done"), control_folder=str(tmp_path / "control"),
                   store_processed=False) as app:
        app.tasks[JOB].delay()
        assert wait_until(only_the_current_session_is_left)
