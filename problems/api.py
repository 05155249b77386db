"""The problem list over the API: what a user may read (?state=open|…, ?agency=), the office raises one on an item,
a problem moves on by id."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.models import Agency, AgencyKind
from core.api.errors import call_service, error_response
from core.errors import StaleVersionError
from core.numbers import parse_int
from problems.forms import item_of_choice
from problems.models import Problem, ProblemState
from problems.permissions import can_assign_problem, can_raise_problem
from problems.selectors import problem_detail, problem_list
from problems.services import problem_raise, problem_update
from tasks.api.serializers import AboutPlanItemSerializer

UNITS = Agency.objects.exclude(kind=AgencyKind.COLLECTIVE)


class ProblemSerializer(AboutPlanItemSerializer):
    id = serializers.IntegerField()
    agency = serializers.CharField(source="agency.name")
    text = serializers.CharField()
    state = serializers.CharField()
    state_note = serializers.CharField()
    owner = serializers.CharField(source="owner.name", allow_null=True, default=None)
    helpers = serializers.SerializerMethodField()
    raised_at = serializers.DateTimeField()
    version = serializers.IntegerField()

    def get_helpers(self, obj) -> list[str]:
        return [unit.name for unit in obj.helpers.all()]


class ProblemRaiseSerializer(serializers.Serializer):
    item = serializers.CharField(help_text="the item as kind:id, e.g. task:12, key_project:3, safeguard:2")
    agency = serializers.PrimaryKeyRelatedField(queryset=UNITS)
    text = serializers.CharField(max_length=4000)

    def validate_item(self, value):
        item = item_of_choice(value)
        if item is None:
            raise serializers.ValidationError(_("Choose an item of the plan."))
        return item


class ProblemUpdateSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=ProblemState.choices)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField()
    owner = serializers.PrimaryKeyRelatedField(queryset=UNITS, required=False, allow_null=True, default=None)
    helpers = serializers.PrimaryKeyRelatedField(queryset=UNITS, many=True, required=False, default=None)


class ProblemViewSet(viewsets.ReadOnlyModelViewSet):
    """Problems (问题清单) the user may read."""

    serializer_class = ProblemSerializer
    queryset = Problem.objects.none()  # for the schema; each user reads what problem_list gives
    lookup_value_regex = r"[0-9]+"

    @extend_schema(parameters=[
        OpenApiParameter("state", str, enum=["open", *ProblemState.values], description="only problems in this state"),
        OpenApiParameter("agency", int, description="only the problems of this unit")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        state = self.request.query_params.get("state")
        return problem_list(user=self.request.user,
                            state=state if state in {"open", *ProblemState.values} else None,
                            agency_id=parse_int(self.request.query_params.get("agency", "")))

    def get_object(self):
        try:
            return problem_detail(user=self.request.user, pk=int(self.kwargs["pk"]))
        except Problem.DoesNotExist as exc:
            raise exceptions.NotFound from exc

    @extend_schema(request=ProblemRaiseSerializer, responses={201: ProblemSerializer})
    def create(self, request, *args, **kwargs):
        if not can_raise_problem(request.user):
            raise exceptions.PermissionDenied(_("Only the provincial office raises a problem here; units raise theirs "
                                                "in their progress entries and reports."))
        data = ProblemRaiseSerializer(data=request.data)
        if not data.is_valid():
            raise exceptions.ValidationError(data.errors)
        problem = call_service(problem_raise, actor=request.user, **data.validated_data)
        return Response(ProblemSerializer(problem_detail(user=request.user, pk=problem.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=ProblemUpdateSerializer, responses={200: ProblemSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the problem to a state (with the note; 不予处理 needs it); the office also names the coordinating
        unit (`owner`) and the units asked to help (`helpers`)."""
        problem = self.get_object()
        data = ProblemUpdateSerializer(data=request.data)
        if not data.is_valid():
            raise exceptions.ValidationError(data.errors)
        values = dict(data.validated_data)
        if not can_assign_problem(request.user):  # a coordinating unit moves the state only
            values.pop("owner"), values.pop("helpers")
        try:
            call_service(problem_update, problem=problem, actor=request.user,
                         expected_version=values.pop("version"), **values)
        except StaleVersionError as stale:
            return error_response("stale_version", _("The problem changed since you read it; read it again."),
                                  status.HTTP_409_CONFLICT, current_version=stale.item.version)
        return Response(ProblemSerializer(problem_detail(user=request.user, pk=problem.pk)).data)
