from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.admin_site import ReadOnlyAdmin
from agencies.forms import AccountCreationForm, AdministratorPasswordForm
from agencies.models import SUPERUSER_ROLE, Agency, ApiToken, Role, RoleAssignment, User, roles_conflict
from agencies.permissions import can_grant_roles, can_manage_accounts, can_read_audit_log, can_read_personal_data
from agencies.services import sign_in_unlock, two_factor_reset
from audit.models import AuditRecord


class RoleAssignmentFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = {form.cleaned_data["role"] for form in self.forms
                if form.cleaned_data.get("role") and not form.cleaned_data.get("DELETE")}
        problem = roles_conflict(kept | ({SUPERUSER_ROLE} if self.instance.is_superuser else set()))
        if problem:
            raise ValidationError(problem)

    def save_existing_objects(self, commit=True):
        # Withdrawals first, so each changed row is checked (RoleAssignment.save) against the roles that stay,
        # not against one about to go.
        withdrawn = [form.instance for form in self.initial_forms if form in self.deleted_forms and form.instance.pk]
        for assignment in withdrawn:
            self.delete_existing(assignment, commit=commit)
        saved = super().save_existing_objects(commit)
        self.deleted_objects = withdrawn + self.deleted_objects
        return saved


class RoleAssignmentInline(admin.TabularInline):
    """Roles are granted and withdrawn by the security administrator alone, never on their own account."""

    model = RoleAssignment
    formset = RoleAssignmentFormSet
    extra = 1

    def has_view_permission(self, request, obj=None):
        return can_grant_roles(request.user)

    def has_change_permission(self, request, obj=None):
        return can_grant_roles(request.user) and obj != request.user

    has_add_permission = has_delete_permission = has_change_permission


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
class PortalUserAdmin(UserAdmin):
    """The system administrator creates accounts (with a temporary password their holder replaces at the first
    sign-in), sets names, e-mail and unit, sets a temporary password, disables accounts (never deletes them: their
    names stay on what they wrote). The security administrator sees the same list without personal data and grants
    roles. Nobody else comes here."""

    list_display = ["username", "first_name", "last_name", "agency", "roles_shown", "is_active", "last_login"]
    list_filter = ["agency__kind", RoleFilter, "is_active"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    search_fields = ["username", "first_name", "last_name"]
    inlines = [RoleAssignmentInline]
    add_form = AccountCreationForm
    change_password_form = AdministratorPasswordForm
    fieldsets = (
        (None, {"fields": ("username", "password", "must_change_password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Agency"), {"fields": ("agency", "is_active", "roles_shown")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "password_changed_at")}),
    )
    # The security administrator's view of an account: who it is and its roles, no personal data, nothing to edit.
    security_fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "agency", "is_active", "roles_shown")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "password_changed_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "agency", "password1", "password2")}),
    )
    add_form_template = "admin/agencies/user/add_form.html"
    actions = ["two_factor_reset_action", "sign_in_unlock_action"]
    readonly_fields = ["last_login", "date_joined", "password_changed_at", "must_change_password", "roles_shown"]

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_manage_accounts(request.user) or can_grant_roles(request.user)

    def has_add_permission(self, request):
        return can_manage_accounts(request.user)

    # The security administrator "changes" an account only through its role inline (every field read-only).
    has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return False  # disable accounts instead: their names stay on what they wrote

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not can_manage_accounts(request.user):
            return self.security_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if not can_manage_accounts(request.user):
            return [field for fieldset in self.security_fieldsets for field in fieldset[1]["fields"]]
        return self.readonly_fields

    def get_search_fields(self, request):
        # Searching by e-mail would reveal addresses to whoever may not read them.
        return [*self.search_fields, "email"] if can_read_personal_data(request.user) else self.search_fields

    def lookup_allowed(self, lookup, value, request=None):
        # Nor may a filter in the address (?email__startswith=…) answer questions about them.
        if lookup.split("__")[0] == "email" and not can_read_personal_data(request.user):
            return False
        return super().lookup_allowed(lookup, value, request)

    def user_change_password(self, request, id, form_url=""):
        if not can_manage_accounts(request.user):
            raise PermissionDenied
        if str(request.user.pk) == str(id):
            return redirect("password_change")  # one's own password: with the old one, like everyone
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if change and "is_active" in form.changed_data and obj.is_active:
            obj.enabled_at = timezone.now()  # the unused-accounts job counts from here
        super().save_model(request, obj, form, change)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_grant_roles(request.user):
            for name in ("two_factor_reset_action", "sign_in_unlock_action"):
                actions.pop(name, None)
        return actions

    @admin.action(description=_("Reset two-factor sign-in (lost phone)"))
    def two_factor_reset_action(self, request, queryset):
        if not can_grant_roles(request.user):
            raise PermissionDenied
        for user in queryset.exclude(pk=request.user.pk):
            two_factor_reset(user=user, actor=request.user)
        self.message_user(request, _("Two-factor sign-in reset: each sets up an authenticator at the next sign-in."))

    @admin.action(description=_("Unlock sign-in (locked after failed attempts)"))
    def sign_in_unlock_action(self, request, queryset):
        if not can_grant_roles(request.user):
            raise PermissionDenied
        for user in queryset:
            sign_in_unlock(user=user, actor=request.user)
        self.message_user(request, _("Sign-in unlocked."))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments")

    @admin.display(description=_("roles"))
    def roles_shown(self, user) -> str:
        labels = dict(Role.choices)
        shown = [str(labels[role]) for role in Role.values if role in user.roles]
        if user.role_implied:
            # The implied role is the system administrator's, the only one a superuser may hold.
            shown = [_("%(role)s (superuser)") % {"role": labels[SUPERUSER_ROLE]}]
        return "、".join(shown)


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    """Units: the system administrator reads them (autocomplete when setting an account's unit)."""

    list_display = ["name", "kind", "short_name", "code", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]


class SecurityAdministratorReads(ReadOnlyAdmin):
    def has_view_permission(self, request, obj=None):
        return can_grant_roles(request.user)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SecurityAdministratorReads):
    list_display = ["user", "role"]
    list_filter = ["role"]
    list_select_related = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(SecurityAdministratorReads):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    exclude = ["key_hash"]


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    """Listed for the audit administrator; the log is read and downloaded on /agencies/audit/, and nobody changes
    it."""

    list_display = ["at", "event", "username", "address", "object", "result"]
    list_filter = ["event", "result"]

    def has_view_permission(self, request, obj=None):
        return can_read_audit_log(request.user)
