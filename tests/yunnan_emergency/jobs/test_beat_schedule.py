"""The beat schedule (yunnan_emergency/celery.py) names only jobs the workers have registered."""

from yunnan_emergency.celery import app as portal_app


def test_every_scheduled_job_is_a_registered_task():
    portal_app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in portal_app.conf.beat_schedule.values()}
    assert scheduled and scheduled <= set(portal_app.tasks)
