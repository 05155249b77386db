from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from problems.models import Problem


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    """Read-only: problems are collected from entries and reports, raised and moved on their pages and the API."""

    list_display = ["raised_at", "agency", "item_type", "item_id", "state", "owner"]
    list_filter = ["state", "item_type"]
    list_select_related = ["agency", "item_type", "owner"]
