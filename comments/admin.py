from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from comments.models import Comment


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    """Read-only: comments are written in their threads, on the pages they are about."""

    list_display = ["created_at", "target_type", "target_id", "unit", "author"]
    list_select_related = ["target_type", "unit", "author"]
