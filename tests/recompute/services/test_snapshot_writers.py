"""The full recomputation and an item's refresh after a save take turns at today's snapshot (a PostgreSQL advisory
lock), so neither overwrites the other's newer judgement with an older reading."""

import threading

import psycopg2
import pytest
from django.db import connection

from recompute.services import SNAPSHOT_WRITERS, item_light_refresh, snapshots_recompute
from tasks.models import Task


def held_elsewhere():
    """Another session holding the writers' lock, as a recomputation in another process would."""
    settings = connection.settings_dict
    other = psycopg2.connect(dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"] or None,
                             port=settings["PORT"] or None, password=settings["PASSWORD"] or None)
    other.autocommit = True
    other.cursor().execute("SELECT pg_advisory_lock(%s)", [SNAPSHOT_WRITERS])
    return other


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("writer", ["refresh", "recompute"])
def test_a_snapshot_writer_waits_for_the_one_writing(postgresql, plan, writer):
    snapshots_recompute()  # today's snapshot, which a refresh writes into
    task = Task.objects.get(code="4.1")
    done = threading.Event()

    def write():
        try:
            item_light_refresh(item=task) if writer == "refresh" else snapshots_recompute()
            done.set()
        finally:
            connection.close()

    other = held_elsewhere()
    try:
        thread = threading.Thread(target=write)
        thread.start()
        assert not done.wait(timeout=1.5)  # waiting for the lock
        other.cursor().execute("SELECT pg_advisory_unlock(%s)", [SNAPSHOT_WRITERS])
        assert done.wait(timeout=30)  # and then written
        thread.join(timeout=30)
    finally:
        other.close()
