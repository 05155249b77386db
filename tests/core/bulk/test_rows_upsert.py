"""rows_upsert (core.bulk): inserts new rows, updates matching ones, keeps text as written (COPY's escapes) and
NULLs."""

from datetime import date

import pytest

from core.bulk import rows_upsert
from snapshots.models import LightSnapshot

DAY = date(2025, 6, 1)
FIELDS = {"unique_fields": ["date", "kind", "subject_id"], "update_fields": ["light", "reason", "progress"]}


def snapshot(subject_id, light, reason, progress=None):
    return {"date": DAY, "kind": "task", "subject_id": subject_id, "light": light, "reason": reason,
            "progress": progress}


@pytest.mark.django_db
def test_insert_then_update_in_place():
    odd = "制表\t换行\n回车\r反斜杠\\N 与 \\t"
    rows_upsert(LightSnapshot, [snapshot(1, "red", odd), snapshot(2, "green", "按时", 40.5)], **FIELDS)
    rows_upsert(LightSnapshot, [snapshot(1, "yellow", odd, 12.0), snapshot(3, "grey", "")], **FIELDS)
    rows = {row.subject_id: row for row in LightSnapshot.objects.filter(date=DAY)}
    assert sorted(rows) == [1, 2, 3]
    assert (rows[1].light, rows[1].reason, rows[1].progress) == ("yellow", odd, 12.0)
    assert (rows[2].light, rows[2].progress) == ("green", 40.5)
    assert rows[3].reason == "" and rows[3].progress is None
