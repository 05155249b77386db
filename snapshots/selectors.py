"""Reads of the latest snapshot: lights of subjects and roll-ups."""

from django.db.models import Max

from agencies.permissions import sees_every_item
from snapshots.models import LightSnapshot


def snapshot_date():
    """The date of the newest light snapshot, or None before the first recomputation."""
    return LightSnapshot.objects.aggregate(latest=Max("date"))["latest"]


def lights_of(*, kind: str, ids=None) -> dict[int, LightSnapshot]:
    """{subject id: its light in the newest snapshot} for one kind of subject, in one query."""
    rows = LightSnapshot.objects.filter(kind=kind, date=LightSnapshot.objects.filter(kind=kind).values("date")
                                        .order_by("-date")[:1])
    if ids is not None:
        rows = rows.filter(subject_id__in=list(ids))
    return {row.subject_id: row for row in rows}


def attach_lights(*, items, kind: str, user=None):
    """Set `.light` (a LightSnapshot or None) on each item of a list or page, with one query; its reason names the
    lagging prefectures for a `user` who sees every unit's part, and counts them for anyone else."""
    items = list(items)
    lights = lights_of(kind=kind, ids=[item.pk for item in items])
    for light in lights.values():
        light.reason = shown_reason(light, user)
    for item in items:
        item.light = lights.get(item.pk)
    return items


def shown_reason(light: LightSnapshot, user) -> str:
    """The reason of a light as `user` may read it (LightSnapshot.named_reason)."""
    return light.named_reason if light.named_reason and user is not None and sees_every_item(user) else light.reason
