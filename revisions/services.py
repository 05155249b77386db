"""Writes of plan revisions: a coordinator changes a deadline, a target or a task's scope by decision, always with
the reason and the decision document. The item keeps the value in force; the revision keeps the one it replaced."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import User
from core.dates import HORIZON_END, PLAN_START
from core.errors import StaleVersionError
from core.jobs import snapshots_recompute_soon
from core.numbers import plain_number
from indicators.models import Indicator
from projects.models import KeyProject
from revisions.models import PlanRevision, RevisionField
from revisions.permissions import can_revise_plan
from tasks.models import ItemScope, Task

EARLIEST, LATEST = PLAN_START, HORIZON_END


def _subject_link(subject) -> dict:
    if isinstance(subject, Indicator):
        return {"indicator": subject}
    return {"key_project": subject} if isinstance(subject, KeyProject) else {"task": subject}


def _check(actor: User, reason: str, reference: str) -> dict:
    if not can_revise_plan(actor):
        raise PermissionDenied(_("Only the provincial office revises the plan."))
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the change.")
    if not (reference or "").strip():
        errors["reference"] = _("Give the decision document's number and date.")
    elif len(reference.strip()) > 200:
        errors["reference"] = _("The reference is at most 200 characters.")
    return errors


def _locked(subject, expected_version: int):
    """Lock the subject's row; a stale version is refused like a stale status update."""
    locked = type(subject).objects.select_for_update().get(pk=subject.pk)
    if locked.version != expected_version:
        raise StaleVersionError(item=locked, expected_version=expected_version, changes=[])
    return locked


def _record(*, locked, changes: list[tuple[str, str, str]], update_fields: list[str], reason, reference, actor: User,
            merged_into=None) -> list[PlanRevision]:
    locked.version += 1
    locked._history_user = actor
    locked.full_clean(validate_unique=False, validate_constraints=False)
    locked.save(update_fields=[*update_fields, "version"])
    today = timezone.localdate()
    revisions = []
    for field, old, new in changes:
        revision = PlanRevision(field=field, old_value=old, new_value=new, reason=reason.strip(),
                                reference=reference.strip(), effective_from=today, actor=actor,
                                merged_into=merged_into, **_subject_link(locked))
        revision._history_user = actor
        revision.full_clean()
        revision.save()
        revisions.append(revision)
    snapshots_recompute_soon()
    return revisions


def item_revise_deadline(*, item, deadline: date, reason: str, reference: str, actor: User,
                         expected_version: int) -> PlanRevision:
    """Move the deadline of a task or key project; lights use the new one from today on."""
    errors = _check(actor, reason, reference)
    if not isinstance(deadline, date) or not EARLIEST <= deadline <= LATEST:
        errors["deadline"] = _("The deadline must be a date from 2021-01-01 to 2035-12-31.")
    elif deadline == item.deadline:
        errors["deadline"] = _("This is already the deadline.")
    if not item.is_active:
        errors["deadline"] = _("This item no longer counts in the plan; its deadline cannot be revised.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(item, expected_version)
        old = locked.deadline.isoformat() if locked.deadline else ""
        locked.deadline = deadline
        return _record(locked=locked, changes=[(RevisionField.DEADLINE, old, deadline.isoformat())],
                       update_fields=["deadline"], reason=reason, reference=reference, actor=actor)[0]


def indicator_revise_target(*, indicator, target_value, target_year: int, reason: str, reference: str, actor: User,
                            expected_version: int) -> list[PlanRevision]:
    """Change a target's value, its year, or both (one revision per field that changes)."""
    errors = _check(actor, reason, reference)
    try:
        target_value = Decimal(target_value)
        if not target_value.is_finite() or target_value < 0 or target_value >= Decimal("1e10"):
            raise InvalidOperation
    except (InvalidOperation, TypeError, ValueError):
        errors["target_value"] = _("The target is a number from 0 to 9,999,999,999.")
    if not isinstance(target_year, int) or not EARLIEST.year <= target_year <= LATEST.year:
        errors["target_year"] = _("The target year must be from 2021 to 2035.")
    if not errors and target_value == indicator.target_value and target_year == indicator.target_year:
        errors["target_value"] = _("Neither the target nor its year changes.")
    if errors:
        raise ValidationError(errors)
    target_value = target_value.quantize(Decimal("0.0001"))
    with transaction.atomic():
        locked = _locked(indicator, expected_version)
        changes, fields = [], []
        if target_value != locked.target_value:
            changes.append((RevisionField.TARGET_VALUE, plain_number(locked.target_value), plain_number(target_value)))
            locked.target_value = target_value
            fields.append("target_value")
        if target_year != locked.target_year:
            changes.append((RevisionField.TARGET_YEAR, str(locked.target_year), str(target_year)))
            locked.target_year = target_year
            fields.append("target_year")
        return _record(locked=locked, changes=changes, update_fields=fields, reason=reason, reference=reference,
                       actor=actor)


def item_set_scope(*, item, scope: str, merged_into: Task | None = None, reason: str, reference: str, actor: User,
                   expected_version: int) -> PlanRevision:
    """Declare an item not applicable, merge a task into another, or bring it back; roll-ups follow."""
    errors = _check(actor, reason, reference)
    if scope not in ItemScope.values:
        errors["scope"] = _("Choose one of the options offered.")
    elif scope == item.scope and scope != ItemScope.MERGED:
        errors["scope"] = _("The item is already in this state.")
    elif scope == ItemScope.MERGED:
        if not isinstance(item, Task):
            errors["scope"] = _("Only a task can be merged into another task.")
        elif merged_into is None:
            errors["merged_into"] = _("Choose the task it is merged into.")
        elif merged_into.pk == item.pk or not merged_into.is_active:
            errors["merged_into"] = _("Choose another task that still counts in the plan.")
        elif item.scope == ItemScope.MERGED and item.merged_into_id == merged_into.pk:
            errors["merged_into"] = _("The task is already merged into this one.")
    if not errors and isinstance(item, Task) and scope != ItemScope.ACTIVE:
        dependants = list(Task.objects.filter(merged_into=item, scope=ItemScope.MERGED).values_list("code", flat=True))
        if dependants:
            errors["scope"] = _("Tasks %(codes)s were merged into this one; merge them elsewhere first.") % {
                "codes": "、".join(dependants)}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(item, expected_version)
        old = locked.scope
        locked.scope = scope
        fields = ["scope"]
        if isinstance(locked, Task):
            locked.merged_into = merged_into if scope == ItemScope.MERGED else None
            fields.append("merged_into")
        return _record(locked=locked, changes=[(RevisionField.SCOPE, old, scope)], update_fields=fields,
                       reason=reason, reference=reference, actor=actor,
                       merged_into=merged_into if scope == ItemScope.MERGED else None)[0]

