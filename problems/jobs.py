"""Problems collected from progress entries and submitted reports, as a Celery job: sent after the commit that wrote
one (core.jobs.PROBLEMS_COLLECT), and run by the daily reminders as well."""

from celery import shared_task

from core.jobs import JOB_RETRY
from problems.services import problems_collect


@shared_task(**JOB_RETRY)
def problems_collect_job() -> str:
    return f"collected={problems_collect()}"
