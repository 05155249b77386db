"""Exports over the API: POST asks for a workbook (always built by the background job), GET follows it."""

import os

from django.http import FileResponse, Http404
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.exports import export_request
from portal.forms import ExportForm
from portal.models import ExportStatus
from portal.selectors import export_list


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


class ExportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ExportSerializer

    def get_queryset(self):
        return export_list(self.request.user)

    def create(self, request, *args, **kwargs):
        form = ExportForm(request.data)
        if not form.is_valid():
            return Response(form.errors.get_json_data(), status=status.HTTP_400_BAD_REQUEST)
        export = export_request(user=request.user, filters=form.filters(), background=True)
        return Response(ExportSerializer(export).data, status=status.HTTP_202_ACCEPTED)

    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        export = self.get_object()
        if export.status != ExportStatus.DONE or not os.path.exists(export.file):
            raise Http404
        return FileResponse(open(export.file, "rb"), as_attachment=True, filename=export.filename)
