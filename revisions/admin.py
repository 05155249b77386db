from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from revisions.models import PlanRevision


@admin.register(PlanRevision)
class PlanRevisionAdmin(ReadOnlyAdmin):
    """Revisions are made on the item pages (with reason and document), never edited afterwards."""

    list_display = ["effective_from", "subject", "field", "old_value", "new_value", "reference", "actor"]
    list_filter = ["field"]
    list_select_related = ["task", "key_project", "indicator", "actor"]
    search_fields = ["reason", "reference", "task__code", "indicator__code"]
