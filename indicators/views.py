from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from agencies.permissions import can_view_history
from core.channels import Channel
from core.forms import save_through, saved_since_text
from core.pages import panels_context, panels_post
from core.xlsx import xlsx_response
from indicators.excel import allocation_upload_parse, allocation_workbook
from indicators.forms import AllocationForm, AllocationUploadForm, BaselineForm, IndicatorValueForm
from indicators.models import Indicator
from indicators.permissions import can_allocate, can_edit_target
from indicators.selectors import allocation_detail, allocation_trail, indicator_detail, indicator_filterset
from indicators.services import allocation_save, allocation_upload_save, indicator_set_baseline, indicator_value_add
from snapshots.models import SubjectKind
from snapshots.selectors import attach_lights


@login_required
def indicator_list_view(request):
    filterset = indicator_filterset(request.GET)
    indicators = attach_lights(items=filterset.qs, kind=SubjectKind.INDICATOR)
    return render(request, "indicators/indicator_list.html", {"filter": filterset, "indicators": indicators})


@login_required
def indicator_detail_view(request, code, panels=()):
    """A target's page: values, baseline and pace; reporting/ adds the prefectures' values and revisions/ the
    revision form as panels (core.pages), handed in by yunnan_emergency/urls.py."""
    try:
        detail = indicator_detail(code=code)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc
    indicator = detail["indicator"]
    baseline_form = BaselineForm(initial={
        "baseline_value": indicator.baseline_value, "baseline_year": indicator.baseline_year,
        "baseline_source": indicator.baseline_source, "target_2035_value": indicator.target_2035_value,
        "version": indicator.version})
    value_form = IndicatorValueForm()
    status, posted = 200, {}
    action = request.POST.get("action")
    if request.method == "POST" and any(action in panel.actions for panel in panels):
        posted, status = panels_post(request, indicator, panels)
        if status == 302:
            return redirect(request.path)
    elif request.method == "POST":
        if not can_edit_target(request.user):
            raise PermissionDenied
        form = BaselineForm(request.POST) if action == "baseline" else IndicatorValueForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def save():
                if action == "baseline":
                    indicator_set_baseline(indicator=indicator, actor=request.user,
                                           expected_version=data.pop("version"), **data)
                else:
                    indicator_value_add(indicator=indicator, actor=request.user, **data)

            if save_through(form, save, stale_message=_(
                    "Someone else changed this target meanwhile; reload the page and try again.")):
                messages.success(request, _("Saved. Lights are recomputed within a minute."))
                return redirect(request.path)
        status = 400
        if action == "baseline":
            baseline_form = form
        else:
            value_form = form
    return render(request, "indicators/indicator_detail.html", {
        **detail, "baseline_form": baseline_form, "value_form": value_form,
        "can_edit": can_edit_target(request.user),
        "can_allocate": can_allocate(request.user, indicator),
        # who changed each prefecture's share, when and how: for those who read histories
        "allocation_trail": allocation_trail(indicator=indicator)
        if indicator.allocatable and can_view_history(request.user) else None,
        **panels_context(request, indicator, panels, posted)}, status=status)


@login_required
def allocation_view(request, code):
    """Allocate a provincial target to prefectures: type the shares (the difference shows live) or upload the
    filled template. Coordinators only; nothing is saved unless the whole allocation passes."""
    if not can_allocate(request.user):
        raise PermissionDenied
    indicator = get_object_or_404(Indicator, code=code)
    detail = allocation_detail(indicator=indicator, user=request.user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(allocation_workbook(detail), f"{indicator.code}-目标分配.xlsx")
    prefectures = [row["prefecture"] for row in detail["rows"]]
    version = detail["allocation"].version if detail["allocation"] else 0
    form = AllocationForm(prefectures=prefectures, initial={
        "version": version, "is_partial": bool(detail["allocation"] and detail["allocation"].is_partial),
        "partial_reason": detail["allocation"].partial_reason if detail["allocation"] else "",
        **{f"share-{row['prefecture'].pk}": row["target"] for row in detail["rows"]}})
    upload_form, status = AllocationUploadForm(initial={"version": version}), 200
    if request.method == "POST":
        upload = request.POST.get("action") == "upload"
        bound = AllocationUploadForm(request.POST, request.FILES) if upload else \
            AllocationForm(request.POST, prefectures=prefectures)
        if bound.is_valid():
            data = bound.cleaned_data

            def save():
                # Onto the page's version (its partial flag and reason come from the page); an upload also only if
                # nobody else changed the allocation since its template was made.
                values = {"indicator": indicator, "is_partial": data["is_partial"], "actor": request.user,
                          "partial_reason": data["partial_reason"], "expected_version": data["version"]}
                if upload:
                    shares, stamp = allocation_upload_parse(indicator, data["workbook"])
                    allocation_upload_save(shares=shares, stamp=stamp, **values)
                else:
                    allocation_save(shares=bound.shares(), channel=Channel.PAGE, **values)

            if save_through(bound, save, stale_message=_stale_allocation):
                messages.success(request, _("Allocation saved."))
                return redirect(request.path)
        status = 400
        if upload:
            upload_form = bound
        else:
            form = bound
    return render(request, "indicators/allocation.html", {
        **detail, "form": form, "upload_form": upload_form, "trail": allocation_trail(indicator=indicator),
        "live": {"target": float(indicator.target_value), "count": indicator.kind == "count",
                 "unit": indicator.unit}}, status=status)


def _stale_allocation(stale) -> str:
    return _("Not saved: the allocation was saved again after the version you worked on (version %(mine)d), by "
             "%(saves)s. Reload the page (or download the template again) and enter your changes there.") % {
        "mine": stale.expected_version, "saves": saved_since_text(stale)}
