from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "short_name", "code", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]
    filter_horizontal = ["members"]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "is_active", "is_staff"]
    list_filter = ["agency__kind", "is_active", "is_staff"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    fieldsets = UserAdmin.fieldsets + ((_("Agency"), {"fields": ["agency"]}),)
