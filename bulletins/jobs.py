"""A bulletin's Word and PDF, built in the background once it is issued."""

from celery import shared_task

from bulletins.services import bulletin_build
from core.jobs import JOB_RETRY


@shared_task(**JOB_RETRY)
def bulletin_build_job(bulletin_id: int) -> str:
    bulletin = bulletin_build(bulletin_id=bulletin_id)
    return f"bulletin={bulletin.pk} build={bulletin.build}"
