"""Writes to agencies and users."""

import hashlib
import secrets
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from agencies.models import (
    SUPERUSER_ROLE,
    Agency,
    AgencyKind,
    ApiToken,
    ResponsibilityRole,
    Role,
    RoleAssignment,
    User,
    roles_conflict,
)
from agencies.permissions import account_usable
from audit.models import AuditEvent
from audit.services import audit_record
from core.loading import LoadReport, sync_children, upsert

COLLECTIVE_PREFECTURES = "各州、市人民政府"


def agencies_load(*, entries: list[dict], report: LoadReport) -> dict[str, Agency]:
    """Upsert the plan's agencies by name; the collective 各州、市人民政府 gets the 16 prefectures as members."""
    agencies = {}
    for entry in entries:
        agencies[entry["name"]] = upsert(
            Agency,
            {"name": entry["name"]},
            {"kind": entry["kind"], "short_name": entry["short_name"], "code": entry["code"], "order": entry["order"]},
            report,
        )
    collective = agencies[COLLECTIVE_PREFECTURES]
    prefectures = {a.pk for a in agencies.values() if a.kind == AgencyKind.PREFECTURE}
    if set(collective.members.values_list("pk", flat=True)) != prefectures:
        collective.members.set(prefectures)
        report.updated[Agency._meta.label] += 1
    return agencies


def responsibilities_sync(*, manager, names: list[str], agencies: dict[str, Agency], report: LoadReport) -> None:
    """Set an item's responsibility list to `names` in plan order: the first leads, the rest participate."""
    wanted = [
        {
            "position": position,
            "agency_id": agencies[name].pk,
            "role": ResponsibilityRole.LEAD if position == 1 else ResponsibilityRole.PARTICIPANT,
        }
        for position, name in enumerate(names, start=1)
    ]
    sync_children(manager, wanted, ("position", "agency_id", "role"), report)


