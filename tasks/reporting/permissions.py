"""Who may see and act on prefecture reports: a reporter only its own prefecture's; the provincial office all,
and it alone reviews; leadership and auditors read."""

from django.db.models import QuerySet

from agencies.models import Role
from agencies.permissions import is_coordinator


def sees_all_reports(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COORDINATOR, Role.LEADERSHIP, Role.AUDITOR)


def visible_reports(user, queryset: QuerySet) -> QuerySet:
    if not user.is_authenticated:
        return queryset.none()
    if sees_all_reports(user):
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
