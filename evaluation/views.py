"""The final evaluation of the plan period (终期评估), and the carry-over of its unfinished items (结转)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from evaluation.final import ItemOutcome, final_evaluation
from evaluation.forms import CarryOverForm, item_key
from evaluation.permissions import can_carry_over, can_read_evaluation
from evaluation.services import items_carry_over


def _final_page(request, *, form=None, status=200):
    evaluation = final_evaluation()
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in ItemOutcome.values else ""
    shown = [result for result in evaluation.items if not outcome or result.outcome == outcome]
    unfinished = [result.item for result in evaluation.items if result.outcome == ItemOutcome.NOT_COMPLETED]
    if form is None and can_carry_over(request.user):
        form = CarryOverForm(unfinished=unfinished)
    chosen = set(form["items"].value() or []) if form is not None else set()
    rows = [(result, item_key(result.item)) for result in shown]
    return render(request, "evaluation/final.html", {
        "evaluation": evaluation, "rows": rows, "outcome": outcome, "outcomes": ItemOutcome.choices,
        "form": form, "chosen": chosen}, status=status)


@login_required
def final_view(request):
    if not can_read_evaluation(request.user):
        raise PermissionDenied
    return _final_page(request)


@login_required
@require_POST
def carry_over_view(request):
    if not can_carry_over(request.user):
        raise PermissionDenied
    unfinished = [result.item for result in final_evaluation(records=False).items
                  if result.outcome == ItemOutcome.NOT_COMPLETED]
    form = CarryOverForm(request.POST, unfinished=unfinished)
    if form.is_valid():
        try:
            revisions = items_carry_over(items=form.chosen_items(), deadline=form.cleaned_data["deadline"],
                                         reason=form.cleaned_data["reason"],
                                         reference=form.cleaned_data["reference"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(n)d items carried over to %(day)s; their original deadlines are kept "
                                        "in the plan changes.") % {"n": len(revisions),
                                                                   "day": form.cleaned_data["deadline"]})
            return redirect("evaluation:final")
    return _final_page(request, form=form, status=400)
