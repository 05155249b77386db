"""The admin site and the base classes of every app's admin. The site is open to coordinators (who manage
users and roles there) and superusers.

Plan data is read-only here: status and progress change through the portal's services, which check versions
and record who did what; the plan text changes only through load_plan."""

from django.contrib import admin

from agencies.permissions import is_coordinator


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or is_coordinator(user))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Anyone the site admits may look; nobody adds, changes or deletes."""

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CoordinatorManagedAdmin(admin.ModelAdmin):
    """Coordinators manage these (users, role assignments) without needing Django's per-model permissions."""

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    has_add_permission = has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate users instead: their names stay on what they wrote
