"""Writes of the supervision loop: 交办 (the provincial office assigns an item to a responsible unit), 签收 (the
unit acknowledges), 延期申请 (the lead unit asks for a later deadline; the office approves it into a plan revision or
rejects it). Each write checks who acts, keeps the history, and tells the people who must act next."""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import User
from core.errors import StaleVersionError
from notifications.services import coordinators, notify_on_commit
from reporting.selectors import PartTerms, part_terms, unit_part
from reporting.services import part_deadline_extend, part_define, part_locked, progress_entry_add
from revisions.services import LATEST as LATEST_DEADLINE
from revisions.services import item_revise_deadline
from supervision.models import Assignment, ExtensionRequest, ExtensionStatus
from supervision.permissions import (
    acts_for_unit,
    answering_for_their_unit,
    can_assign,
    can_decide_extension,
    can_request_extension,
)
from supervision.selectors import responsible_units
from tasks.permissions import can_update_part, keeps_own_part
from tasks.selectors import saves_since


def unit_users(agency) -> list[User]:
    """The users who answer for a unit (supervision.permissions.acts_for_unit), who are told of its assignments."""
    return list(User.objects.filter(answering_for_their_unit(), agency=agency, is_active=True).distinct())


def _terms_errors(*, item, agency, contact, internal_deadline, previous_deadline=None,
                  part_terms_given=False) -> dict:
    errors = {}
    if part_terms_given and not keeps_own_part(item, agency):
        errors["part_title"] = _("%(unit)s leads this item: its part is the whole item, whose deadline and status "
                                 "are the plan's.") % {"unit": agency}
    if agency.pk not in {unit.pk for unit, _role in responsible_units(item)}:
        errors["agency"] = _("%(unit)s is not among the units responsible for this item.") % {"unit": agency}
    # The contact receives the notices and acknowledges: one of those who answer for the unit.
    if contact is not None and not (contact.is_active and acts_for_unit(contact, agency)):
        errors["contact"] = _("The contact person must be an active user of %(unit)s who answers for it (its "
                              "editors or reporters).") % {"unit": agency}
    if internal_deadline is not None and internal_deadline != previous_deadline:
        today = timezone.localdate()
        if internal_deadline < today:
            errors["internal_deadline"] = _("The internal deadline cannot be in the past.")
        elif internal_deadline > LATEST_DEADLINE:
            errors["internal_deadline"] = _("The plan's horizon ends on %(date)s.") % {"date": f"{LATEST_DEADLINE}"}
        # Earlier than the plan's while the plan's is ahead; once it has passed (most of the plan's, since the
        # end of 2025) the internal deadline is the office's new date for the overdue work.
        elif item.deadline is not None and today <= item.deadline <= internal_deadline:
            errors["internal_deadline"] = _("The internal deadline must be earlier than the plan's (%(date)s).") % {
                "date": f"{item.deadline:%Y-%m-%d}"}
    return errors


def assignment_save(*, item, agency, contact=None, instructions: str = "", internal_deadline=None,
                    part: PartTerms | None = None, actor: User, expected_version: int | None = None,
                    expected_part_version: int | None = None) -> Assignment:
    """交办: assign the item to one of its responsible units, or change the assignment (with the version read),
    perhaps breaking out the unit's part (分解: what it is, its own deadline, yearly milestones). New instructions,
    a new internal deadline or new terms of the part ask the unit to acknowledge again, and its users are told; a
    new contact alone is told it is now the contact. `expected_part_version` is the part's terms_version the
    office read, 0 when it had no part (reporting.services.part_define refuses terms written over newer ones)."""
    if not can_assign(actor, item):
        raise PermissionDenied(_("Only the provincial office assigns the plan's items."))
    instructions = (instructions or "").strip()
    item_type = ContentType.objects.get_for_model(item)
    with transaction.atomic():
        assignment = (Assignment.objects.select_for_update()
                      .filter(item_type=item_type, item_id=item.pk, agency=agency).first())
        before = part_terms(unit_part(item, agency))
        part = before if part is None else part
        errors = _terms_errors(item=item, agency=agency, contact=contact, internal_deadline=internal_deadline,
                               previous_deadline=assignment.internal_deadline if assignment else None,
                               part_terms_given=part != PartTerms())
        if errors:
            raise ValidationError(errors)
        if assignment is None:
            if expected_version is not None:  # changed on a page where it existed, and gone since
                raise ValidationError(_("This assignment is no longer there; reload the page."))
            assignment = Assignment(item_type=item_type, item_id=item.pk, agency=agency, assigned_by=actor)
            renewed, new_contact, is_new = True, contact, True
        else:
            if expected_version is None:
                raise ValidationError({"agency": _("%(unit)s is assigned already; change its assignment "
                                                   "instead.") % {"unit": agency}})
            if assignment.version != expected_version:
                raise StaleVersionError(item=assignment, expected_version=expected_version,
                                        changes=saves_since(assignment, version=expected_version))
            renewed = (instructions, internal_deadline, part) != (assignment.instructions,
                                                                  assignment.internal_deadline, before)
            new_contact = contact if contact is not None and contact.pk != assignment.contact_id else None
            is_new = False
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
        if part != before or (is_new and keeps_own_part(item, agency)):
            part_define(item=item, agency=agency, title=part.title, deadline=part.deadline,
                        milestones=part.milestones, actor=actor, expected_terms_version=expected_part_version)
        with translation.override(settings.LANGUAGE_CODE):  # stored text is in the portal's language
            if renewed:
                notify_on_commit(unit_users(agency), key=f"assignment:{assignment.pk}:{assignment.version}",
                                  title=_("New assignment to acknowledge: %(item)s") % {"item": item},
                                  body=instructions or _("Acknowledge it on the item's page."),
                                  url=item.get_absolute_url())
            elif new_contact is not None:
                notify_on_commit([new_contact], key=f"assignment-contact:{assignment.pk}:{assignment.version}",
                                  title=_("You are the contact person for: %(item)s") % {"item": item},
                                  body=instructions, url=item.get_absolute_url())
    return assignment


