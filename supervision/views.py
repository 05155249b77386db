"""Pages of the supervision loop: on an item's page (core.pages panels), the grid of its responsible units with
their assignment and acknowledgement (the office's form to assign, each unit's 签收 button) and its extension
requests (the lead unit's form to ask); the list of extension requests, where the office decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.permissions import can_view_history
from core.forms import save_through, saved_since_text
from core.numbers import parse_int
from core.pages import Panel
from core.paging import paginate
from reporting.forms import StatusUpdateForm
from reporting.selectors import item_parts, part_terms
from reporting.services import completion_decide, part_update_status
from reporting.views import after_save
from snapshots.models import SubjectKind
from snapshots.selectors import lights_of
from supervision.forms import (
    AcknowledgementForm,
    AssignmentForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    PartDecisionForm,
)
from supervision.models import ExtensionStatus
from supervision.permissions import (
    acts_for_unit,
    can_assign,
    can_decide_extension,
    can_request_extension,
    sees_unit_row,
)
from supervision.selectors import (
    assignment_list,
    extension_list,
    item_assignments,
    item_extensions,
    responsible_units,
    supervision_trail,
)
from supervision.services import (
    assignment_acknowledge,
    assignment_save,
    extension_approve,
    extension_reject,
    extension_request,
)
from tasks.models import DECIDED_BY_THE_OFFICE, ItemStatus
from tasks.permissions import can_update_part, can_verify_completion


class AssignmentPanel(Panel):
    """The grid of an item's responsible units: each one's assignment and acknowledgement, and its own part (what
    it is, its deadline and milestones, its status, percent, latest narrative and light). The office assigns and
    breaks out parts, and decides on a part's completion; a unit acknowledges and updates its own part."""

    actions = ("assign", "acknowledge", "part_update", "part_completion")

    def __init__(self, *, on_saved=None):
        self.on_saved = on_saved  # the item's light, handed in by the composition root (as ItemProgressPanel)

    def context(self, request, subject) -> dict:
        user = request.user
        units = responsible_units(subject)
        assigned = {a.agency_id: a for a in item_assignments(subject)}
        parts = {part.agency_id: part for part in item_parts(subject)}
        lights = lights_of(kind=SubjectKind.UNIT_PART, ids=[part.pk for part in parts.values()]) if parts else {}
        today = timezone.localdate()
        deciding = can_verify_completion(user, subject)
        rows = []
        for unit, role in units:
            if not sees_unit_row(user, unit):
                continue
            assignment, part = assigned.get(unit.pk), parts.get(unit.pk)
            rows.append({"unit": unit, "role": role, "assignment": assignment, "part": part,
                         "light": lights.get(part.pk) if part else None,
                         "overdue": assignment is not None and assignment.acknowledgement_overdue(today),
                         "may_acknowledge": assignment is not None and assignment.acknowledged_at is None
                         and acts_for_unit(user, unit),
                         # The one who asked does not verify: the request is shown to them without the buttons.
                         "may_decide": deciding and part is not None and part.status in DECIDED_BY_THE_OFFICE
                         and not (part.status == ItemStatus.PENDING_VERIFICATION
                                  and part.status_updated_by_id == user.pk)})
        allowed = can_assign(user, subject)
        own = can_update_part(user, subject)
        own_part = parts.get(user.agency_id) if own else None
        return {"assignment_rows": rows, "can_assign": allowed,
                "supervision_trail": supervision_trail(subject) if can_view_history(user) else None,
                "assignment_form": self._form(request, units, assigned, parts) if allowed else None,
                "part_form": self._part_form(own_part) if own else None, "own_part": own_part}

    @staticmethod
    def _part_form(part) -> StatusUpdateForm | None:
        """The unit's form for its own part; none while its completion awaits the office, or once verified."""
        if part is not None and part.status in DECIDED_BY_THE_OFFICE:
            return None
        return StatusUpdateForm(prefix="part", initial={"version": part.version if part else 1,
                                                        "status": part.status if part else "in_progress",
                                                        "percent": part.percent if part else 0})

    @staticmethod
    def _form(request, units, assigned, parts) -> AssignmentForm | None:
        """The form to assign the unit a row's link names (?edit=<unit id>), filled with its assignment and part
        if it has them; none otherwise, so the page does not load every unit's users for a form nobody opened."""
        unit_id = parse_int(request.GET.get("edit", ""))
        if unit_id not in {unit.pk for unit, _role in units}:
            return None
        editing = assigned.get(unit_id)
        initial = {"agency": unit_id, "opened_for": unit_id}
        if editing is not None:
            initial |= {"contact": editing.contact_id, "version": editing.version,
                        "instructions": editing.instructions, "internal_deadline": editing.internal_deadline}
        part = parts.get(unit_id)
        terms = part_terms(part)
        initial |= {"part_version": part.terms_version if part else 0, "part_title": terms.title,
                    "part_deadline": terms.deadline,
                    "milestones": "\n".join(f"{year} {percent}" for year, percent in terms.milestones)}
        return AssignmentForm(units=[unit for unit, _role in units], prefix="assign", initial=initial)

    def post(self, request, subject) -> tuple[dict, int]:
        action = request.POST["action"]
        if action == "assign":
            return self._assign(request, subject)
        if action == "part_update":
            return self._part_update(request, subject)
        if action == "part_completion":
            return self._part_completion(request, subject)
        form = AcknowledgementForm(request.POST)
        if not form.is_valid():
            return {"acknowledgement_errors": [_("The form is out of date or incomplete; reload the page.")]}, 400
        # Only the unit's own assignment on this item (acknowledgement is its duty alone; the service says so too).
        assignment = item_assignments(subject).filter(pk=form.cleaned_data["assignment"]).first()
        if assignment is None or not acts_for_unit(request.user, assignment.agency):
            raise PermissionDenied
        if not save_through(form, lambda: assignment_acknowledge(
                assignment=assignment, actor=request.user, expected_version=form.cleaned_data["version"]),
                stale_message=_("The office changed this assignment since you opened the page; read it again, "
                                "then acknowledge.")):
            return {"acknowledgement_errors": form.non_field_errors()}, 400
        messages.success(request, _("Acknowledged: %(unit)s has received this assignment.") % {
            "unit": assignment.agency})
        return {}, 302

    def _saved(self, request, subject, message) -> tuple[dict, int]:
        if self.on_saved is not None:
            after_save(self.on_saved, subject)
        messages.success(request, message)
        return {}, 302

    def _part_update(self, request, subject) -> tuple[dict, int]:
        if not can_update_part(request.user, subject):
            raise PermissionDenied
        form = StatusUpdateForm(request.POST, request.FILES, prefix="part")
        data = form.cleaned_data if form.is_valid() else None
        if data is None or not save_through(form, lambda: part_update_status(
                item=subject, status=data["status"], percent=data["percent"], narrative=data["narrative"],
                problems=data["problems"], next_steps=data["next_steps"], files=data["evidence"],
                actor=request.user, expected_version=data["version"]), stale_message=lambda stale: _(
                "Someone of your unit updated this part since you opened the page (%(who)s); nothing was saved. "
                "Read it again, then update.") % {"who": saved_since_text(stale)}):
            return {"part_form": form}, 400
        completed = data["status"] == ItemStatus.COMPLETED
        return self._saved(request, subject, _("Sent: the provincial office verifies the completion of your part.")
                           if completed else _("Your unit's part is updated."))

    def _part_completion(self, request, subject) -> tuple[dict, int]:
        if not can_verify_completion(request.user, subject):
            raise PermissionDenied
        form = PartDecisionForm(request.POST)
        part = item_parts(subject).filter(pk=form.cleaned_data["part"]).first() if form.is_valid() else None
        if part is None:
            return {"part_decision_errors": [_("The form is out of date or incomplete; reload the page.")]}, 400
        data = form.cleaned_data
        try:
            saved = save_through(form, lambda: completion_decide(
                decision=data["decision"], item=subject, part=part, note=data["note"], actor=request.user,
                expected_version=data["version"]),
                                 stale_message=_("The part changed since you opened the page; read it again, then "
                                                 "decide."))
        except PermissionDenied as denied:  # verifying one's own request: said on the page
            return {"part_decision_errors": [str(denied)]}, 403
        if not saved:
            errors = [str(error) for errors in form.errors.values() for error in errors]
            return {"part_decision_errors": errors}, 400
        return self._saved(request, subject, _("Decision recorded: %(unit)s is told.") % {"unit": part.agency})

    def _assign(self, request, subject) -> tuple[dict, int]:
        if not can_assign(request.user, subject):
            raise PermissionDenied
        units = [unit for unit, _role in responsible_units(subject)]
        form = AssignmentForm(request.POST, units=units, prefix="assign")
        saved = form.is_valid() and save_through(form, lambda: assignment_save(
            item=subject, actor=request.user, agency=form.cleaned_data["agency"],
            contact=form.cleaned_data["contact"], instructions=form.cleaned_data["instructions"],
            internal_deadline=form.cleaned_data["internal_deadline"], part=form.part_terms(),
            expected_version=form.cleaned_data["version"], expected_part_version=form.cleaned_data["part_version"]),
            stale_message=lambda stale: _(
                "Someone changed this assignment since you opened the page (%(who)s); nothing was saved. Reload "
                "the page and assign again.") % {"who": saved_since_text(stale)})
        if not saved:
            return {"assignment_form": form}, 400
        return self._saved(request, subject, _("Assigned to %(unit)s.") % {"unit": form.cleaned_data["agency"]})


