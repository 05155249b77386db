"""Pages of key projects and safeguard measures; each one's page is the shared item page (tasks.views)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from projects.models import KeyProject, Safeguard
from projects.selectors import key_project_detail, key_project_filterset, safeguard_detail, safeguard_list
from snapshots.models import SubjectKind
from snapshots.selectors import attach_lights
from tasks.views import item_page


@login_required
def key_project_list_view(request, decorate_rows=None):
    filterset = key_project_filterset(filters=request.GET, request=request)
    as_of = filterset.lights_as_of
    key_projects = attach_lights(items=filterset.qs, kind=SubjectKind.KEY_PROJECT, user=request.user, as_of=as_of)
    safeguards = attach_lights(items=safeguard_list(user=request.user), kind=SubjectKind.SAFEGUARD, user=request.user,
                               as_of=as_of)
    if decorate_rows is not None:  # e.g. each row's units' parts by light (supervision)
        key_projects, safeguards = decorate_rows(key_projects, user=request.user), decorate_rows(
            safeguards, user=request.user)
    return render(request, "projects/key_project_list.html", {
        "filter": filterset, "key_projects": key_projects, "safeguards": safeguards, "as_of": as_of})


@login_required
def key_project_detail_view(request, number, panels=()):
    try:
        project = key_project_detail(number=number, user=request.user)
    except KeyProject.DoesNotExist as exc:
        raise Http404 from exc
    return item_page(request, item=project, template="projects/key_project_detail.html",
                     light_kind=SubjectKind.KEY_PROJECT, panels=panels)


@login_required
def safeguard_detail_view(request, number, panels=()):
    try:
        safeguard = safeguard_detail(number=number, user=request.user)
    except Safeguard.DoesNotExist as exc:
        raise Http404 from exc
    return item_page(request, item=safeguard, template="projects/safeguard_detail.html",
                     light_kind=SubjectKind.SAFEGUARD, panels=panels)
