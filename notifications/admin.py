from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "title", "read_at", "emailed_at"]
    list_select_related = ["user"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    """Read-only: each user sets their own on the notifications page."""

    list_display = ["user", "digest_email"]
    list_select_related = ["user"]
