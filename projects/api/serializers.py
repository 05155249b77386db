from rest_framework import serializers

from tasks.api.serializers import PlanItemSerializer


class KeyProjectSerializer(PlanItemSerializer):
    number = serializers.IntegerField()
    group = serializers.IntegerField(source="group.number")
    group_title = serializers.CharField(source="group.title")
    indicators = serializers.SerializerMethodField()

    def get_indicators(self, obj) -> list[str]:
        return [i.code for i in obj.indicators.all()]


class SafeguardSerializer(PlanItemSerializer):
    number = serializers.IntegerField()
    code = serializers.CharField()
