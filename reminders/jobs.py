"""Daily reminders as a Celery job."""

from celery import shared_task

from recompute.jobs import RETRY
from reminders.services import reminders_send


@shared_task(**RETRY)
def reminders_send_job() -> str:
    return reminders_send().summary()
