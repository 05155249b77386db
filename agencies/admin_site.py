"""The admin site and the base classes of every app's admin. The site is open to the three administrators
(三员分立): the system administrator runs accounts, the security administrator grants roles, the audit administrator
reads the audit log (agencies.permissions).

Plan data is read-only here: status and progress change through the portal's services, which check versions
and record who did what; the plan text changes only through load_plan."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from agencies.permissions import can_manage_accounts, is_administrator

# Apps whose admin pages answer Django's own permissions, which a superuser (the system administrator) bypasses:
# groups, django-axes' attempt logs, django-otp's devices (with their keys). Their use here is the duties' own
# actions instead (agencies.admin: reset two-factor sign-in, unlock) and the security audit log.
NOT_ADMINISTERED_HERE = {"auth", "axes", "otp_totp", "otp_static"}


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return is_administrator(request.user)

    def register(self, model_or_iterable, admin_class=None, **options):
        models = model_or_iterable if isinstance(model_or_iterable, (list, tuple)) else [model_or_iterable]
        kept = [model for model in models if model._meta.app_label not in NOT_ADMINISTERED_HERE]
        if kept:
            super().register(kept, admin_class, **options)

    def login(self, request, extra_context=None):
        # One sign-in for everyone (lockout, second factor): the admin's own form would also want is_staff.
        return redirect(f"{reverse('login')}?{urlencode({'next': request.GET.get('next') or reverse('admin:index')})}")

    def password_change(self, request, extra_context=None):
        # One password change for everyone: the portal's counts wrong old passwords toward the lockout.
        return redirect("password_change")


class ReadOnlyAdmin(admin.ModelAdmin):
    """The system administrator may look (to support users); nobody adds, changes or deletes. The other two
    administrators see only what their duty needs (agencies.admin)."""

    def has_view_permission(self, request, obj=None):
        return can_manage_accounts(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
