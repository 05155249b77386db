"""Reporting over the API: reports and periods, scoped like the pages (a reporter sees and changes only its
prefecture's reports); the status and progress actions of tasks and key projects; evidence downloads."""

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.errors import call_service, error_response, validation_to_api
from core.api.parsers import SafeJSONParser
from core.channels import Channel
from core.errors import StaleVersionError
from core.numbers import parse_int
from core.xlsx import xlsx_response
from reporting.api.serializers import (
    CompletionDecisionInputSerializer,
    CompletionDecisionSerializer,
    ProgressEntryInputSerializer,
    ProgressEntrySerializer,
    ReportDetailSerializer,
    ReportSaveSerializer,
    ReportSerializer,
    ReturnSerializer,
    StatusUpdateInputSerializer,
)
from reporting.excel import report_filename, report_upload_parse, report_workbook
from reporting.models import EvidenceFile, PeriodKind, PrefectureReport, ReportingPeriod
from reporting.selectors import evidence_for_download, item_timeline, period_list, report_detail, report_list
from reporting.services import (
    ItemInput,
    LineInput,
    completion_decide,
    item_update_status,
    period_open,
    progress_entry_add,
    report_accept,
    report_return,
    report_save,
    report_submit,
    report_upload_save,
)
from reporting.views import after_save
from tasks.api.serializers import HistoryEntrySerializer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stale_report(stale: StaleVersionError):
    """409 for a save made on an older version of the report, with who saved it since and when."""
    return error_response("stale_version", _("Someone else saved this report meanwhile; read it again."),
                          status.HTTP_409_CONFLICT, current_version=stale.item.version,
                          changes=HistoryEntrySerializer(stale.changes, many=True).data)


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
                         expected_version=values["version"], channel=Channel.API)
        except StaleVersionError as stale:
            return _stale_report(stale)
        return Response(ReportDetailSerializer(self.get_object()).data)

    @extend_schema(methods=["GET"], responses={(200, XLSX): OpenApiTypes.BINARY})
    @extend_schema(methods=["POST"], request={"multipart/form-data": UploadSerializer},
                   responses=ReportDetailSerializer)
    @action(detail=True, methods=["get", "post"], parser_classes=[parsers.MultiPartParser])
    def excel(self, request, pk=None):
        """GET the pre-filled template; POST the filled workbook (same checks as the page: all or nothing)."""
        report = self.get_object()
        if request.method == "GET":
            return xlsx_response(report_workbook(report), report_filename(report))
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            items, lines, stamp = report_upload_parse(report, data.validated_data["workbook"])
        except ValidationError as error:
            raise validation_to_api(error, field="workbook") from error
        try:
            call_service(report_upload_save, report=report, items=items, lines=lines, actor=request.user,
                         stamp=stamp)
        except StaleVersionError as stale:
            return _stale_report(stale)
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


IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER,
                            description='the version read, e.g. "3" (instead of the version field)')


class ItemProgressActions:
    """PATCH (the lead unit's status update, with a version) and …/progress/ (entries) on a task or key project
    viewset (tasks.api.views.PlanItemViewSet)."""

    parser_classes = [SafeJSONParser, parsers.MultiPartParser, parsers.FormParser]
    # on_saved(item=…) after a save: the composition root (yunnan_emergency/api_urls.py) hands in the
    # recomputation of the item's own light, an aggregate this app may not import.
    on_saved = None

    def _saved(self, item) -> None:
        if self.on_saved is not None:
            after_save(type(self).on_saved, item)

    @extend_schema(request=StatusUpdateInputSerializer, parameters=[IF_MATCH])
    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        data = StatusUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if_match = request.headers.get("If-Match", "").strip().strip('"').removeprefix("W/").strip('"')
        expected = values.get("version") or parse_int(if_match)
        if expected is None:
            message = _("Send the version you read (field 'version' or the If-Match header), so that no one "
                        "else's change is overwritten.")
            raise exceptions.ValidationError({"version": [message]})
        try:
            call_service(item_update_status, item=item, status=values["status"], percent=values["percent"],
                         narrative=values["narrative"], problems=values["problems"],
                         next_steps=values["next_steps"], files=values["evidence"], actor=request.user,
                         expected_version=expected)
        except StaleVersionError as stale:
            # 412 answers a failed If-Match precondition; 409 a stale version in the body.
            code = status.HTTP_412_PRECONDITION_FAILED if if_match and not values.get("version") else \
                status.HTTP_409_CONFLICT
            response = error_response(
                "stale_version", _("Someone else updated this item; read it again and resend your change."), code,
                current_version=stale.item.version, changes=HistoryEntrySerializer(stale.changes, many=True).data)
            response["ETag"] = f'"{stale.item.version}"'
            return response
        self._saved(item)
        return self.retrieve(request, *args, **kwargs)

    @extend_schema(methods=["GET"], responses=ProgressEntrySerializer(many=True))
    @extend_schema(methods=["POST"], request={"multipart/form-data": ProgressEntryInputSerializer,
                                              "application/json": ProgressEntryInputSerializer},
                   responses={201: ProgressEntrySerializer})
    @action(detail=True, methods=["get", "post"])
    def progress(self, request, *args, **kwargs):
        item = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(item_timeline(user=request.user, item=item))
            return self.get_paginated_response(ProgressEntrySerializer(page, many=True).data)
        data = ProgressEntryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = call_service(progress_entry_add, item=item, actor=request.user, files=data.validated_data["evidence"],
                             **{k: data.validated_data[k] for k in ("narrative", "problems", "next_steps")})
        self._saved(item)
        return Response(ProgressEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CompletionDecisionInputSerializer, responses={200: CompletionDecisionSerializer})
    @action(detail=True, methods=["post"])
    def completion(self, request, *args, **kwargs):
        """办结审核 (the provincial office): verify a pending completion (销号), send it back, or reopen a verified
        item; `note` is required except to verify; `version` is the item's version read."""
        item = self.get_object()
        data = CompletionDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            decided = call_service(completion_decide, decision=values["decision"], item=item, note=values["note"],
                                   actor=request.user, expected_version=values["version"])
        except StaleVersionError as stale:
            return error_response("stale_version", _("Someone else updated this item; read it again."),
                                  status.HTTP_409_CONFLICT, current_version=stale.item.version)
        self._saved(item)
        return Response(CompletionDecisionSerializer(decided).data)


class EvidenceViewSet(viewsets.ViewSet):
    """Evidence files for systems using a token; the same permission check as the page's download link."""

    lookup_value_regex = r"[0-9]+"

    @extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def retrieve(self, request, pk=None):
        try:
            evidence = evidence_for_download(user=request.user, pk=int(pk))
        except (EvidenceFile.DoesNotExist, ValueError) as exc:
            raise exceptions.NotFound from exc
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type="application/octet-stream")
