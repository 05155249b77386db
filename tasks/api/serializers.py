from rest_framework import serializers

from portal.api.fields import PlanItemSerializer
from tasks.models import ItemStatus


class TaskSerializer(PlanItemSerializer):
    code = serializers.CharField()
    group = serializers.IntegerField(source="group.number")
    group_title = serializers.CharField(source="group.title")
    item_title = serializers.CharField()
    indicators = serializers.SerializerMethodField()
    merged_into = serializers.CharField(source="merged_into.code", allow_null=True, default=None)

    def get_indicators(self, obj) -> list[str]:
        return [i.code for i in obj.indicators.all()]


class ProgressEntryInputSerializer(serializers.Serializer):
    narrative = serializers.CharField(max_length=5000)
    problems = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    next_steps = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class StatusUpdateInputSerializer(ProgressEntryInputSerializer):
    status = serializers.ChoiceField(choices=ItemStatus.choices)
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
        from django.urls import reverse

        return reverse("tasks:evidence", args=[obj.pk])


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


class HistoryEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True)
    action = serializers.CharField()
    version = serializers.IntegerField(allow_null=True)
    changes = serializers.SerializerMethodField()

    def get_changes(self, obj) -> list[dict]:
        return [{"field": label, "old": old, "new": new} for label, old, new in obj.changes]
