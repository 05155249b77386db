"""Scheduled jobs about users and their sessions."""

import logging

from celery import shared_task
from django.conf import settings

from agencies.services import accounts_disable_unused, sessions_clear_expired

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def sessions_clear_expired_job() -> int:
    deleted = sessions_clear_expired()
    logger.info("sessions_clear_expired_job deleted=%d", deleted)
    return deleted


@shared_task(acks_late=True)
def accounts_disable_unused_job() -> list[str]:
    disabled = accounts_disable_unused(days=settings.ACCOUNT_UNUSED_DAYS)
    logger.info("accounts_disable_unused_job disabled=%d days=%d", len(disabled), settings.ACCOUNT_UNUSED_DAYS)
    return disabled
