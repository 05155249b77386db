"""Pages of the problem list: the list (filtered by unit, item and state; the office raises one there) and one
problem, where it moves on."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency, AgencyKind
from core.forms import save_through, saved_since_text
from core.numbers import parse_int
from core.paging import paginate
from problems.forms import ProblemAssignForm, ProblemRaiseForm, ProblemUpdateForm, item_choices, item_of_choice
from problems.models import Problem, ProblemState
from problems.permissions import can_assign_problem, can_move_problem, can_raise_problem
from problems.selectors import problem_detail, problem_list
from problems.services import problem_raise, problem_update

STALE = gettext_lazy("Someone changed this problem since you opened it (%(saves)s); reload the page.")


@login_required
def problem_list_view(request):
    state = request.GET.get("state", "open")
    state = state if state in {"open", "", *ProblemState.values} else "open"
    agency_id = parse_int(request.GET.get("agency"))
    item = item_of_choice(request.GET.get("item", ""))
    raising = can_raise_problem(request.user)
    form, status = None, 200
    if request.method == "POST":
        if not raising:
            raise PermissionDenied
        form = ProblemRaiseForm(request.POST)
        if form.is_valid() and save_through(form, lambda: problem_raise(
                item=form.cleaned_data["item"], agency=form.cleaned_data["agency"], text=form.cleaned_data["text"],
                actor=request.user), stale_message=""):
            messages.success(request, _("Problem raised."))
            return redirect("problems:list")
        status = 400
    problems = problem_list(user=request.user, state=state or None, agency_id=agency_id,
                            item_type_id=ContentType.objects.get_for_model(item).pk if item else None,
                            item_id=item.pk if item else None)
    return render(request, "problems/problem_list.html", {
        "page": paginate(request, problems), "state": state, "agency_id": agency_id,
        "item_value": request.GET.get("item", "") if item else "",
        "states": [("open", _("Not closed")), *ProblemState.choices, ("", _("All"))],
        "provincial": Agency.objects.exclude(kind__in=[AgencyKind.COLLECTIVE, AgencyKind.PREFECTURE]),
        "prefectures": Agency.objects.prefectures(),
        "items": item_choices(), "raise_form": (form or ProblemRaiseForm()) if raising else None},
        status=status)


@login_required
def problem_detail_view(request, pk):
    try:
        problem = problem_detail(user=request.user, pk=pk)
    except Problem.DoesNotExist as exc:
        raise Http404 from exc
    assigning, moving = can_assign_problem(request.user), can_move_problem(request.user, problem)
    form_class = ProblemAssignForm if assigning else ProblemUpdateForm
    status = 200
    if request.method == "POST":
        if not moving:
            raise PermissionDenied
        form = form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            extra = {"owner": data["owner"], "helpers": list(data["helpers"])} if assigning else {}
            if save_through(form, lambda: problem_update(
                    problem=problem, actor=request.user, expected_version=data["version"], state=data["state"],
                    note=data["note"], **extra), stale_message=lambda stale: STALE % {
                        "saves": saved_since_text(stale)}):
                messages.success(request, _("Saved."))
                return redirect("problems:detail", pk=problem.pk)
        status = 400
    else:
        form = form_class(initial={"state": problem.state, "note": problem.state_note, "version": problem.version,
                                   "owner": problem.owner_id, "helpers": [unit.pk for unit in problem.helpers.all()]})
    return render(request, "problems/problem_detail.html", {
        "problem": problem, "form": form if moving else None}, status=status)
