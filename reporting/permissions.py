"""Who may see and act on what units report.

- Prefecture reports: a reporter only its own prefecture's; the provincial office all, and it alone reviews;
  leadership and auditors read.
- Progress entries: everyone who sees the item reads them, except that a prefecture reporter does not read
  other prefectures' entries. Who may write them is the item's rule (tasks.permissions).
"""

from django.db.models import Q, QuerySet

from agencies.models import AgencyKind, Role
from agencies.permissions import is_coordinator, sees_every_item, sees_whole_plan


def visible_reports(user, queryset: QuerySet) -> QuerySet:
    if not user.is_authenticated:
        return queryset.none()
    if sees_whole_plan(user):
        return queryset
    if user.has_role(Role.PREFECTURE_REPORTER) and user.agency_id:
        return queryset.filter(prefecture_id=user.agency_id)
    return queryset.none()


def can_edit_report(user, report) -> bool:
    return (user.is_authenticated and user.has_role(Role.PREFECTURE_REPORTER)
            and user.agency_id == report.prefecture_id)


def can_review_report(user) -> bool:
    return is_coordinator(user)


def can_manage_periods(user) -> bool:
    return is_coordinator(user)


def visible_entries_q(user, *, path: str = "") -> Q:
    """The progress entries the user may read, as a condition on entries reached through `path` (e.g.
    "progress_entries__" from an item): everyone's, except that a prefecture reporter reads the provincial units'
    entries and its own prefecture's, not other prefectures'."""
    if sees_every_item(user):
        return Q()
    if not user.is_authenticated or user.agency_id is None:
        return Q(**{f"{path}pk__in": []})
    return ~Q(**{f"{path}agency__kind": AgencyKind.PREFECTURE}) | Q(**{f"{path}agency_id": user.agency_id})


def visible_entries(user, entries: QuerySet) -> QuerySet:
    return entries.filter(visible_entries_q(user))
