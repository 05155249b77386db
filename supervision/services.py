"""Writes of the supervision loop: 交办 (the provincial office assigns an item to a responsible unit) and 签收
(the unit acknowledges). Each write checks who acts, keeps the history, and tells the people who must act next."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import User
from core.errors import StaleVersionError
from notifications.models import Notification
from supervision.models import Assignment
from supervision.permissions import acts_for_unit, can_assign, unit_role
from supervision.selectors import responsible_units
from tasks.selectors import saves_since


def unit_users(agency) -> list[User]:
    """The users who answer for a unit (supervision.permissions.acts_for_unit), who are told of its assignments."""
    return list(User.objects.filter(agency=agency, is_active=True,
                                    role_assignments__role=unit_role(agency)).distinct())


def _notify(users, *, key: str, title: str, body: str, url: str) -> None:
    Notification.objects.bulk_create([Notification(user=user, key=key, title=title, body=body, url=url)
                                      for user in users], ignore_conflicts=True)


def _terms_errors(*, item, agency, contact, internal_deadline) -> dict:
    errors = {}
    if agency.pk not in {unit.pk for unit, _role in responsible_units(item)}:
        errors["agency"] = _("%(unit)s is not among the units responsible for this item.") % {"unit": agency}
    if contact is not None and (contact.agency_id != agency.pk or not contact.is_active):
        errors["contact"] = _("The contact person must be an active user of %(unit)s.") % {"unit": agency}
    if internal_deadline is not None:
        today = timezone.localdate()
        if internal_deadline < today:
            errors["internal_deadline"] = _("The internal deadline cannot be in the past.")
        # Earlier than the plan's while the plan's is ahead; once it has passed (most of the plan's, since the
        # end of 2025) the internal deadline is the office's new date for the overdue work.
        elif item.deadline is not None and today <= item.deadline <= internal_deadline:
            errors["internal_deadline"] = _("The internal deadline must be earlier than the plan's (%(date)s).") % {
                "date": f"{item.deadline:%Y-%m-%d}"}
    return errors


def assignment_save(*, item, agency, contact=None, instructions: str = "", internal_deadline=None, actor: User,
                    expected_version: int | None = None) -> Assignment:
    """交办: assign the item to one of its responsible units, or change the assignment (with the version read).
    New instructions or a new internal deadline ask the unit to acknowledge again; the unit's users are told."""
    if not can_assign(actor, item):
        raise PermissionDenied(_("Only the provincial office assigns the plan's items."))
    instructions = (instructions or "").strip()
    errors = _terms_errors(item=item, agency=agency, contact=contact, internal_deadline=internal_deadline)
    if errors:
        raise ValidationError(errors)
    item_type = ContentType.objects.get_for_model(item)
    with transaction.atomic():
        assignment = (Assignment.objects.select_for_update()
                      .filter(item_type=item_type, item_id=item.pk, agency=agency).first())
        if assignment is None:
            if expected_version is not None:  # edited on a page where it existed: withdrawn since? cannot be
                raise ValidationError(_("This assignment is no longer there; reload the page."))
            assignment = Assignment(item_type=item_type, item_id=item.pk, agency=agency, assigned_by=actor)
            renewed = True
        else:
            if expected_version is None:
                raise ValidationError({"agency": _("%(unit)s is assigned already; change its assignment "
                                                   "instead.") % {"unit": agency}})
            if assignment.version != expected_version:
                raise StaleVersionError(item=assignment, expected_version=expected_version,
                                        changes=saves_since(assignment, version=expected_version))
            renewed = (instructions, internal_deadline) != (assignment.instructions, assignment.internal_deadline)
            assignment.version += 1
        assignment.contact, assignment.instructions, assignment.internal_deadline = contact, instructions, \
            internal_deadline
        if renewed:
            assignment.assigned_by, assignment.assigned_at = actor, timezone.now()
            assignment.acknowledged_by = assignment.acknowledged_at = None
        assignment._history_user = actor
        try:
            with transaction.atomic():
                assignment.save()
        except IntegrityError as exc:  # a colleague assigned the same unit a moment ago
            raise ValidationError({"agency": _("%(unit)s is assigned already; reload the page.") % {
                "unit": agency}}) from exc
        if renewed:
            transaction.on_commit(lambda: _notify(
                [assignment.contact] if assignment.contact else unit_users(agency),
                key=f"assignment:{assignment.pk}:{assignment.version}",
                title=_("New assignment to acknowledge: %(item)s") % {"item": item},
                body=instructions or _("Acknowledge it on the item's page."), url=item.get_absolute_url()))
    return assignment


def assignment_acknowledge(*, assignment: Assignment, actor: User) -> Assignment:
    """签收: a user who answers for the unit acknowledges its assignment, once."""
    if not acts_for_unit(actor, assignment.agency):
        raise PermissionDenied(_("Only %(unit)s acknowledges its own assignment.") % {"unit": assignment.agency})
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.acknowledged_at is not None:
            raise ValidationError(_("Already acknowledged by %(who)s on %(when)s.") % {
                "who": locked.acknowledged_by, "when": f"{timezone.localtime(locked.acknowledged_at):%Y-%m-%d %H:%M}"})
        locked.acknowledged_by, locked.acknowledged_at = actor, timezone.now()
        locked.version += 1
        locked._history_user = actor
        locked.save(update_fields=["acknowledged_by", "acknowledged_at", "version"])
    return locked
