"""Daily reminders as a Celery job."""

from celery import shared_task

from core.jobs import JOB_RETRY
from reminders.services import reminders_send


@shared_task(**JOB_RETRY)
def reminders_send_job() -> str:
    return reminders_send().summary()