def assignment_acknowledge(*, assignment: Assignment, actor: User, expected_version: int | None = None) -> Assignment:
    """签收: a user who answers for the unit acknowledges its assignment, once: the version read (the page always
    sends it) makes sure the terms acknowledged are the ones in force."""
    if not acts_for_unit(actor, assignment.agency):
        raise PermissionDenied(_("Only %(unit)s acknowledges its own assignment.") % {"unit": assignment.agency})
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if expected_version is not None and locked.version != expected_version:
            raise StaleVersionError(item=locked, expected_version=expected_version,
                                    changes=saves_since(locked, version=expected_version))
        if locked.acknowledged_at is not None:
            raise ValidationError(_("Already acknowledged by %(who)s on %(when)s.") % {
                "who": locked.acknowledged_by, "when": f"{timezone.localtime(locked.acknowledged_at):%Y-%m-%d %H:%M}"})
        locked.acknowledged_by, locked.acknowledged_at = actor, timezone.now()
        locked.version += 1
        locked._history_user = actor
        locked.save(update_fields=["acknowledged_by", "acknowledged_at", "version"])
    return locked


def extension_request(*, item, requested_deadline, reason: str, files=(), actor: User) -> ExtensionRequest:
    """The lead unit asks for a later deadline of the item, another responsible unit for its own part, with the
    reason and attachments. The request is also an entry in the item's timeline (carrying the attachments); the
    provincial office is told."""
    for_item = can_request_extension(actor, item)
    if not (for_item or can_update_part(actor, item)):
        raise PermissionDenied(_("Only the lead unit asks for a later deadline of this item, and a responsible unit "
                                 "for its own part."))
    reason = (reason or "").strip()
    part = None if for_item else unit_part(item, actor.agency)
    current = (part.deadline if part is not None else None) or item.deadline
    errors = {}
    if current is None:
        errors["requested_deadline"] = _("This item is ongoing (持续推进): it has no deadline to extend.")
    elif not isinstance(requested_deadline, date) or requested_deadline <= max(current, timezone.localdate()):
        errors["requested_deadline"] = _("Ask for a date after the current deadline (%(date)s) and after today.") % {
            "date": f"{current:%Y-%m-%d}"}
    elif requested_deadline > LATEST_DEADLINE:
        errors["requested_deadline"] = _("The plan's horizon ends on %(date)s.") % {"date": f"{LATEST_DEADLINE}"}
    if not reason:
        errors["reason"] = _("Say why the work needs more time.")
    if errors:
        raise ValidationError(errors)
    item_type = ContentType.objects.get_for_model(item)
    with transaction.atomic():
        # The item's row is locked so that the same request sent twice at once is made once (the constraint
        # extension_one_pending_per_unit is the last guard), before any file is stored.
        type(item).objects.select_for_update().get(pk=item.pk)
        if ExtensionRequest.objects.filter(item_type=item_type, item_id=item.pk, agency=actor.agency,
                                           status=ExtensionStatus.PENDING).exists():
            raise ValidationError(_("Your unit's request for this item awaits a decision already."))
        if not for_item:
            part = part_locked(item, actor.agency)
        with translation.override(settings.LANGUAGE_CODE):  # stored text is in the portal's language
            narrative = _("Asks to extend the deadline from %(old)s to %(new)s: %(reason)s") % {
                "old": f"{current:%Y-%m-%d}", "new": f"{requested_deadline:%Y-%m-%d}", "reason": reason}
        entry = progress_entry_add(item=item, actor=actor, files=files, narrative=narrative)
        try:
            request = ExtensionRequest(item_type=item_type, item_id=item.pk, agency=actor.agency, part=part,
                                       requested_by=actor, current_deadline=current,
                                       requested_deadline=requested_deadline, reason=reason, entry=entry)
            request._history_user = actor
            request.save()
        except BaseException:
            # The entry's rows roll back with this transaction; its stored files would not.
            for evidence in entry.evidence.all():
                default_storage.delete(evidence.file.name)
            raise
        with translation.override(settings.LANGUAGE_CODE):
            notify_on_commit(
                coordinators(), key=f"extension:{request.pk}",
                title=_("Extension requested: %(item)s") % {"item": item},
                body=_("%(unit)s asks for %(date)s: %(reason)s") % {
                    "unit": request.agency, "date": f"{requested_deadline:%Y-%m-%d}", "reason": reason},
                url=reverse("supervision:extensions"))
    return request


