from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agencies.permissions import is_coordinator
from indicators.forms import BaselineForm, IndicatorValueForm
from indicators.models import Indicator
from indicators.selectors import indicator_detail, indicator_filterset
from indicators.services import indicator_set_baseline, indicator_value_add
from portal.models import SubjectKind
from portal.selectors import attach_lights
from tasks.forms import add_service_errors
from tasks.revisions.views import revision_forms, revision_post
from tasks.services import StaleVersionError


@login_required
def indicator_list_view(request):
    filterset = indicator_filterset(request.GET)
    indicators = attach_lights(filterset.qs, SubjectKind.INDICATOR)
    return render(request, "indicators/indicator_list.html", {"filter": filterset, "indicators": indicators})


@login_required
def indicator_detail_view(request, code):
    try:
        detail = indicator_detail(code=code, user=request.user)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc
    indicator = detail["indicator"]
    baseline_form = BaselineForm(initial={
        "baseline_value": indicator.baseline_value, "baseline_year": indicator.baseline_year,
        "baseline_source": indicator.baseline_source, "target_2035_value": indicator.target_2035_value,
        "version": indicator.version})
    value_form = IndicatorValueForm()
    status = 200
    revision = None
    if request.method == "POST" and request.POST.get("action") == "revise_target":
        *revision, status = revision_post(request, indicator)
        if status == 302:
            return redirect(request.path)
    elif request.method == "POST":
        if not is_coordinator(request.user):
            raise PermissionDenied
        action = request.POST.get("action")
        form = BaselineForm(request.POST) if action == "baseline" else IndicatorValueForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "baseline":
                    indicator_set_baseline(indicator=indicator, actor=request.user,
                                           expected_version=data.pop("version"), **data)
                else:
                    indicator_value_add(indicator=indicator, actor=request.user, **data)
            except StaleVersionError:
                form.add_error(None, _("Someone else changed this target meanwhile; reload the page and try again."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved. Lights are recomputed within a minute."))
                return redirect(request.path)
        status = 400
        if action == "baseline":
            baseline_form = form
        else:
            value_form = form
    return render(request, "indicators/indicator_detail.html", {
        **detail, "baseline_form": baseline_form, "value_form": value_form,
        "can_edit": is_coordinator(request.user),
        "revision_forms": revision_forms(indicator, ["revise_target"], revision if revision else None)
        if is_coordinator(request.user) else None, "revision_open": bool(revision)}, status=status)
