"""Writes of the evaluation: the carry-over (结转) of unfinished items toward the 2035 goals."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import User
from core.dates import HORIZON_END
from evaluation.final import ItemOutcome, item_outcome
from evaluation.permissions import can_carry_over
from revisions.models import PlanRevision
from revisions.services import item_revise_deadline


def items_carry_over(*, items: list, deadline: date, reason: str, reference: str, actor: User) -> list[PlanRevision]:
    """结转: give unfinished items (not completed at the end of the plan period) a new deadline toward 2035 in one
    action, each through a plan revision with the reason and the decision document (the original deadline is
    kept). All or nothing: one item refused refuses them all, naming it."""
    if not can_carry_over(actor):
        raise PermissionDenied(_("Only the provincial office carries items over."))
    errors = {}
    if not items:
        errors["items"] = _("Choose at least one unfinished item.")
    if not isinstance(deadline, date) or not timezone.localdate() < deadline <= HORIZON_END:
        errors["deadline"] = _("The new deadline lies after today and no later than 2035-12-31.")
    finished = [str(item) for item in items
                if item_outcome(scope=item.scope, status=item.status, ongoing=item.is_ongoing, deadline=item.deadline,
                                completed_on=None)[0] != ItemOutcome.NOT_COMPLETED]
    if finished:
        errors["items"] = _("Only unfinished items are carried over; not: %(items)s.") % {"items": "、".join(finished)}
    if errors:
        raise ValidationError(errors)
    revisions = []
    with transaction.atomic():
        for item in items:
            try:
                revisions.append(item_revise_deadline(item=item, deadline=deadline, reason=reason,
                                                      reference=reference, actor=actor,
                                                      expected_version=item.version))
            except ValidationError as error:
                # the same reason and document for every item: a missing one is said once, of the whole action
                if set(error.message_dict) - {"deadline"}:
                    raise
                raise ValidationError({"items": f"{item}：{error.message_dict['deadline'][0]}"}) from error
    return revisions
