"""Daily reminders as a Celery job."""

from celery import shared_task

from core.jobs import JOB_RETRY
from reminders.services import reminders_send


@shared_task(**JOB_RETRY)
def reminders_send_job() -> str:
    return reminders_send().summary()


# The name this job had before the redesign (#15), so that a message queued under it before a deploy still runs.
# Remove after the next release.
shared_task(name="portal.jobs.reminders_send_job", **JOB_RETRY)(reminders_send_job.run)
