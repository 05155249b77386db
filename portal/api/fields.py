"""Serializer pieces shared by the plan's API resources."""

from rest_framework import serializers


def decimal_as_number(value):
    """144.0000 → 144 and 0.9000 → 0.9: targets read as the plan writes them, as JSON numbers."""
    normalized = value.normalize()
    return int(normalized) if normalized == normalized.to_integral_value() else float(normalized)


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
    # Plan revisions: `deadline` is the one in force; the plan's own and every change stay readable.
    scope = serializers.CharField()
    original_deadline = serializers.DateField(allow_null=True)
    revisions = serializers.SerializerMethodField()

    def get_lead_agency(self, obj) -> str | None:
        lead = obj.lead_agency
        return lead.name if lead else None

    def get_revisions(self, obj) -> list[dict]:
        from tasks.revisions.api import RevisionSerializer

        revisions = obj.plan_revisions()
        # Most items are never revised: skip building a serializer per row for nothing (lists of thousands).
        return RevisionSerializer(revisions, many=True).data if revisions else []

    def get_agencies(self, obj) -> list[str]:
        return [r.agency.name for r in obj.ordered_responsibilities()]
