from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from notices.models import NoticeAttachment, NoticeLine, NoticeStep, SupervisionNotice, UnitContact


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ReadOnlyAdmin):
    """Read-only: notices are issued by the daily job and answered and closed on their pages and the API."""

    list_display = ["year", "sequence", "colour", "agency", "level", "issued_on", "answer_by", "state"]
    list_filter = ["colour", "state", "level"]
    list_select_related = ["agency"]


@admin.register(NoticeLine)
class NoticeLineAdmin(ReadOnlyAdmin):
    list_display = ["notice", "item_type", "item_id", "part", "resolved_on", "resolution"]
    list_select_related = ["notice", "item_type", "part"]


@admin.register(NoticeStep)
class NoticeStepAdmin(ReadOnlyAdmin):
    list_display = ["notice", "kind", "by", "at"]
    list_select_related = ["notice", "by"]


@admin.register(NoticeAttachment)
class NoticeAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "size", "step"]
    list_select_related = ["step"]


@admin.register(UnitContact)
class UnitContactAdmin(ReadOnlyAdmin):
    """Read-only: the office names the contacts on the notices' contacts page."""

    list_display = ["agency", "contact", "leader"]
    list_select_related = ["agency", "contact", "leader"]
