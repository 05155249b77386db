"""The Celery app. Jobs live in each app's jobs.py (the domain app is called `tasks`); the schedule is here."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunnan_emergency.settings.local")

app = Celery("yunnan_emergency")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")

app.conf.beat_schedule = {
    "recompute-progress-nightly": {
        "task": "recompute.jobs.snapshots_recompute_job",
        "schedule": crontab(hour=1, minute=30),
    },
    "remove-expired-exports": {
        "task": "workbook.jobs.exports_remove_expired_job",
        "schedule": crontab(minute=40),
    },
    "send-reminders-daily": {
        "task": "reminders.jobs.reminders_send_job",
        "schedule": crontab(hour=8, minute=0),
    },
    "clear-expired-sessions": {
        "task": "agencies.jobs.sessions_clear_expired_job",
        "schedule": crontab(hour=3, minute=15),
    },
    "disable-unused-accounts": {
        "task": "agencies.jobs.accounts_disable_unused_job",
        "schedule": crontab(hour=3, minute=25),
    },
}
