"""Writes of the snapshot's own bookkeeping (the rows themselves are written by recompute/)."""

import uuid

from snapshots.models import SnapshotStamp

STAMP_ID = 1  # the table holds one row


def snapshot_stamp_renew() -> None:
    """Called inside every transaction that writes lights or roll-ups: what was cached from the snapshot before is
    no longer read, from the moment this transaction commits."""
    SnapshotStamp.objects.update_or_create(pk=STAMP_ID, defaults={"token": uuid.uuid4()})
