"""Reports over the API, scoped like the pages: a reporter sees and changes only its prefecture's reports."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api.errors import call_service, error_response, validation_to_api
from tasks.models import PeriodKind, PrefectureReport, ReportingPeriod
from tasks.reporting.api.serializers import (
    ReportDetailSerializer,
    ReportSaveSerializer,
    ReportSerializer,
    ReturnSerializer,
)
from tasks.reporting.excel import report_upload_parse, report_workbook
from tasks.reporting.selectors import period_list, report_detail, report_list
from tasks.reporting.services import (
    ItemInput,
    LineInput,
    ReportStaleError,
    period_open,
    report_accept,
    report_return,
    report_save,
    report_submit,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadSerializer(serializers.Serializer):
    workbook = serializers.FileField()


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = PrefectureReport.objects.none()  # for the schema; get_queryset scopes every request
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        return report_list(user=self.request.user)

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action != "list" else ReportSerializer

    def get_object(self):
        try:
            report = report_detail(user=self.request.user, pk=int(self.kwargs["pk"]))
        except (PrefectureReport.DoesNotExist, ValueError) as exc:
            raise exceptions.NotFound from exc
        return report

    @extend_schema(request=ReportSaveSerializer, responses=ReportDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        data = ReportSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        items = {i.pop("id"): ItemInput(**i) for i in values["items"]}
        lines = {line.pop("id"): LineInput(**line) for line in values["indicator_lines"]}
        try:
            call_service(report_save, report=report, items=items, lines=lines, actor=request.user,
                  expected_version=values["version"])
        except ReportStaleError as stale:
            return error_response("stale_version", _("Someone else saved this report meanwhile; read it again."),
                                  status.HTTP_409_CONFLICT, current_version=stale.report.version)
        return Response(ReportDetailSerializer(self.get_object()).data)

    @extend_schema(methods=["GET"], responses={(200, XLSX): OpenApiTypes.BINARY})
    @extend_schema(methods=["POST"], request={"multipart/form-data": UploadSerializer},
                   responses=ReportDetailSerializer)
    @action(detail=True, methods=["get", "post"], parser_classes=[parsers.MultiPartParser])
    def excel(self, request, pk=None):
        """GET the pre-filled template; POST the filled workbook (same checks as the page: all or nothing)."""
        report = self.get_object()
        if request.method == "GET":
            response = HttpResponse(report_workbook(report), content_type=XLSX)
            response["Content-Disposition"] = f"attachment; filename=report-{report.pk}.xlsx"
            return response
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            items, lines = report_upload_parse(report, data.validated_data["workbook"])
        except ValidationError as error:
            raise validation_to_api(error, field="workbook") from error
        try:
            call_service(report_save, report=report, items=items, lines=lines, actor=request.user,
                  expected_version=report.version)
        except ReportStaleError as stale:
            return error_response("stale_version", _("Someone else saved this report meanwhile; read it again."),
                                  status.HTTP_409_CONFLICT, current_version=stale.report.version)
        return Response(ReportDetailSerializer(self.get_object()).data)

    @extend_schema(request=None, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        call_service(report_submit, report=self.get_object(), actor=request.user)
        return Response(ReportDetailSerializer(self.get_object()).data)

    @extend_schema(request=None, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        call_service(report_accept, report=self.get_object(), actor=request.user)
        return Response(ReportDetailSerializer(self.get_object()).data)

    @extend_schema(request=ReturnSerializer, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(report_return, report=self.get_object(), reason=data.validated_data["reason"], actor=request.user)
        return Response(ReportDetailSerializer(self.get_object()).data)



class PeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField(source="__str__")
    kind = serializers.CharField()
    year = serializers.IntegerField()
    number = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    due_date = serializers.DateField()


class PeriodOpenSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PeriodKind.choices, default=PeriodKind.QUARTER)
    year = serializers.IntegerField(min_value=2021, max_value=2035)
    number = serializers.IntegerField(min_value=1, max_value=4)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """Reporting periods; coordinators open one (POST), which creates the 16 prefectures' reports."""

    serializer_class = PeriodSerializer
    queryset = ReportingPeriod.objects.none()
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return period_list()

    @extend_schema(request=PeriodOpenSerializer, responses={201: PeriodSerializer})
    def create(self, request, *args, **kwargs):
        data = PeriodOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        period = call_service(period_open, actor=request.user, **data.validated_data)
        return Response(PeriodSerializer(period).data, status=status.HTTP_201_CREATED)
