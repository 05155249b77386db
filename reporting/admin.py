from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from reporting.models import (
    ITEM_KINDS,
    CompletionDecision,
    EvidenceFile,
    PartMilestone,
    PrefectureReport,
    ProgressEntry,
    ReportIndicatorLine,
    ReportingPeriod,
    ReportItem,
    ReportTransition,
    UnitPart,
)


class ReadOnlyInline(admin.TabularInline):
    """Rows shown under their parent, never added, changed or removed here (the services write them)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class EvidenceFileInline(ReadOnlyInline):
    model = EvidenceFile
    fields = ["original_name", "content_type", "size", "sha256"]


@admin.register(ProgressEntry)
class ProgressEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "item", "agency", "author", "kind", "status", "percent"]
    list_filter = ["kind", "agency__kind", "status"]
    list_select_related = [*ITEM_KINDS, "agency", "author"]
    search_fields = ["narrative", "problems", "task__code"]
    inlines = [EvidenceFileInline]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "entry", "content_type", "size"]
    list_select_related = ["entry__task", "entry__key_project", "entry__agency"]
    exclude = ["file"]  # downloads go through the permission-checked view, not a media URL


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "start", "end", "due_date", "opened_at"]


class ReportTransitionInline(ReadOnlyInline):
    model = ReportTransition
    fields = ["from_status", "to_status", "actor", "at", "note"]


@admin.register(PrefectureReport)
class PrefectureReportAdmin(ReadOnlyAdmin):
    list_display = ["period", "prefecture", "status", "first_submitted_at", "is_late"]
    list_filter = ["period", "status", "is_late"]
    list_select_related = ["period", "prefecture"]
    inlines = [ReportTransitionInline]


@admin.register(ReportTransition)
class ReportTransitionAdmin(ReadOnlyAdmin):
    list_display = ["report", "from_status", "to_status", "actor", "at"]
    list_select_related = ["report__period", "report__prefecture", "actor"]


@admin.register(ReportItem)
class ReportItemAdmin(ReadOnlyAdmin):
    list_display = ["report", "code", "status"]
    list_select_related = ["report__period", "report__prefecture", *ITEM_KINDS]


@admin.register(ReportIndicatorLine)
class ReportIndicatorLineAdmin(ReadOnlyAdmin):
    list_display = ["report", "indicator", "value", "numerator", "denominator"]
    list_select_related = ["report__period", "report__prefecture", "indicator"]


@admin.register(CompletionDecision)
class CompletionDecisionAdmin(ReadOnlyAdmin):
    list_display = ["decided_at", "decision", "decided_by", *ITEM_KINDS]
    list_filter = ["decision"]
    list_select_related = ["decided_by", *ITEM_KINDS]


class PartMilestoneInline(ReadOnlyInline):
    model = PartMilestone
    fields = ["year", "percent"]


@admin.register(UnitPart)
class UnitPartAdmin(ReadOnlyAdmin):
    list_display = ["item", "agency", "title", "deadline", "status", "percent", "status_updated_at"]
    list_filter = ["status", "agency__kind"]
    list_select_related = ["agency", "item_type"]
    search_fields = ["title", "narrative", "agency__name"]
    inlines = [PartMilestoneInline]


@admin.register(PartMilestone)
class PartMilestoneAdmin(ReadOnlyAdmin):
    list_display = ["part", "year", "percent"]
    list_select_related = ["part__agency", "part__item_type"]
