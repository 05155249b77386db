from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from reporting.models import (
    EvidenceFile,
    PrefectureReport,
    ProgressEntry,
    ReportIndicatorLine,
    ReportingPeriod,
    ReportItem,
    ReportTransition,
)
from revisions.models import PlanRevision
from tasks.models import GoalArea, Plan, Principle, SourceParagraph, Task, TaskGroup, TaskResponsibility


class ResponsibilityInline(admin.TabularInline):
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    """Responsibility rows of any plan item, in plan order."""

    extra = 0
    autocomplete_fields = ["agency"]
    ordering = ["position"]


class TaskResponsibilityInline(ResponsibilityInline):
    model = TaskResponsibility


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "start_year", "end_year", "horizon_year"]


@admin.register(SourceParagraph)
class SourceParagraphAdmin(ReadOnlyAdmin):
    list_display = ["number", "__str__"]
    search_fields = ["text"]


@admin.register(Principle, GoalArea)
class NumberedSectionAdmin(ReadOnlyAdmin):
    list_display = ["number", "title"]


@admin.register(TaskGroup)
class TaskGroupAdmin(ReadOnlyAdmin):
    list_display = ["number", "title"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "group", "deadline_text", "deadline"]
    list_filter = ["group", "deadline_text"]
    search_fields = ["code", "title", "text"]
    list_select_related = ["group"]
    inlines = [TaskResponsibilityInline]
    raw_id_fields = ["paragraph"]


class ResponsibilityAdmin(ReadOnlyAdmin):
    """Every responsibility row on its own list, to answer "what does this agency answer for" across items."""

    list_display = ["__str__", "agency", "role", "position"]
    list_filter = ["role", "agency__kind"]
    search_fields = ["agency__name"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]


@admin.register(TaskResponsibility)
class TaskResponsibilityAdmin(ResponsibilityAdmin):
    list_display = ["task", *ResponsibilityAdmin.list_display]
    list_select_related = ["agency", "task"]
    raw_id_fields = ["task"]


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
    list_select_related = ["task", "key_project", "agency", "author"]
    search_fields = ["narrative", "problems", "task__code"]
    inlines = [EvidenceFileInline]


@admin.register(PlanRevision)
class PlanRevisionAdmin(ReadOnlyAdmin):
    """Revisions are made on the item pages (with reason and document), never edited afterwards."""

    list_display = ["effective_from", "subject", "field", "old_value", "new_value", "reference", "actor"]
    list_filter = ["field"]
    list_select_related = ["task", "key_project", "indicator", "actor"]
    search_fields = ["reason", "reference", "task__code", "indicator__code"]


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
    list_select_related = ["report__period", "report__prefecture", "task", "key_project"]


@admin.register(ReportIndicatorLine)
class ReportIndicatorLineAdmin(ReadOnlyAdmin):
    list_display = ["report", "indicator", "value", "numerator", "denominator"]
    list_select_related = ["report__period", "report__prefecture", "indicator"]
