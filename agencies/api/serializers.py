from rest_framework import serializers


class AgencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    short_name = serializers.CharField()
    code = serializers.CharField()
    members = serializers.SerializerMethodField()
    task_count = serializers.IntegerField()
    key_project_count = serializers.IntegerField()

    def get_members(self, obj) -> list[str]:
        return [m.name for m in obj.members.all()]
