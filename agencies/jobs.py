"""Scheduled jobs about users and their sessions."""

import logging

from celery import shared_task

from agencies.services import sessions_clear_expired

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def sessions_clear_expired_job() -> int:
    deleted = sessions_clear_expired()
    logger.info("sessions_clear_expired_job deleted=%d", deleted)
    return deleted
