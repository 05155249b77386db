"""Immediate notices e-mailed as a Celery job, sent after the commit that made them (core.jobs.IMMEDIATE_MAIL)."""

from celery import shared_task

from core.jobs import JOB_RETRY
from notifications.services import immediate_mail_send


@shared_task(**JOB_RETRY)
def immediate_mail_job() -> str:
    return f"emailed={immediate_mail_send()}"
