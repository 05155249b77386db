from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from tasks.models import DesignatedUnit, GoalArea, Plan, Principle, SourceParagraph, Task, TaskGroup, TaskResponsibility


class ResponsibilityInline(admin.TabularInline):
    """Responsibility rows of any plan item, in plan order."""

    can_delete = False
    extra = 0
    autocomplete_fields = ["agency"]
    ordering = ["position"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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


@admin.register(DesignatedUnit)
class DesignatedUnitAdmin(ReadOnlyAdmin):
    """Named on the item's page by a coordinator (with the reason); shown here read-only."""

    # The item's kind and id rather than the item: a generic link would cost a query per row.
    list_display = ["item_type", "item_id", "agency", "role", "reason", "designated_by", "designated_at"]
    list_select_related = ["agency", "designated_by", "item_type"]