class ExtensionPanel(Panel):
    """延期申请 on an item's page: its requests and their decisions, and the lead unit's form to ask."""

    actions = ("request_extension",)

    def context(self, request, subject) -> dict:
        # The lead unit for the item; another responsible unit for its own part (the service says which).
        allowed = can_request_extension(request.user, subject) or can_update_part(request.user, subject)
        return {"extension_requests": [r for r in item_extensions(subject) if sees_unit_row(request.user, r.agency)],
                "extension_form": ExtensionRequestForm(prefix="extension") if allowed else None}

    def post(self, request, subject) -> tuple[dict, int]:
        if not (can_request_extension(request.user, subject) or can_update_part(request.user, subject)):
            raise PermissionDenied
        form = ExtensionRequestForm(request.POST, request.FILES, prefix="extension")
        saved = form.is_valid() and save_through(form, lambda: extension_request(
            item=subject, actor=request.user, requested_deadline=form.cleaned_data["requested_deadline"],
            reason=form.cleaned_data["reason"], files=form.cleaned_data["evidence"]), stale_message="")
        if not saved:
            return {"extension_form": form}, 400
        messages.success(request, _("Sent: the provincial office decides on your request."))
        return {}, 302


@login_required
def extension_list_view(request, on_decided=None):
    """The extension requests a user may see; the provincial office approves or rejects the pending ones here.
    on_decided(item=…) runs after an approval (the item's light from its new deadline)."""
    deciding = can_decide_extension(request.user)
    status, form = 200, None
    if request.method == "POST":
        if not deciding:
            raise PermissionDenied
        form = ExtensionDecisionForm(request.POST)
        pending = extension_list(user=request.user, status=ExtensionStatus.PENDING)
        chosen = pending.filter(pk=form.cleaned_data["request"]).first() if form.is_valid() else None
        if chosen is None:
            if form.is_valid():
                form.add_error(None, _("That request is no longer awaiting a decision; reload the page."))
            status = 400
        elif chosen.requested_by_id == request.user.pk:
            form.add_error(None, _("A request is decided by someone other than the one who made it."))
            status = 403
        else:
            decide = extension_approve if form.cleaned_data["decision"] == "approve" else extension_reject
            if save_through(form, lambda: decide(request=chosen, note=form.cleaned_data["note"],
                                                 actor=request.user), stale_message=_(
                    "The item changed while you decided; reload the page and decide again.")):
                if on_decided is not None and form.cleaned_data["decision"] == "approve":
                    after_save(on_decided, chosen.item)
                messages.success(request, _("Decided: %(unit)s is told.") % {"unit": chosen.agency})
                return redirect("supervision:extensions")
            status = 400
    shown = request.GET.get("status", ExtensionStatus.PENDING if deciding else "")
    shown = shown if shown in ExtensionStatus.values else ""
    page = paginate(request, extension_list(user=request.user, status=shown or None))
    return render(request, "supervision/extension_list.html", {
        "page": page, "deciding": deciding, "shown": shown, "statuses": ExtensionStatus.choices,
        "decision_form": form}, status=status)


@login_required
def assignment_list_view(request):
    """The assignments a user may see, the ones awaiting acknowledgement first (the office's daily 督办 list; a
    unit's own list of what it was given). ?waiting=1 keeps only those not acknowledged yet."""
    assignments = (assignment_list(user=request.user)
                   .order_by(F("acknowledged_at").asc(nulls_first=True), "assigned_at", "pk").prefetch_related("item"))
    waiting = request.GET.get("waiting") == "1"
    if waiting:
        assignments = assignments.filter(acknowledged_at__isnull=True)
    page = paginate(request, assignments)
    today = timezone.localdate()
    rows = [{"assignment": a, "overdue": a.acknowledgement_overdue(today)} for a in page.object_list]
    return render(request, "supervision/assignment_list.html", {"page": page, "rows": rows, "waiting": waiting})
