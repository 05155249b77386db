from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from reporting.models import (
    ITEM_KINDS,
    CompletionDecision,
    EvidenceFile,
    PrefectureReport,
    ProgressEntry,
    ReportIndicatorLine,
    ReportingPeriod,
    ReportItem,
    ReportTransition,
)


class EvidenceFileInline(admin.TabularInline):
    model = EvidenceFile
    fields = ["original_name", "content_type", "size", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


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


class ReportTransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


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
