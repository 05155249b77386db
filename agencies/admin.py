from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from agencies.admin_site import CoordinatorManagedAdmin, ReadOnlyAdmin
from agencies.models import Agency, ApiToken, RoleAssignment, User


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "short_name", "code", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(User)
class PortalUserAdmin(CoordinatorManagedAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "is_active"]
    list_filter = ["agency__kind", "role_assignments__role", "is_active"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Agency"), {"fields": ("agency", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "agency", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "role"]
    list_filter = ["role"]
    list_select_related = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    exclude = ["key_hash"]
