"""Targets over the API: read by everyone; coordinators set baselines and the 2035 target, and record values."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.models import Agency
from core.api.errors import call_service, error_response
from core.channels import Channel
from core.errors import StaleVersionError
from indicators.api.serializers import IndicatorSerializer
from indicators.filters import IndicatorFilter
from indicators.selectors import allocation_detail, indicator_list
from indicators.services import allocation_save, indicator_set_baseline, indicator_value_add
from snapshots.api import LightsAttached
from snapshots.models import SubjectKind


class BaselineSerializer(serializers.Serializer):
    baseline_value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    baseline_year = serializers.IntegerField(min_value=2000, max_value=2035, allow_null=True)
    baseline_source = serializers.CharField(max_length=300, allow_blank=True)
    target_2035_value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    version = serializers.IntegerField(min_value=1)


class ValueSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    value = serializers.DecimalField(max_digits=14, decimal_places=4, coerce_to_string=False)
    as_of = serializers.DateField()
    source = serializers.CharField(max_length=300)
    rolled_up = serializers.BooleanField(read_only=True)
    provenance = serializers.CharField(read_only=True)
    prefectures = serializers.IntegerField(read_only=True, allow_null=True)


class AllocationSerializer(serializers.Serializer):
    """Read: the allocation with every prefecture (target null when not allocated). Write: shares by prefecture
    code (GB/T 2260), the partial flag and reason, and the version read (0 for a first allocation)."""

    shares = serializers.DictField(child=serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True,
                                                                  coerce_to_string=False))
    is_partial = serializers.BooleanField(default=False)
    partial_reason = serializers.CharField(max_length=2000, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=0)
    total = serializers.DecimalField(max_digits=16, decimal_places=4, coerce_to_string=False, read_only=True,
                                     allow_null=True)
    difference = serializers.DecimalField(max_digits=16, decimal_places=4, coerce_to_string=False, read_only=True,
                                          allow_null=True)

    def validate_shares(self, shares):
        by_code = {p.code: p for p in Agency.objects.prefectures()}
        unknown = sorted(code for code in shares if code not in by_code)
        if unknown:
            raise serializers.ValidationError(_("Unknown prefecture codes: %(codes)s") % {"codes": ", ".join(unknown)})
        return {by_code[code]: value for code, value in shares.items()}


def _allocation_data(indicator, user) -> dict:
    detail = allocation_detail(indicator=indicator, user=user)
    allocation = detail["allocation"]
    return {"shares": {row["prefecture"].code: row["target"] for row in detail["rows"]},
            "is_partial": bool(allocation and allocation.is_partial),
            "partial_reason": allocation.partial_reason if allocation and detail["whole"] else "",
            "version": allocation.version if allocation else 0,
            "total": detail["total"], "difference": detail["difference"]}


class IndicatorViewSet(LightsAttached, viewsets.ReadOnlyModelViewSet):
    light_kind = SubjectKind.INDICATOR
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    lookup_field = "code"
    http_method_names = ["get", "patch", "post", "put", "head", "options"]

    def get_queryset(self):
        return indicator_list()

    @extend_schema(request=BaselineSerializer)
    def partial_update(self, request, *args, **kwargs):
        indicator = self.get_object()
        data = BaselineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            call_service(indicator_set_baseline, indicator=indicator, actor=request.user,
                  expected_version=values.pop("version"), **values)
        except StaleVersionError:
            return error_response("stale_version", _("Someone else changed this target; read it again."),
                                  status.HTTP_409_CONFLICT)
        return self.retrieve(request, *args, **kwargs)

    @extend_schema(methods=["GET"], responses=AllocationSerializer)
    @extend_schema(methods=["PUT"], request=AllocationSerializer, responses=AllocationSerializer)
    @action(detail=True, methods=["get", "put"], pagination_class=None)
    def allocation(self, request, *args, **kwargs):
        indicator = self.get_object()
        if request.method == "PUT":
            data = AllocationSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = data.validated_data
            try:
                call_service(allocation_save, indicator=indicator, shares=values["shares"],
                             is_partial=values["is_partial"], partial_reason=values["partial_reason"],
                             actor=request.user, expected_version=values["version"], channel=Channel.API)
            except StaleVersionError:
                return error_response("stale_version", _("Someone else changed this allocation; read it again."),
                                      status.HTTP_409_CONFLICT)
        return Response(AllocationSerializer(_allocation_data(indicator, request.user)).data)

    @extend_schema(methods=["GET"], responses=ValueSerializer(many=True))
    @extend_schema(methods=["POST"], request=ValueSerializer, responses={201: ValueSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def values(self, request, *args, **kwargs):
        indicator = self.get_object()
        if request.method == "GET":
            return Response(ValueSerializer(indicator.values.all(), many=True).data)
        data = ValueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        value = call_service(indicator_value_add, indicator=indicator, actor=request.user, **data.validated_data)
        return Response(ValueSerializer(value).data, status=status.HTTP_201_CREATED)
