"""Reads of the latest snapshot: lights of subjects and roll-ups."""

import logging

from django.core.cache import cache
from django.db.models import Case, IntegerField, Max, OuterRef, Subquery, Value, When

from agencies.permissions import sees_every_item
from core.jobs import UNREACHABLE
from core.lights import LIGHT_RANK
from snapshots.models import LightSnapshot, SnapshotStamp
from snapshots.services import STAMP_ID

logger = logging.getLogger(__name__)

# Entries outlive no stamp that matters: a new stamp is written at least nightly, and old ones are never read again.
SNAPSHOT_CACHE_SECONDS = 26 * 60 * 60


def cached_by_snapshot(key: str, compute):
    """`compute()`, which reads only the snapshot (and whatever `key` names: scope, date, language), cached under
    the snapshot's current stamp, so figures are read from the snapshot once per recomputation rather than once per
    visit. Without a stamp (no snapshot written yet) or without a cache, it is computed each time."""
    token = SnapshotStamp.objects.filter(pk=STAMP_ID).values_list("token", flat=True).first()
    if token is None:
        return compute()
    full_key = f"snapshot:{token}:{key}"
    try:
        found = cache.get(full_key)
    except UNREACHABLE as error:
        logger.warning("snapshot cache unreachable, figures computed: %s", error)
        return compute()
    if found is None:
        found = compute()
        try:
            cache.set(full_key, found, timeout=SNAPSHOT_CACHE_SECONDS)
        except UNREACHABLE as error:
            logger.warning("snapshot cache unreachable, figures not kept: %s", error)
    return found


def snapshot_date():
    """The date of the newest light snapshot, or None before the first recomputation."""
    return LightSnapshot.objects.aggregate(latest=Max("date"))["latest"]


def newest_lights(kind: str, as_of=None):
    """The rows of the newest snapshot of one kind of subject, or of the newest on or before `as_of` (a queryset:
    it goes into other queries whole)."""
    days = LightSnapshot.objects.filter(kind=kind)
    if as_of is not None:
        days = days.filter(date__lte=as_of)
    return LightSnapshot.objects.filter(kind=kind, date=days.values("date").order_by("-date")[:1])


def subjects_lit(*, kind: str, light: str, as_of=None):
    """The ids of the subjects whose newest light (as of `as_of`) is `light`, as a subquery for `pk__in`."""
    return newest_lights(kind, as_of).filter(light=light).values("subject_id")


def with_light_rank(queryset, *, kind: str, as_of=None):
    """The rows annotated with `light_rank`, the rank of each one's newest light (core.lights.LIGHT_RANK), to sort
    a list by light. The light is looked up once per row and ranked from that."""
    queryset = queryset.annotate(newest_light=Subquery(
        newest_lights(kind, as_of).filter(subject_id=OuterRef("pk")).values("light")[:1]))
    return queryset.annotate(light_rank=Case(
        *[When(newest_light=value, then=Value(rank)) for value, rank in LIGHT_RANK.items() if value],
        default=Value(LIGHT_RANK[None]), output_field=IntegerField()))


def lights_of(*, kind: str, ids=None, as_of=None) -> dict[int, LightSnapshot]:
    """{subject id: its light in the newest snapshot (on or before `as_of`)} for one kind of subject, in one
    query."""
    rows = newest_lights(kind, as_of)
    if ids is not None:
        rows = rows.filter(subject_id__in=list(ids))
    return {row.subject_id: row for row in rows}


def attach_lights(*, items, kind: str, user=None, as_of=None):
    """Set `.light` (a LightSnapshot or None) on each item of a list or page, with one query; its reason names the
    lagging prefectures for a `user` who sees every unit's part, and counts them for anyone else. `as_of`: the
    lights of that day's snapshot or the last before it."""
    items = list(items)
    lights = lights_of(kind=kind, ids=[item.pk for item in items], as_of=as_of)
    for light in lights.values():
        light.reason = shown_reason(light, user)
    for item in items:
        item.light = lights.get(item.pk)
    return items


def shown_reason(light: LightSnapshot, user) -> str:
    """The reason of a light as `user` may read it (LightSnapshot.named_reason)."""
    return light.named_reason if light.named_reason and user is not None and sees_every_item(user) else light.reason
