from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from supervision.models import Assignment, ExtensionRequest


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    """Read-only: assignments change on the item's page and the API, through the services that keep the loop."""

    list_display = ["item_type", "item_id", "agency", "contact", "internal_deadline", "assigned_at",
                    "acknowledged_at"]
    list_filter = ["item_type", "agency__kind"]
    list_select_related = ["item_type", "agency", "contact"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    """Read-only: requests are made and decided on the pages and the API, through the services."""

    list_display = ["item_type", "item_id", "agency", "requested_deadline", "status", "requested_at", "decided_at"]
    list_filter = ["status", "item_type"]
    list_select_related = ["item_type", "agency"]
