"""Agencies named in the plan's responsibility lists, the 16 prefectures, and the portal's users."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audit.models import AuditEvent
from audit.services import audit_record


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", _("Provincial department")
    RESCUE_TEAM = "rescue_team", _("National fire and rescue team in Yunnan")
    CENTRAL = "central", _("Central government unit in Yunnan")
    MILITARY = "military", _("Military")
    MASS_ORG = "mass_org", _("Mass organisation")
    PREFECTURE = "prefecture", _("Prefecture-level government")
    COLLECTIVE = "collective", _("Collective name")


class AgencyQuerySet(models.QuerySet):
    def prefectures(self):
        return self.filter(kind=AgencyKind.PREFECTURE)

    def collectives(self):
        return self.filter(kind=AgencyKind.COLLECTIVE)


class Agency(models.Model):
    """A unit as the plan writes it. A collective name ("各州、市人民政府") is an agency whose members are the
    units it stands for; "省级有关部门" is a collective without a fixed member list."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    code = models.CharField(_("GB/T 2260 code"), max_length=6, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    members = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="collectives", verbose_name=_("members")
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""), name="agency_unique_code"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_collective(self) -> bool:
        return self.kind == AgencyKind.COLLECTIVE


class ResponsibilityRole(models.TextChoices):
    LEAD = "lead", _("Lead unit")
    PARTICIPANT = "participant", _("Participating unit")


class Responsibility(models.Model):
    """One agency in an item's responsibility list, at its place in plan order (the first one leads)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name=_("agency"))
    position = models.PositiveSmallIntegerField(_("position"))
    role = models.CharField(_("role"), max_length=20, choices=ResponsibilityRole.choices)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return f"{self.agency} ({self.get_role_display()})"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Provincial coordinator")
    DEPARTMENT_EDITOR = "department_editor", _("Department editor")
    PREFECTURE_REPORTER = "prefecture_reporter", _("Prefecture reporter")
    LEADERSHIP = "leadership", _("Leadership")
    AUDITOR = "auditor", _("Auditor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


# 三员分立 (等保2.0 level 3): accounts (system administrator), roles and policies (security administrator) and the
# audit log (audit administrator) are three people's duties. Whoever holds one holds no other role, so no
# administrator also edits plan data, and no one both grants access and reads the record of it.
ADMINISTRATOR_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
# The roles that work with the plan's data: every role but the administrators'.
PLAN_ROLES = [role for role in Role.values if role not in ADMINISTRATOR_ROLES]


def roles_conflict(roles) -> str | None:
    """Why the roles cannot be held together by one account, or None."""
    roles = set(roles)
    held = [role for role in ADMINISTRATOR_ROLES if role in roles]
    if held and len(roles) > 1:
        return _("%(role)s is an administrator's duty (三员分立): an account that holds it holds no other role.") % {
            "role": Role(held[0]).label}
    return None


# The first account `createsuperuser` makes on a fresh install is its system administrator: it creates the other
# accounts; `manage.py appoint_administrator` names the security administrator, who grants every other role.
SUPERUSER_ROLE = Role.SYSTEM_ADMIN


class User(AbstractUser):
    """A portal user: belongs to one agency and holds one or more roles (RoleAssignment)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("agency")
    )
    # When the password was last set (its age is limited: PASSWORD_MAX_AGE_DAYS), and whether an administrator set
    # it, so that its holder must choose their own at the next sign-in (agencies.middleware.PasswordPolicyMiddleware).
    password_changed_at = models.DateTimeField(_("password changed at"), default=timezone.now)
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # Made by `seed_demo` for trying the portal; refused wherever DEMO_ACCOUNTS_ALLOWED is off (production).
    demo = models.BooleanField(_("demo account"), default=False, editable=False)
    # When the system administrator last enabled the account again: the unused-accounts job counts from then.
    enabled_at = models.DateTimeField(_("enabled again at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login", "password_changed_at"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def roles(self) -> frozenset[str]:
        """The user's roles, read once per user object (so once per request for request.user). A superuser (the
        first account `createsuperuser` makes on a fresh install) is a coordinator."""
        if not hasattr(self, "_roles"):
            assigned = frozenset(a.role for a in self.role_assignments.all()) if self.pk else frozenset()
            self._roles = (assigned | {SUPERUSER_ROLE}) if self.is_superuser else assigned
        return self._roles

    @property
    def role_implied(self) -> bool:
        """Whether the superuser's role comes only from being a superuser (no assignment of it)."""
        return self.is_superuser and SUPERUSER_ROLE not in {a.role for a in self.role_assignments.all()}

    @staticmethod
    def holding(role: str) -> models.Q:
        """Who holds the role, as `roles` reads it: an assignment, or being a superuser for SUPERUSER_ROLE."""
        holds = models.Q(role_assignments__role=role)
        return holds | models.Q(is_superuser=True) if role == SUPERUSER_ROLE else holds

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def save(self, *args, **kwargs):
        # A new password (changed, reset, or set by an administrator) ends every API token: whoever knew the old
        # one must not keep the access it opened. set_password() leaves the raw value until the save.
        password_changed = self._password is not None and self.pk is not None
        if self._password is not None:
            self.password_changed_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "password_changed_at"}
        super().save(*args, **kwargs)
        if password_changed:
            revoked = self.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
            audit_record(AuditEvent.PASSWORD_CHANGED, user=self, object=f"user {self.get_username()}",
                         detail=f"API tokens revoked: {revoked}")


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"

    def save(self, *args, **kwargs):
        # The last guard of 三员分立, whatever writes the row; forms and services say it to the user first.
        others = set(RoleAssignment.objects.filter(user_id=self.user_id).exclude(pk=self.pk)
                     .values_list("role", flat=True))
        problem = roles_conflict(others | {self.role} | ({SUPERUSER_ROLE} if self.user.is_superuser else set()))
        if problem:
            raise ValidationError(problem)
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """A personal API token for a system acting as the user. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.user} · {self.name} ({self.prefix}…)"
