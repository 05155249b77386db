"""Agencies named in the plan's responsibility lists, the 16 prefectures, and the portal's users."""

from django.contrib.auth.models import AbstractUser
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


# The first account `createsuperuser` makes on a fresh install runs the portal: a superuser is a coordinator.
SUPERUSER_ROLE = Role.COORDINATOR


class User(AbstractUser):
    """A portal user: belongs to one agency and holds one or more roles (RoleAssignment)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("agency")
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

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