def _decided(request: ExtensionRequest, *, actor: User) -> ExtensionRequest:
    """The request locked for a decision: pending, and not the decider's own."""
    if not can_decide_extension(actor):
        raise PermissionDenied(_("Only the provincial office decides on extension requests."))
    locked = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ExtensionStatus.PENDING:
        raise ValidationError(_("%(who)s has decided this request already (%(status)s).") % {
            "status": locked.get_status_display(), "who": locked.decided_by})
    if locked.requested_by_id == actor.pk:
        raise PermissionDenied(_("A request is decided by someone other than the one who made it."))
    return locked


def extension_approve(*, request: ExtensionRequest, note: str = "", actor: User) -> ExtensionRequest:
    """Approve: the item's deadline becomes the requested one through a plan revision naming the request (the
    original deadline stays in the revision; lights are recomputed from the revision's date); a part's deadline
    changes in the part's history, naming the request."""
    with transaction.atomic():
        locked = _decided(request, actor=actor)
        item = locked.item
        part = part_locked(item, locked.agency) if locked.part_id else None  # its deadline read under the lock
        current = (part.deadline or item.deadline) if part else item.deadline
        if current != locked.current_deadline:
            raise ValidationError(_("The deadline changed since the request (now %(date)s); the unit asks again if it "
                                    "still needs more time.") % {"date": f"{current:%Y-%m-%d}" if current else "—"})
        if locked.requested_deadline <= timezone.localdate():
            raise ValidationError(_("The date asked for (%(date)s) has passed; the unit asks again for a date still "
                                    "ahead.") % {"date": f"{locked.requested_deadline:%Y-%m-%d}"})
        note = (note or "").strip()
        reason = f"{locked.reason}(批准意见:{note})" if note else locked.reason
        if part:
            part_deadline_extend(part=part, deadline=locked.requested_deadline,
                                 reason=f"{locked.reference}:{reason}", actor=actor)
        else:
            locked.revision = item_revise_deadline(item=item, deadline=locked.requested_deadline,
                                                   reference=locked.reference, actor=actor, reason=reason,
                                                   expected_version=item.version)
        return _decide(locked, ExtensionStatus.APPROVED, note=note, actor=actor)


def extension_reject(*, request: ExtensionRequest, note: str, actor: User) -> ExtensionRequest:
    """Reject, saying why; the deadline stays."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the request is rejected.")})
    with transaction.atomic():
        return _decide(_decided(request, actor=actor), ExtensionStatus.REJECTED, note=note, actor=actor)


def _decide(locked: ExtensionRequest, status: str, *, note: str, actor: User) -> ExtensionRequest:
    locked.status, locked.decided_by, locked.decided_at = status, actor, timezone.now()
    locked.decision_note = (note or "").strip()
    locked._history_user = actor
    locked.save()
    item = locked.item
    with translation.override(settings.LANGUAGE_CODE):
        notify_on_commit([locked.requested_by], key=f"extension:{locked.pk}:{status}",
                          title=_("Extension %(status)s: %(item)s") % {"status": locked.get_status_display(),
                                                                       "item": item},
                          body=locked.decision_note or f"{locked.requested_deadline:%Y-%m-%d}",
                          url=item.get_absolute_url())
    return locked
