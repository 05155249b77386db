"""JSON for the dashboard's charts: /api/v1/dashboard/{summary,groups,units,map,trend}/.

Leadership, coordinators and auditors see the whole plan; everyone else is scoped to their own agency or
prefecture (and may not ask for another)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view
from rest_framework.response import Response

from agencies.models import Agency
from agencies.permissions import sees_whole_plan
from core.dates import parse_as_of
from dashboard import selectors as dashboard
from dashboard.permissions import can_view_agency_dashboard, default_dashboard_agency
from indicators.models import Indicator
from snapshots.models import RollupScope


def _as_of(request):
    try:
        return parse_as_of(request.GET.get("as_of"))
    except DjangoValidationError as error:
        raise exceptions.ValidationError({"as_of": error.messages}) from error


def dashboard_scope(request, agency_id) -> dashboard.Scope:
    """The scope a request may have: the whole plan by default for those who see it, else the user's agency; as of
    today or of the date asked (?as_of=)."""
    user, as_of = request.user, _as_of(request)
    if agency_id in (None, ""):
        return dashboard.Scope(default_dashboard_agency(user), as_of=as_of)
    try:
        agency = get_object_or_404(Agency, pk=int(agency_id))
    except ValueError as exc:
        raise exceptions.ValidationError({"agency": ["not a number"]}) from exc
    if not can_view_agency_dashboard(user, agency):
        raise exceptions.PermissionDenied
    return dashboard.Scope(agency, as_of=as_of)


AGENCY = OpenApiParameter("agency", int, description="单位或州市ID · an agency or prefecture id (default: whole "
                                                   "plan for leadership, one's own agency otherwise)")
AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description="历史视图日期 · view as of this past date "
                                                                 "(YYYY-MM-DD): that day's snapshot or the last before")
OBJECT = {200: OpenApiTypes.OBJECT}
ARRAY = {200: {"type": "array", "items": {"type": "object"}}}


@extend_schema(parameters=[AGENCY, AS_OF], responses=OBJECT, description="Headline figures")
@api_view(["GET"])
def summary_view(request):
    return Response(dashboard.summary(dashboard_scope(request, request.GET.get("agency"))))


@extend_schema(parameters=[AGENCY, AS_OF], responses=ARRAY, description="Task groups by light")
@api_view(["GET"])
def groups_view(request):
    return Response(dashboard.groups(dashboard_scope(request, request.GET.get("agency"))))


@extend_schema(parameters=[AS_OF], responses=ARRAY, description="Agencies ranked by red and yellow items")
@api_view(["GET"])
def units_view(request):
    if not sees_whole_plan(request.user):
        raise exceptions.PermissionDenied
    return Response(dashboard.units(as_of=_as_of(request)))


@extend_schema(parameters=[OpenApiParameter("measure", str, enum=["reporting_rate", "on_time_rate", "red_share",
                                                                   "indicator"]),
                           OpenApiParameter("indicator", str, description="indicator code, with measure=indicator")],
               responses=ARRAY, description="One figure per prefecture")
@api_view(["GET"])
def map_view(request):
    if not sees_whole_plan(request.user):
        raise exceptions.PermissionDenied
    measure = request.GET.get("measure", "reporting_rate")
    if measure not in dashboard.MEASURES:
        raise exceptions.ValidationError({"measure": [f"one of {', '.join(dashboard.MEASURES)}"]})
    indicator = None
    if measure == "indicator":
        indicator = Indicator.objects.filter(code=request.GET.get("indicator", ""), per_prefecture=True).first()
        if indicator is None:
            raise exceptions.ValidationError({"indicator": ["the code of an indicator reported by prefectures"]})
    return Response(dashboard.prefecture_map(measure=measure, indicator=indicator))


@extend_schema(parameters=[AGENCY, AS_OF], responses=ARRAY, description="Monthly progress and lights")
@api_view(["GET"])
def trend_view(request):
    scope = dashboard_scope(request, request.GET.get("agency"))
    if scope.agency is None:
        return Response(dashboard.trend(as_of=scope.as_of))
    rollup = RollupScope.PREFECTURE if scope.agency.kind == "prefecture" else RollupScope.AGENCY_LEAD
    return Response(dashboard.trend(scope_name=rollup, scope_id=scope.agency.pk, as_of=scope.as_of))
