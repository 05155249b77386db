from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from agencies.admin_site import CoordinatorManagedAdmin, ReadOnlyAdmin
from agencies.models import Agency, ApiToken, Role, RoleAssignment, User
from agencies.permissions import can_read_audit_log
from audit.models import AuditRecord


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


class RoleFilter(admin.SimpleListFilter):
    """Users by role as the portal reads roles (User.roles): a superuser counts as a coordinator too."""

    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value() not in Role.values:
            return queryset
        return queryset.filter(User.holding(self.value())).distinct()


@admin.register(User)
class PortalUserAdmin(CoordinatorManagedAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "roles_shown", "is_active"]
    list_filter = ["agency__kind", RoleFilter, "is_active"]
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

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments")

    @admin.display(description=_("roles"))
    def roles_shown(self, user) -> str:
        labels = dict(Role.choices)
        shown = [str(labels[role]) for role in Role.values if role in user.roles]
        if user.role_implied:
            shown[0] = _("%(role)s (superuser)") % {"role": shown[0]}  # the implied role is the coordinator's, first
        return "、".join(shown)


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


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    """Listed for completeness; the log is read by auditors on /agencies/audit/, and nobody changes it."""

    list_display = ["at", "event", "username", "address", "object", "result"]
    list_filter = ["event", "result"]

    def has_view_permission(self, request, obj=None):
        return can_read_audit_log(request.user)
