from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "title", "read_at", "emailed_at"]
    list_select_related = ["user"]
