"""Writes to indicators."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import Indicator, IndicatorValue
from portal.jobs import progress_recompute_soon
from portal.services import LoadReport, sync_children, upsert


def indicators_load(*, plan, entries, paragraphs, goal_areas, tasks, key_projects, report: LoadReport) -> None:
    """Upsert every target by code, with each place the plan states it (a revised target stays revised)."""
    from tasks.revisions.services import revised_fields

    revised = revised_fields(Indicator)
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
                           target_2035_value, actor, expected_version: int):
    """A coordinator records where a target starts from (the 2020 value and its source) and the 2035 target."""
    from agencies.permissions import is_coordinator
    from tasks.services import StaleVersionError

    if not is_coordinator(actor):
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
    progress_recompute_soon()
    return locked


def indicator_value_add(*, indicator, value, as_of, source: str, actor) -> IndicatorValue:
    """A coordinator records a measured value of the target for the province."""
    from agencies.permissions import is_coordinator

    if not is_coordinator(actor):
        raise PermissionDenied(_("Only the provincial office records province-wide values."))
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("A value cannot be dated in the future.")})
    if not (source or "").strip():
        raise ValidationError({"source": _("Say where the value comes from.")})
    entry = IndicatorValue(indicator=indicator, value=value, as_of=as_of, source=source.strip(), entered_by=actor)
    entry._history_user = actor
    entry.full_clean()
    entry.save()
    progress_recompute_soon()
    return entry
