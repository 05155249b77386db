"""A real Celery worker for tests: a fresh app on the broker the test names, run in a thread of the test process."""

import contextlib
import time

from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

import agencies.jobs  # noqa: F401  registers the shared tasks the worker will run
import bulletins.jobs  # noqa: F401
import recompute.jobs  # noqa: F401
import reminders.jobs  # noqa: F401
import workbook.jobs  # noqa: F401


@contextlib.contextmanager
def worker_on(broker_url: str, *, results: bool = False, **transport_options):
    """With results=True (Redis), the broker also stores results, so a test can wait on `.get()`."""
    app = Celery("yunnan_emergency_test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=broker_url, broker_transport_options=transport_options, task_always_eager=False)
    if results:
        app.conf.update(result_backend=broker_url, task_ignore_result=False)
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"):
            yield app
    finally:
        task_postrun.disconnect(_close_worker_connections)


def _close_worker_connections(**kwargs):
    # The worker thread opened its own database connection; left open, it blocks dropping the test database.
    connections.close_all()


def wait_until(condition, timeout: float = 30.0) -> bool:
    """Poll until the worker's effect is visible in the database (the worker commits in its own thread)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()
