"""Writes to agencies and users."""

from django.contrib.sessions.models import Session
from django.utils import timezone

from agencies.models import Agency, AgencyKind, ResponsibilityRole
from portal.services import LoadReport, sync_children, upsert

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


# One account per kind of user; roles arrive with the roles issue, until then the coordinator is the admin.
DEMO_USERS = [
    ("coordinator", "省应急厅", True, "省应急厅 coordinator (admin)"),
    ("water", "省水利厅", False, "provincial department (省水利厅)"),
    ("fire", "省消防救援总队", False, "provincial unit (省消防救援总队)"),
    ("kunming", "昆明市", False, "prefecture reporter (昆明市)"),
    ("dali", "大理白族自治州", False, "prefecture reporter (大理州)"),
    ("leader", "省应急厅", False, "leadership (read-only)"),
]


def demo_users_seed(*, password_factory) -> list[tuple[str, str, str, str]]:
    """Create the demo accounts, or reset their passwords; returns (username, password, agency, description)."""
    from agencies.models import User

    rows = []
    for username, agency_name, is_admin, description in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        password = password_factory()
        user.agency = Agency.objects.get(name=agency_name)
        user.is_staff = user.is_superuser = is_admin
        user.set_password(password)
        user.save()
        rows.append((username, password, agency_name, description))
    return rows
