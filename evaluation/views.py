"""The final evaluation of the plan period (终期评估), the carry-over of its unfinished items (结转), and the
annual scores (考核评分): the ranking, the year's scheme, adjustments, closing the year."""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import Agency
from core.errors import StaleVersionError
from core.forms import add_service_errors, errors_as_messages, save_through
from core.numbers import parse_int
from evaluation.final import ItemOutcome, final_evaluation
from evaluation.forms import AdjustmentForm, CarryOverForm, SchemeForm, item_key
from evaluation.models import ScoringScheme
from evaluation.permissions import (
    can_carry_over,
    can_manage_scoring,
    can_open_scores,
    can_read_evaluation,
    can_read_score_of,
)
from evaluation.scoring import DEFAULT_CRITERIA, DEPARTMENT, PREFECTURE, UNIT_KINDS, year_scores
from evaluation.services import items_carry_over, scheme_close, scheme_save, score_adjust


def _final_page(request, *, form=None, status=200):
    evaluation = final_evaluation()
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in ItemOutcome.values else ""
    shown = [result for result in evaluation.items if not outcome or result.outcome == outcome]
    unfinished = evaluation.unfinished
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
    form = CarryOverForm(request.POST, unfinished=final_evaluation(records=False).unfinished)
    if form.is_valid():
        try:
            revisions = items_carry_over(items=form.chosen_items(), deadline=form.cleaned_data["deadline"],
                                         reason=form.cleaned_data["reason"],
                                         reference=form.cleaned_data["reference"], actor=request.user)
        except StaleVersionError:
            form.add_error(None, _("An item changed meanwhile; nothing was carried over. Reload the page and try "
                                   "again."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(n)d items carried over to %(day)s; their original deadlines are kept "
                                        "in the plan changes.") % {"n": len(revisions),
                                                                   "day": form.cleaned_data["deadline"]})
            return redirect("evaluation:final")
    return _final_page(request, form=form, status=400)


def _year(request, year=None) -> tuple[int, str]:
    """The year asked for (in the address or ?year=), or the latest with a scheme, or last year; and an error
    message for a year that is not one."""
    default = ScoringScheme.objects.values_list("year", flat=True).first() or timezone.localdate().year - 1
    text = year if year is not None else request.GET.get("year")
    if text in (None, ""):
        return default, ""
    number = parse_int(text)
    if number is None or not 2021 <= number <= 2035:
        return default, _("Choose a year from 2021 to 2035.")
    return number, ""


def _scores_page(request, year: int, *, error="", scheme_form=None, adjustment_form=None, status=200):
    scheme = ScoringScheme.objects.filter(year=year).first()
    scores = year_scores(scheme) if scheme else []
    visible = [s for s in scores if can_read_score_of(request.user, s.agency)]
    manage = can_manage_scoring(request.user) and not (scheme and scheme.is_closed)
    if manage and scheme_form is None:
        scheme_form = SchemeForm(initial={"version": scheme.version if scheme else 0},
                                 criteria=scheme.criteria if scheme else DEFAULT_CRITERIA)
    if manage and scheme and adjustment_form is None:
        adjustment_form = AdjustmentForm(scores=scores)
    for form in (scheme_form, adjustment_form):
        if form is not None and not manage:  # the form is no longer offered (the year closed)
            errors_as_messages(request, form)
    years = sorted(set(ScoringScheme.objects.values_list("year", flat=True)) | {year}, reverse=True)
    return render(request, "evaluation/scores.html", {
        "year": year, "years": years, "error": error, "scheme": scheme,
        "departments": [s for s in visible if s.kind == DEPARTMENT],
        "prefectures": [s for s in visible if s.kind == PREFECTURE],
        "unit_kinds": UNIT_KINDS, "manage": manage,
        "can_close": scheme is not None and timezone.localdate() > date(year, 12, 31),
        "scheme_form": scheme_form if manage else None,
        "adjustment_form": adjustment_form if manage else None}, status=400 if error else status)


@login_required
def scores_view(request):
    if not can_open_scores(request.user):
        raise PermissionDenied
    year, error = _year(request)
    return _scores_page(request, year, error=error)


def scoring_action(view):
    """A POST of the office's scoring work (the scheme, an adjustment, closing the year)."""
    @login_required
    @require_POST
    @wraps(view)
    def checked(request, year):
        if not can_manage_scoring(request.user):
            raise PermissionDenied
        return view(request, year)
    return checked


@scoring_action
def scheme_save_view(request, year):
    year, error = _year(request, str(year))
    form = SchemeForm(request.POST)
    if not error and form.is_valid() and save_through(
            form, lambda: scheme_save(year=year, criteria=form.criteria(), actor=request.user,
                                      expected_version=form.cleaned_data["version"]),
            stale_message=_("Someone else changed the scheme meanwhile: reload the page.")):
        messages.success(request, _("The %(year)d scoring scheme is saved.") % {"year": year})
        return redirect(f"{reverse('evaluation:scores')}?year={year}")
    return _scores_page(request, year, error=error, scheme_form=form, status=400)


@scoring_action
def adjust_view(request, year):
    scheme = get_object_or_404(ScoringScheme, year=year)
    form = AdjustmentForm(request.POST, scores=year_scores(scheme))
    if form.is_valid():
        agency = Agency.objects.get(pk=form.cleaned_data["agency"])
        if save_through(form, lambda: score_adjust(scheme=scheme, agency=agency, points=form.cleaned_data["points"],
                                                   reason=form.cleaned_data["reason"], actor=request.user),
                        stale_message=""):
            messages.success(request, _("The score of %(unit)s is adjusted; the computed score is kept beside it.")
                             % {"unit": agency})
            return redirect(f"{reverse('evaluation:scores')}?year={year}")
    return _scores_page(request, year, adjustment_form=form, status=400)


@scoring_action
def close_view(request, year):
    scheme = get_object_or_404(ScoringScheme, year=year)
    try:
        scheme_close(scheme=scheme, actor=request.user, expected_version=parse_int(request.POST.get("version")) or 0)
    except StaleVersionError:
        messages.error(request, _("Someone else changed the scheme meanwhile: reload the page."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The %(year)d scores are final (定稿).") % {"year": year})
    return redirect(f"{reverse('evaluation:scores')}?year={year}")
