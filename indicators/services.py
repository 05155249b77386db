"""Writes to indicators."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyKind, User
from core.channels import Channel
from core.errors import StaleVersionError
from core.jobs import snapshots_recompute_soon
from core.loading import LoadReport, sync_children, upsert
from core.numbers import plain_number
from core.xlsx import TemplateStamp
from indicators.models import Allocation, AllocationShare, Indicator, IndicatorValue
from indicators.permissions import can_allocate, can_edit_target
from tasks.selectors import saves_since


def indicators_load(*, plan, entries, paragraphs, goal_areas, tasks, key_projects, revised: dict[int, set[str]],
                    report: LoadReport) -> None:
    """Upsert every target by code, with each place the plan states it (a revised target stays revised)."""
    for entry in entries:
        values = {
            "plan_id": plan.pk,
            "name": entry["name"],
            "target_value": Decimal(entry["target_value"]),
            "unit": entry["unit"],
            "comparator": entry["comparator"],
            "kind": entry["kind"],
            "target_year": entry["target_year"],
            "goal_area_id": goal_areas[entry["goal_area"]].pk if entry["goal_area"] else None,
            "task_id": tasks[entry["task"]].pk if entry["task"] else None,
            "key_project_id": key_projects[entry["key_project"]].pk if entry["key_project"] else None,
            "paragraph_id": paragraphs[entry["paragraph"]].pk,
            "per_prefecture": entry["per_prefecture"],
            "rollup_method": entry["rollup_method"],
        }
        indicator = upsert(Indicator, {"code": entry["code"]}, values, report, keep=revised)
        mentions = [
            {"position": position, "phrase": m["phrase"], "paragraph_id": paragraphs[m["paragraph"]].pk}
            for position, m in enumerate(entry["mentions"], start=1)
        ]
        sync_children(indicator.mentions, mentions, ("position", "phrase", "paragraph_id"), report)


def indicator_set_baseline(*, indicator, baseline_value, baseline_year, baseline_source: str,
                           target_2035_value, actor: User, expected_version: int):
    """A coordinator records where a target starts from (the 2020 value and its source) and the 2035 target."""
    if not can_edit_target(actor):
        raise PermissionDenied(_("Only the provincial office sets baselines and long-range targets."))
    errors = {}
    if (baseline_value is None) != (baseline_year is None):
        errors["baseline_year"] = _("Give the baseline value and its year together.")
    if baseline_value is not None and not (baseline_source or "").strip():
        errors["baseline_source"] = _("Say where the baseline comes from (document, statistics, survey).")
    if baseline_year is not None and not 2000 <= baseline_year <= indicator.target_year:
        errors["baseline_year"] = _("The baseline year must be between 2000 and the target year.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if locked.version != expected_version:
            raise StaleVersionError(item=locked, expected_version=expected_version, changes=[])
        locked.baseline_value, locked.baseline_year = baseline_value, baseline_year
        locked.baseline_source = (baseline_source or "").strip()
        locked.target_2035_value = target_2035_value
        locked.version += 1
        locked._history_user = actor
        locked.full_clean(validate_unique=False, validate_constraints=False)
        locked.save(update_fields=["baseline_value", "baseline_year", "baseline_source", "target_2035_value",
                                   "version"])
    snapshots_recompute_soon()
    return locked


def indicator_value_add(*, indicator, value, as_of, source: str, actor: User) -> IndicatorValue:
    """A coordinator records a measured value of the target for the province."""
    if not can_edit_target(actor):
        raise PermissionDenied(_("Only the provincial office records province-wide values."))
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("A value cannot be dated in the future.")})
    if not (source or "").strip():
        raise ValidationError({"source": _("Say where the value comes from.")})
    entry = IndicatorValue(indicator=indicator, value=value, as_of=as_of, source=source.strip(), entered_by=actor)
    entry._history_user = actor
    entry.full_clean()
    entry.save()
    snapshots_recompute_soon()
    return entry


MAX_SHARE = Decimal("1e10")


def allocation_check(*, indicator, shares: dict, is_partial: bool, partial_reason: str) -> tuple[dict, dict]:
    """The rules an allocation must meet: ({field: message}, empty when it may be saved; the shares as they
    would be stored, every prefecture present and each value rounded to four places, the way the sum is then
    checked). Shares are {prefecture: Decimal or None}; a count's shares add up to the provincial target unless
    the allocation is partial with a reason, and the message says by how much they miss."""
    errors = {}
    if not indicator.allocatable:
        return {"__all__": _("Only count and rate targets that prefectures report can be allocated.")}, shares
    strangers = [str(agency) for agency in shares if agency.kind != AgencyKind.PREFECTURE]
    if strangers:
        return {"__all__": _("Not a prefecture: %(names)s.") % {"names": "、".join(strangers)}}, shares
    # Every prefecture is in the allocation; one not given has no target.
    shares = {prefecture: shares.get(prefecture) for prefecture in Agency.objects.prefectures().order_by("order")}
    for prefecture, value in shares.items():
        if value is not None and value.is_finite() and 0 <= value < MAX_SHARE:
            value = shares[prefecture] = value.quantize(Decimal("0.0001"))  # stored with four places
        if value is not None and (not value.is_finite() or value < 0 or value >= MAX_SHARE):
            errors[f"share-{prefecture.pk}"] = _("%(name)s: the target is a number from 0 to 9,999,999,999.") % {
                "name": prefecture}
        elif value is not None and indicator.unit == "%" and value > 100:
            errors[f"share-{prefecture.pk}"] = _("%(name)s: a percentage cannot exceed 100.") % {"name": prefecture}
    if errors:
        return errors, shares
    given = [v for v in shares.values() if v is not None]
    if not given:
        return {"__all__": _("Give at least one prefecture's target.")}, shares
    if is_partial and not (partial_reason or "").strip():
        errors["partial_reason"] = _("Say why the allocation is partial.")
    if not is_partial:
        if indicator.kind == "count":
            total = sum(given, Decimal(0))
            difference = total - indicator.target_value
            if difference:
                errors["__all__"] = _(
                    "The shares add up to %(total)s, %(difference)s %(direction)s the provincial target of "
                    "%(target)s. Correct them, or mark the allocation as partial and say why."
                ) % {"total": plain_number(total), "difference": plain_number(abs(difference)),
                     "direction": _("more than") if difference > 0 else _("less than"),
                     "target": plain_number(indicator.target_value)}
        elif len(given) < len(shares):
            errors["__all__"] = _("Give every prefecture its target, or mark the allocation as partial and say why.")
    return errors, shares


def allocation_upload_save(*, indicator, shares: dict, is_partial: bool, partial_reason: str, actor: User,
                           expected_version: int, stamp: TemplateStamp):
    """Save a filled allocation template like allocation_save, unless someone else saved the allocation after the
    template was made (StaleVersionError names who); the uploader's own saves since do not count."""
    allocation = Allocation.objects.filter(indicator=indicator).first()
    others = [save for save in (saves_since(allocation, version=stamp.version) if allocation else [])
              if save.when > stamp.made_at and (save.user is None or save.user.pk != actor.pk)]
    if others:
        raise StaleVersionError(item=allocation, expected_version=stamp.version, changes=others)
    return allocation_save(indicator=indicator, shares=shares, is_partial=is_partial, partial_reason=partial_reason,
                           actor=actor, expected_version=expected_version, channel=Channel.EXCEL)