def sessions_clear_expired() -> int:
    """Delete expired sessions (the database session store never does it by itself)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def accounts_disable_unused(*, days: int) -> list[str]:
    """Disable every active account with no sign of use for `days` days: no sign-in, no use of its API tokens, not
    made nor enabled again by the system administrator in that time. A forgotten account cannot then be used by
    whoever finds its password. Returns the user names disabled."""
    if days <= 0:
        return []
    cutoff = timezone.now() - timedelta(days=days)
    unused = (User.objects.filter(is_active=True, date_joined__lt=cutoff)
              .filter(models.Q(last_login__isnull=True) | models.Q(last_login__lt=cutoff))
              .filter(models.Q(enabled_at__isnull=True) | models.Q(enabled_at__lt=cutoff))
              .exclude(api_tokens__last_used_at__gte=cutoff))
    disabled = []
    for user in unused.order_by("username"):
        user.is_active = False
        user._change_reason = f"unused for {days} days"
        user.save(update_fields=["is_active"])
        disabled.append(user.get_username())
    return disabled


def two_factor_reset(*, user: User, actor: User) -> int:
    """The security administrator's answer to a lost phone: the user's authenticator and recovery codes are
    removed, so the next sign-in sets up a new one. Returns how many devices were removed."""
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    audit_record(AuditEvent.TWO_FACTOR_RESET, user=actor, object=f"user {user.get_username()}",
                 detail=f"devices removed: {removed}")
    return removed


def sign_in_unlock(*, user: User, actor: User) -> int:
    """Lift a lockout (django-axes) before it expires, once the holder has been reached another way."""
    lifted = axes_reset(username=user.get_username())
    audit_record(AuditEvent.SIGN_IN_UNLOCKED, user=actor, object=f"user {user.get_username()}",
                 detail=f"lockouts lifted: {lifted}")
    return lifted


def user_set_roles(*, user, roles, actor: User | None = None) -> None:
    """Give the user exactly these roles; each added or removed role is a row in the role history. Roles that one
    account may not hold together (三员分立) are refused whole."""
    wanted = set(roles)
    problem = roles_conflict(wanted | ({SUPERUSER_ROLE} if user.is_superuser else set()))
    if problem:
        raise ValidationError({"roles": problem})
    with transaction.atomic():
        for assignment in user.role_assignments.exclude(role__in=wanted):
            assignment._history_user = actor
            assignment.delete()
        have = set(user.role_assignments.values_list("role", flat=True))
        for role in sorted(wanted - have):
            assignment = RoleAssignment(user=user, role=role)
            assignment._history_user = actor
            assignment.full_clean()
            assignment.save()
    user.__dict__.pop("_roles", None)


# One demo account per role, with reporters for two prefectures, and the three administrators (三员分立).
DEMO_USERS = [
    ("coordinator", "省应急厅", [Role.COORDINATOR], "省应急厅 · provincial coordinator"),
    ("water", "省水利厅", [Role.DEPARTMENT_EDITOR], "省水利厅 · department editor"),
    ("fire", "省消防救援总队", [Role.DEPARTMENT_EDITOR], "省消防救援总队 · department editor"),
    ("kunming", "昆明市", [Role.PREFECTURE_REPORTER], "昆明市 · prefecture reporter"),
    ("dali", "大理白族自治州", [Role.PREFECTURE_REPORTER], "大理州 · prefecture reporter"),
    ("leader", "省应急厅", [Role.LEADERSHIP], "leadership (read-only)"),
    ("auditor", "省应急厅", [Role.AUDITOR], "auditor (read-only, full history)"),
    ("sysadmin", "省应急厅", [Role.SYSTEM_ADMIN], "system administrator (accounts)"),
    ("secadmin", "省应急厅", [Role.SECURITY_ADMIN], "security administrator (roles)"),
    ("auditadmin", "省应急厅", [Role.AUDIT_ADMIN], "audit administrator (audit log)"),
]


def demo_users_seed(*, password_factory) -> list[tuple[str, str, str, str]]:
    """Create the demo accounts, or reset their passwords; returns (username, password, agency, description).
    Refused where demo accounts are (production)."""
    if not settings.DEMO_ACCOUNTS_ALLOWED:
        raise PermissionDenied(_("Demo accounts are not allowed with these settings (DEMO_ACCOUNTS_ALLOWED)."))
    rows = []
    for username, agency_name, roles, description in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=username)
        password = password_factory()
        user.agency = Agency.objects.get(name=agency_name)
        user.is_staff = user.is_superuser = False  # administrators reach the admin through their role
        user.demo = True
        user.email = user.email or f"{username}@demo.invalid"  # mail goes to the console in `make run`
        user.set_password(password)
        user.save()
        user_set_roles(user=user, roles=roles)
        rows.append((username, password, agency_name, description))
    return rows


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(*, user: User, name: str, password: str, request) -> tuple:
    """Create a personal API token after the user confirms their password (so a lockout covers token creation
    too). Returns (token, raw): the raw token is shown once and never stored."""
    if not (name or "").strip():
        raise ValidationError({"name": _("Name the system that will use the token.")})
    if authenticate(request, username=user.username, password=password) is None:
        raise PermissionDenied(_("The password is not correct."))
    raw = "ynp_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip()[:100], prefix=raw[4:12], key_hash=_token_hash(raw))
    audit_record(AuditEvent.TOKEN_CREATED, request=request, user=user, object=f"token {token.prefix}… {token.name}")
    return token, raw


def token_revoke(*, token, actor: User) -> None:
    if token.user_id != actor.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(AuditEvent.TOKEN_REVOKED, user=actor, object=f"token {token.prefix}… {token.name}")


def token_authenticate(raw: str):
    """The active token for a raw value, or None; notes when it was last used (at most once a minute)."""
    token = ApiToken.objects.select_related("user").filter(key_hash=_token_hash(raw), revoked_at__isnull=True,
                                                           user__is_active=True).first()
    if token is not None and not account_usable(token.user):
        return None
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
            # Recorded as often as the use is noted (at most once a minute per token), not on every request.
            audit_record(AuditEvent.TOKEN_USED, user=token.user, object=f"token {token.prefix}… {token.name}")
    return token
