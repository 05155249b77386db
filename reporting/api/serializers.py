from django.urls import reverse
from rest_framework import serializers

from tasks.models import REPORTED_STATUSES


class ReportItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField(source="item.title")
    status = serializers.CharField()
    narrative = serializers.CharField()
    problems = serializers.CharField()


class ReportLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indicator = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    rollup_method = serializers.CharField(source="indicator.rollup_method")
    value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True, coerce_to_string=False)
    numerator = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True, coerce_to_string=False)
    denominator = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True, coerce_to_string=False)
    source_note = serializers.CharField()
    # The prefecture's own allocated target (null when the provincial target is not allocated) and its light.
    target = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True, coerce_to_string=False,
                                      default=None)
    light = serializers.CharField(source="judgement.light", allow_null=True, default=None)
    progress = serializers.FloatField(source="judgement.progress", allow_null=True, default=None)
    light_reason = serializers.CharField(source="judgement.reason", allow_null=True, default=None)


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    period = serializers.CharField()
    period_start = serializers.DateField(source="period.start")
    due_date = serializers.DateField(source="period.due_date")
    prefecture = serializers.CharField(source="prefecture.name")
    prefecture_code = serializers.CharField(source="prefecture.code")
    status = serializers.CharField()
    first_submitted_at = serializers.DateTimeField(allow_null=True)
    is_late = serializers.BooleanField()
    return_reason = serializers.CharField()
    version = serializers.IntegerField()


class ReportDetailSerializer(ReportSerializer):
    items = ReportItemSerializer(many=True)
    indicator_lines = ReportLineSerializer(many=True)


class ItemInputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=REPORTED_STATUSES, required=False, allow_blank=True, default="")
    narrative = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    problems = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class LineInputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True, default=None)
    numerator = serializers.DecimalField(max_digits=16, decimal_places=4, required=False, allow_null=True,
                                         default=None)
    denominator = serializers.DecimalField(max_digits=16, decimal_places=4, required=False, allow_null=True,
                                           default=None)
    source_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ReportSaveSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    items = ItemInputSerializer(many=True, required=False, default=list)
    indicator_lines = LineInputSerializer(many=True, required=False, default=list)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ProgressEntryInputSerializer(serializers.Serializer):
    narrative = serializers.CharField(max_length=5000)
    problems = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    next_steps = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class StatusUpdateInputSerializer(ProgressEntryInputSerializer):
    status = serializers.ChoiceField(choices=REPORTED_STATUSES)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    # The version the client read; or send it in If-Match. A stale one gets 409 (412 with If-Match).
    version = serializers.IntegerField(required=False, min_value=1)


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return reverse("evidence", args=[obj.pk])


class ProgressEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    created_at = serializers.DateTimeField()
    agency = serializers.CharField(source="agency.name")
    author = serializers.CharField(source="author.username")
    status = serializers.CharField()
    percent = serializers.IntegerField(allow_null=True)
    narrative = serializers.CharField()
    problems = serializers.CharField()
    next_steps = serializers.CharField()
    evidence = EvidenceSerializer(many=True)


class CompletionDecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["verify", "return", "reopen"])
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class CompletionDecisionSerializer(serializers.Serializer):
    decision = serializers.CharField()
    note = serializers.CharField()
    evidence_seen = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.username")
    decided_at = serializers.DateTimeField()