def allocation_save(*, indicator, shares: dict, is_partial: bool, partial_reason: str, actor: User,
                    expected_version: int, channel: str):
    """Save a provincial target's split among prefectures, all of it or nothing. `expected_version` is 0 for a
    first allocation; a stale one is refused like any stale edit. Each change is recorded with who made it and
    through which `channel` (core.channels.Channel)."""
    if not can_allocate(actor):
        raise PermissionDenied(_("Only the provincial office allocates targets to prefectures."))
    with transaction.atomic():
        # Locked before checking: a target revised meanwhile is the one the shares must add up to.
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        errors, shares = allocation_check(indicator=locked, shares=shares, is_partial=is_partial,
                                          partial_reason=partial_reason)
        if errors:
            raise ValidationError(errors)
        allocation = Allocation.objects.filter(indicator=locked).first()
        if (allocation.version if allocation else 0) != expected_version:
            raise StaleVersionError(item=allocation or locked, expected_version=expected_version,
                                    changes=saves_since(allocation, version=expected_version) if allocation else [])
        if allocation is None:
            allocation = Allocation(indicator=locked, updated_by=actor, version=0)
        allocation.is_partial = is_partial
        allocation.partial_reason = (partial_reason or "").strip() if is_partial else ""
        allocation.updated_by = actor
        allocation.version += 1
        allocation._history_user, allocation._change_reason = actor, channel
        allocation.save()
        current = {share.prefecture_id: share for share in allocation.shares.all()}
        for prefecture, value in shares.items():
            share = current.get(prefecture.pk)
            if value is None:
                if share:
                    share._history_user, share._change_reason = actor, channel
                    share.delete()
            elif share is None or share.target_value != value:
                share = share or AllocationShare(allocation=allocation, prefecture=prefecture)
                share.target_value = value
                share._history_user, share._change_reason = actor, channel
                share.save()
    return allocation
