"""Exports over the API: POST asks for a workbook (always built by the background job), GET follows it."""

import os

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from workbook.forms import ExportForm
from workbook.models import Export, ExportStatus
from workbook.selectors import export_list
from workbook.services import export_request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    filters = serializers.JSONField()
    description = serializers.CharField()
    rows_total = serializers.IntegerField()
    rows_written = serializers.IntegerField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField()
    file_url = serializers.SerializerMethodField(help_text="where to download the workbook once it is ready")

    def get_file_url(self, obj) -> str | None:
        if obj.status != ExportStatus.DONE:
            return None
        path = reverse("export-file", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ExportRequestSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2021, max_value=2035)
    as_of = serializers.DateField(required=False, help_text="default: today")
    agency = serializers.IntegerField(required=False, allow_null=True)
    prefecture = serializers.IntegerField(required=False, allow_null=True)
    group = serializers.IntegerField(required=False, allow_null=True)


class ExportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ExportSerializer
    queryset = Export.objects.none()  # for the schema; get_queryset keeps each user to their own
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return export_list(self.request.user)

    @extend_schema(request=ExportRequestSerializer, responses={202: ExportSerializer})
    def create(self, request, *args, **kwargs):
        checked = ExportRequestSerializer(data=request.data)  # types first, then the form's own rules
        checked.is_valid(raise_exception=True)
        values = {k: v for k, v in checked.validated_data.items() if v is not None}
        form = ExportForm({"as_of": timezone.localdate(), **values})  # no date: as of today, as a caller means
        if not form.is_valid():
            raise exceptions.ValidationError({k: [e["message"] for e in v]
                                              for k, v in form.errors.get_json_data().items()})
        export = export_request(user=request.user, filters=form.filters(), background=True)
        return Response(ExportSerializer(export, context=self.get_serializer_context()).data,
                        status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        export = self.get_object()
        if export.status != ExportStatus.DONE or not os.path.exists(export.file):
            raise Http404
        return FileResponse(open(export.file, "rb"), as_attachment=True, filename=export.filename)
