from django.contrib import admin

from agencies.admin_site import ReadOnlyAdmin
from projects.models import KeyProject, KeyProjectGroup, KeyProjectResponsibility, Safeguard, SafeguardResponsibility
from tasks.admin import ResponsibilityAdmin, ResponsibilityInline


class KeyProjectResponsibilityInline(ResponsibilityInline):
    model = KeyProjectResponsibility


class SafeguardResponsibilityInline(ResponsibilityInline):
    model = SafeguardResponsibility


@admin.register(KeyProjectGroup)
class KeyProjectGroupAdmin(ReadOnlyAdmin):
    list_display = ["number", "title"]


@admin.register(KeyProject)
class KeyProjectAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "group", "deadline_text", "deadline"]
    list_filter = ["group"]
    search_fields = ["title", "text"]
    list_select_related = ["group"]
    inlines = [KeyProjectResponsibilityInline]
    raw_id_fields = ["paragraph"]


@admin.register(Safeguard)
class SafeguardAdmin(ReadOnlyAdmin):
    list_display = ["number", "title"]
    inlines = [SafeguardResponsibilityInline]
    raw_id_fields = ["paragraph"]


@admin.register(KeyProjectResponsibility)
class KeyProjectResponsibilityAdmin(ResponsibilityAdmin):
    list_display = ["key_project", *ResponsibilityAdmin.list_display]
    list_select_related = ["agency", "key_project"]


@admin.register(SafeguardResponsibility)
class SafeguardResponsibilityAdmin(ResponsibilityAdmin):
    list_display = ["safeguard", *ResponsibilityAdmin.list_display]
    list_select_related = ["agency", "safeguard"]
