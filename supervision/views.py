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

from agencies.models import AgencyKind
from agencies.permissions import can_view_history
from core.forms import save_through, saved_since_text
from core.numbers import parse_int
from core.pages import Panel
from core.paging import paginate
from reporting.views import after_save
from supervision.forms import AcknowledgementForm, AssignmentForm, ExtensionDecisionForm, ExtensionRequestForm
from supervision.models import ExtensionStatus
from supervision.permissions import acts_for_unit, can_assign, can_decide_extension, can_request_extension
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
from tasks.permissions import sees_every_item


class AssignmentPanel(Panel):
    actions = ("assign", "acknowledge")

    def context(self, request, subject) -> dict:
        user = request.user
        units = responsible_units(subject)
        assigned = {a.agency_id: a for a in item_assignments(subject)}
        today = timezone.localdate()
        rows = []
        for unit, role in units:
            # A prefecture sees its own row and the provincial units', never another prefecture's.
            if not sees_every_item(user) and unit.kind == AgencyKind.PREFECTURE and unit.pk != user.agency_id:
                continue
            assignment = assigned.get(unit.pk)
            rows.append({"unit": unit, "role": role, "assignment": assignment,
                         "overdue": assignment is not None and assignment.acknowledgement_overdue(today),
                         "may_acknowledge": assignment is not None and assignment.acknowledged_at is None
                         and acts_for_unit(user, unit)})
        allowed = can_assign(user, subject)
        return {"assignment_rows": rows, "can_assign": allowed,
                "supervision_trail": supervision_trail(subject) if can_view_history(user) else None,
                "assignment_form": self._form(request, units, assigned) if allowed else None}

    @staticmethod
    def _form(request, units, assigned) -> AssignmentForm | None:
        """The form to assign the unit a row's link names (?edit=<unit id>), filled with its assignment if it has
        one; none otherwise, so the page does not load every unit's users for a form nobody opened."""
        unit_id = parse_int(request.GET.get("edit", ""))
        if unit_id not in {unit.pk for unit, _role in units}:
            return None
        editing = assigned.get(unit_id)
        initial = {"agency": unit_id}
        if editing is not None:
            initial |= {"contact": editing.contact_id, "version": editing.version,
                        "instructions": editing.instructions, "internal_deadline": editing.internal_deadline}
        return AssignmentForm(units=[unit for unit, _role in units], prefix="assign", initial=initial)

    def post(self, request, subject) -> tuple[dict, int]:
        if request.POST["action"] == "assign":
            return self._assign(request, subject)
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

    def _assign(self, request, subject) -> tuple[dict, int]:
        if not can_assign(request.user, subject):
            raise PermissionDenied
        units = [unit for unit, _role in responsible_units(subject)]
        form = AssignmentForm(request.POST, units=units, prefix="assign")
        saved = form.is_valid() and save_through(form, lambda: assignment_save(
            item=subject, actor=request.user, agency=form.cleaned_data["agency"],
            contact=form.cleaned_data["contact"], instructions=form.cleaned_data["instructions"],
            internal_deadline=form.cleaned_data["internal_deadline"],
            expected_version=form.cleaned_data["version"]), stale_message=lambda stale: _(
                "Someone changed this assignment since you opened the page (%(who)s); nothing was saved. Reload "
                "the page and assign again.") % {"who": saved_since_text(stale)})
        if not saved:
            return {"assignment_form": form}, 400
        messages.success(request, _("Assigned to %(unit)s.") % {"unit": form.cleaned_data["agency"]})
        return {}, 302


class ExtensionPanel(Panel):
    """延期申请 on an item's page: its requests and their decisions, and the lead unit's form to ask."""

    actions = ("request_extension",)

    def context(self, request, subject) -> dict:
        allowed = can_request_extension(request.user, subject) and subject.deadline is not None
        return {"extension_requests": list(item_extensions(subject)),
                "extension_form": ExtensionRequestForm(prefix="extension") if allowed else None}

    def post(self, request, subject) -> tuple[dict, int]:
        if not can_request_extension(request.user, subject):
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
