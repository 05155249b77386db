"""Pages of plan revisions: the revision forms on a task, key project or target page, and the plan changes list."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import save_through
from core.pages import Panel
from core.paging import paginate
from core.xlsx import xlsx_response
from revisions.excel import revisions_workbook
from revisions.filters import RevisionFilter
from revisions.forms import DeadlineRevisionForm, ScopeForm, TargetRevisionForm
from revisions.permissions import can_revise_plan
from revisions.selectors import revision_list
from revisions.services import indicator_revise_target, item_revise_deadline, item_set_scope

# action → (form, service, the service's name for the subject)
ACTIONS = {
    "revise_deadline": (DeadlineRevisionForm, item_revise_deadline, "item"),
    "revise_scope": (ScopeForm, item_set_scope, "item"),
    "revise_target": (TargetRevisionForm, indicator_revise_target, "indicator"),
}


def revision_forms(subject, actions, bound=None) -> dict:
    """The revision forms a page shows a coordinator, each at the subject's current version; `bound` replaces
    the one just posted (with its errors)."""
    forms = {}
    for action in actions:
        form_class = ACTIONS[action][0]
        initial = {"version": subject.version}
        if action == "revise_target":
            initial |= {"target_value": subject.target_value, "target_year": subject.target_year}
        elif action == "revise_scope":
            initial |= {"scope": subject.scope}
        forms[action] = form_class(initial=initial, subject=subject, prefix=action)
    if bound is not None:
        forms[bound[0]] = bound[1]
    return forms


def revision_post(request, subject):
    """Apply one revision form; returns (action, bound form or None, HTTP status: 302 when saved)."""
    if not can_revise_plan(request.user):
        raise PermissionDenied
    action = request.POST.get("action")
    form_class, service, name = ACTIONS[action]
    form = form_class(request.POST, subject=subject, prefix=action)
    if not form.is_valid():
        return action, form, 400
    data = dict(form.cleaned_data)
    saved = save_through(
        form, lambda: service(**{name: subject}, actor=request.user, expected_version=data.pop("version"), **data),
        stale_message=_("Someone else changed this item meanwhile; reload the page and try again."))
    if not saved:
        return action, form, 400
    messages.success(request, _("Plan revised. Lights use the revised value from today on."))
    return action, None, 302


class RevisionPanel(Panel):
    """The revision forms on a task's, key project's or target's page (coordinators only)."""

    def __init__(self, *actions: str):
        self.actions = actions

    def context(self, request, subject) -> dict:
        forms = revision_forms(subject, self.actions) if can_revise_plan(request.user) else None
        return {"revision_forms": forms, "revision_open": False}

    def post(self, request, subject) -> tuple[dict, int]:
        action, form, status = revision_post(request, subject)
        if status == 302:
            return {}, 302
        return {"revision_forms": revision_forms(subject, self.actions, (action, form)), "revision_open": True}, status


@login_required
def plan_changes_view(request):
    filterset = RevisionFilter(request.GET, queryset=revision_list(user=request.user))
    if request.GET.get("format") == "xlsx":
        buffer = BytesIO()  # a few hundred rows at most: built in memory, no job needed
        revisions_workbook(revisions=filterset.qs, target=buffer)
        return xlsx_response(buffer.getvalue(), f"规划调整-{timezone.localdate():%Y%m%d}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "revisions/plan_changes.html", {
        "filter": filterset, "page": paginate(request, filterset.qs), "query": query.urlencode()})
