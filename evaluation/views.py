"""The final evaluation of the plan period (终期评估), and the carry-over of its unfinished items (结转)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from evaluation.final import ItemOutcome, final_evaluation
from evaluation.permissions import can_carry_over, can_read_evaluation


@login_required
def final_view(request):
    if not can_read_evaluation(request.user):
        raise PermissionDenied
    evaluation = final_evaluation()
    outcome = request.GET.get("outcome", "")
    shown = [result for result in evaluation.items if result.outcome == outcome] if outcome in ItemOutcome.values \
        else evaluation.items
    return render(request, "evaluation/final.html", {
        "evaluation": evaluation, "items": shown, "outcome": outcome if outcome in ItemOutcome.values else "",
        "outcomes": ItemOutcome.choices, "can_carry_over": can_carry_over(request.user)})
