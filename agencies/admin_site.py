"""The admin site and the base classes of every app's admin. The site is open to the three administrators
(三员分立): the system administrator runs accounts, the security administrator grants roles, the audit administrator
reads the audit log (agencies.permissions).

Plan data is read-only here: status and progress change through the portal's services, which check versions
and record who did what; the plan text changes only through load_plan."""

from django.contrib import admin
from django.shortcuts import redirect

from agencies.permissions import is_administrator


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return is_administrator(request.user)

    def password_change(self, request, extra_context=None):
        # One password change for everyone: the portal's counts wrong old passwords toward the lockout.
        return redirect("password_change")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Anyone the site admits may look; nobody adds, changes or deletes."""

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
