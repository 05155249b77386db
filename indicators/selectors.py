"""Reads of indicators."""

from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from agencies.permissions import sees_every_item
from core.channels import ValueChange, channel_label
from core.lights import indicator_progress, pace_needed
from core.numbers import plain_number
from indicators.filters import IndicatorFilter
from indicators.models import CURRENT_FIRST, PROVENANCE, Allocation, AllocationShare, Indicator, IndicatorValue
from snapshots.models import SubjectKind
from snapshots.selectors import attach_lights


def indicator_list() -> QuerySet[Indicator]:
    return with_current_value(
        Indicator.objects.select_related("task", "key_project", "goal_area")
        .prefetch_related("mentions__paragraph", "revisions")
        .order_by("code")
    )


def with_current_value(indicators: QuerySet, *, as_of=None) -> QuerySet:
    """Each target with its provincial value in force on `as_of` (default today): `current`, `current_date` and
    `current_rolled_up` (rolled up from prefecture reports, or an official statistic). The one reading of which
    value counts, for the lights, the dashboard, the export and the API."""
    values = _in_force_first(IndicatorValue.objects.filter(indicator=OuterRef("pk")), as_of)
    return indicators.annotate(current=Subquery(values.values("value")[:1]),
                               current_date=Subquery(values.values("as_of")[:1]),
                               current_rolled_up=Subquery(values.values("rolled_up")[:1]))


def value_in_force(indicator, *, as_of=None) -> IndicatorValue | None:
    """The one provincial value in force on `as_of` (default today), by the rule with_current_value applies."""
    return _in_force_first(indicator.values.all(), as_of).first()


def _in_force_first(values: QuerySet, as_of) -> QuerySet:
    """Values dated on or before `as_of` (default today), the one in force first (indicators.models.CURRENT_FIRST):
    a roll-up of a period ending later, or a statistic dated later, is not in force yet."""
    return values.filter(as_of__lte=as_of or timezone.localdate()).order_by(*CURRENT_FIRST)


def value_source_text(*, rolled_up: bool | None, as_of) -> str:
    """Where a provincial value comes from, with its date, as light reasons and the export write it (in Chinese,
    like every stored reason); "" without a value."""
    if as_of is None:
        return ""
    with translation.override("zh-hans"):
        return f"{PROVENANCE[bool(rolled_up)]},{as_of:%Y-%m-%d}"


def indicator_filterset(filters) -> IndicatorFilter:
    return IndicatorFilter(filters, queryset=indicator_list())


def indicator_detail(*, code: str) -> dict:
    """One target with its values, its light, and the yearly pace still needed for 2025 and 2035."""
    indicator = (Indicator.objects.select_related("task", "key_project", "goal_area")
                 .prefetch_related("mentions__paragraph", "revisions__actor").get(code=code))
    attach_lights(items=[indicator], kind=SubjectKind.INDICATOR)
    values = list(indicator.values.select_related("entered_by"))
    latest = value_in_force(indicator)
    paces = []
    if latest:
        year = max(latest.as_of.year, timezone.localdate().year)
        horizons = [(indicator.target_year, indicator.target_value), (2035, indicator.target_2035_value)]
        for target_year, target in horizons:
            if target is not None and target_year > year:
                paces.append((target_year, target, pace_needed(current=latest.value, current_year=year,
                                                                target=target, target_year=target_year,
                                                                unit=indicator.unit)))
    return {"indicator": indicator, "values": values, "latest": latest, "paces": paces,
            "chart": {"unit": indicator.unit, "target": float(indicator.target_value),
                      "points": [[v.as_of.isoformat(), float(v.value)] for v in reversed(values)]}}


def prefecture_judgement(*, indicator, target, value, as_of):
    """A prefecture's light and progress toward its own allocated target (None without a target)."""
    if target is None:
        return None
    return indicator_progress(today=timezone.localdate(), comparator=indicator.comparator, kind=indicator.kind,
                              target=target, target_year=indicator.target_year, baseline=None, baseline_year=None,
                              current=value, current_date=as_of, unit=indicator.unit)


def allocated_targets(*, indicator=None, prefecture=None) -> dict:
    """{(indicator id, prefecture id): allocated target} for one indicator, one prefecture, or both."""
    shares = AllocationShare.objects.all()
    if indicator is not None:
        shares = shares.filter(allocation__indicator=indicator)
    if prefecture is not None:
        shares = shares.filter(prefecture=prefecture)
    return {(indicator_id, prefecture_id): target for indicator_id, prefecture_id, target in
            shares.values_list("allocation__indicator_id", "prefecture_id", "target_value")}


def allocation_detail(*, indicator, user) -> dict:
    """An allocation as the user may see it: for the provincial units each prefecture with its share, the total
    and the difference from the target; for a prefecture reporter its own share only (`whole` is False)."""
    allocation = Allocation.objects.filter(indicator=indicator).select_related("updated_by").first()
    shares = allocated_targets(indicator=indicator)
    whole = sees_every_item(user)
    prefectures = Agency.objects.prefectures().order_by("order")
    if not whole:
        prefectures = prefectures.filter(pk=user.agency_id)
    rows = [{"prefecture": p, "target": shares.get((indicator.pk, p.pk))} for p in prefectures]
    total = sum((r["target"] for r in rows if r["target"] is not None), Decimal(0)) if whole else None
    difference = total - indicator.target_value if whole else None
    return {"indicator": indicator, "allocation": allocation, "rows": rows, "whole": whole, "total": total,
            "difference": difference, "gap": abs(difference) if whole else None}





def allocation_trail(*, indicator) -> list[ValueChange]:
    """Every change of the target's allocation, oldest first: each prefecture's share (added, changed, removed)
    and the partial flag and reason, with who, when and through which channel."""
    changes = []
    shares = AllocationShare.history.filter(allocation__indicator=indicator).select_related(
        "history_user", "prefecture").order_by("history_date", "history_id")
    before: dict[int, object] = {}
    for record in shares:
        old = before.get(record.id)
        removed = record.history_type == "-"
        before[record.id] = None if removed else record
        shown_old = plain_number(old.target_value) if old else ""
        shown_new = "" if removed else plain_number(record.target_value)
        if shown_old != shown_new:
            changes.append(ValueChange(record.history_date, record.history_user,
                                       channel_label(record.history_change_reason), str(record.prefecture),
                                       str(_("allocated target")), shown_old, shown_new))
    previous = None
    allocations = Allocation.history.filter(indicator=indicator).select_related("history_user").order_by(
        "history_date", "history_id")
    for record in allocations:
        for field in ("is_partial", "partial_reason"):
            if previous is None and not getattr(record, field):
                continue  # a first allocation that is complete says nothing about being partial
            old = _allocation_field(previous, field)
            new = _allocation_field(record, field)
            if old != new:
                changes.append(ValueChange(record.history_date, record.history_user,
                                           channel_label(record.history_change_reason), str(_("Allocation")),
                                           str(Allocation._meta.get_field(field).verbose_name), old, new))
        previous = record
    return sorted(changes, key=lambda change: change.when)


def _allocation_field(record, field: str) -> str:
    if record is None:
        return ""
    value = getattr(record, field)
    if isinstance(value, bool):
        return str(_("yes")) if value else str(_("no"))
    return value
