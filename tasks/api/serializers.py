"""Tasks (and, through PlanItemSerializer, key projects) as the API shows them, and their change history."""

from rest_framework import serializers

from snapshots.api import LightField


class AboutPlanItemSerializer(serializers.Serializer):
    """The item a row about a plan item (tasks.models.AboutPlanItem) names, and its page; null for an item no
    longer there."""

    item = serializers.SerializerMethodField()
    item_url = serializers.SerializerMethodField()

    def get_item(self, obj) -> str | None:
        return str(obj.item) if obj.item is not None else None

    def get_item_url(self, obj) -> str | None:
        return obj.item.get_absolute_url() if obj.item is not None else None


class PlanItemSerializer(serializers.Serializer):
    """The fields every responsibility-bearing item has; expects responsibilities prefetched in plan order."""

    title = serializers.CharField()
    text = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    deadline_text = serializers.CharField()
    lead_agency = serializers.SerializerMethodField()
    agencies = serializers.SerializerMethodField()
    responsibility_open_ended = serializers.BooleanField()
    source_paragraph = serializers.IntegerField(source="paragraph.number")
    status = serializers.CharField()
    percent = serializers.IntegerField()
    version = serializers.IntegerField()
    status_updated_at = serializers.DateTimeField(allow_null=True)
    # `deadline` is the one in force; revisions/ adds the plan's own and every change (revisions.api).
    scope = serializers.CharField()
    designated_units = serializers.SerializerMethodField(
        help_text="Departments a coordinator named to act for 省级有关部门 on this item, lead first, with the reason.")
    light = LightField()

    def get_designated_units(self, obj) -> list[dict]:
        return [{"agency": d.agency.name, "role": d.role, "reason": d.reason,
                 "designated_at": d.designated_at.isoformat()} for d in obj.designated()]

    def get_lead_agency(self, obj) -> str | None:
        lead = obj.lead_agency
        return lead.name if lead else None

    def get_agencies(self, obj) -> list[str]:
        return [r.agency.name for r in obj.ordered_responsibilities()]


class TaskSerializer(PlanItemSerializer):
    code = serializers.CharField()
    group = serializers.IntegerField(source="group.number")
    group_title = serializers.CharField(source="group.title")
    item_title = serializers.CharField()
    indicators = serializers.SerializerMethodField()
    merged_into = serializers.CharField(source="merged_into.code", allow_null=True, default=None)

    def get_indicators(self, obj) -> list[str]:
        return [i.code for i in obj.indicators.all()]


class HistoryEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True)
    action = serializers.CharField()
    version = serializers.IntegerField(allow_null=True)
    changes = serializers.SerializerMethodField()

    def get_changes(self, obj) -> list[dict]:
        return [{"field": label, "old": old, "new": new} for label, old, new in obj.changes]
