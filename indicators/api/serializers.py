from rest_framework import serializers

from core.api.fields import decimal_as_number
from indicators.models import PROVENANCE
from snapshots.api import LightField


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    target_value = serializers.SerializerMethodField()
    unit = serializers.CharField()
    comparator = serializers.CharField()
    kind = serializers.CharField()
    target_year = serializers.IntegerField()
    goal_area = serializers.IntegerField(source="goal_area.number", allow_null=True, default=None)
    source = serializers.SerializerMethodField()
    source_type = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()
    baseline_value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True,
                                              coerce_to_string=False)
    baseline_year = serializers.IntegerField(allow_null=True)
    baseline_source = serializers.CharField()
    target_2035_value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True,
                                                 coerce_to_string=False)
    per_prefecture = serializers.BooleanField()
    rollup_method = serializers.CharField()
    version = serializers.IntegerField()
    current = serializers.SerializerMethodField(
        help_text="The provincial value in force (indicators.selectors.with_current_value), null without one.")
    light = LightField()
    # revisions/ adds the target as the plan adopted it (revisions.api).

    def get_target_value(self, obj) -> float:
        return decimal_as_number(obj.target_value)

    def get_current(self, obj) -> dict | None:
        if obj.current_date is None:
            return None
        return {"value": decimal_as_number(obj.current), "as_of": obj.current_date.isoformat(),
                "rolled_up": obj.current_rolled_up, "provenance": str(PROVENANCE[obj.current_rolled_up])}

    def get_source(self, obj) -> str | int | None:
        return obj.source_code

    def get_source_type(self, obj) -> str | None:
        if obj.task_id:
            return "task"
        return "key_project" if obj.key_project_id else None

    def get_mentions(self, obj) -> list[dict]:
        return [{"phrase": m.phrase, "source_paragraph": m.paragraph.number} for m in obj.mentions.all()]
