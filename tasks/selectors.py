"""Reads of the plan structure for pages and the API."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tasks.filters import TaskFilter
from tasks.models import DesignatedUnit, GoalArea, Plan, Task, TaskGroup, TaskResponsibility
from tasks.permissions import visible_items


def responsibilities_prefetch(model) -> Prefetch:
    """The responsibility list of any plan item in plan order, with its agencies and the members of collective
    ones (the permission rules read them), in two queries."""
    return Prefetch(
        "responsibilities",
        queryset=model.objects.select_related("agency").prefetch_related("agency__members").order_by("position"),
    )


def designations_prefetch() -> Prefetch:
    """The departments named to act for 省级有关部门 on an item (any kind), with their agencies, in one query."""
    return Prefetch("designations", queryset=DesignatedUnit.objects.select_related("agency", "designated_by"))


def revisions_prefetch(model) -> Prefetch:
    """A task's or key project's plan revisions with who made them and the task merged into, in one query, for
    "original → revised (reason, date)" on lists, pages, the API and the export. revisions/ is a layer above: its
    model is reached through the reverse relation its foreign key gives the item, not imported."""
    revision = model._meta.get_field("revisions").related_model
    return Prefetch("revisions", queryset=revision.objects.select_related("merged_into", "actor"))


def plan_current() -> Plan:
    return Plan.objects.get()


def plan_overview() -> dict:
    """The plan's front page: goals and their targets, principles, and the task groups with their sizes."""
    plan = plan_current()
    goal_areas = GoalArea.objects.filter(plan=plan).prefetch_related(
        "indicators__mentions__paragraph"
    )
    return {
        "plan": plan,
        "goal_areas": goal_areas,
        "principles": plan.principles.all(),
        "task_groups": task_group_list(),
    }


def task_group_list() -> QuerySet[TaskGroup]:
    active = Count("tasks", filter=Q(tasks__scope="active"))  # not applicable or merged tasks are not counted
    return TaskGroup.objects.annotate(task_count=active).order_by("number")


def task_list() -> QuerySet[Task]:
    """Tasks in plan order with everything a list row shows, in a fixed number of queries."""
    return (
        Task.objects.select_related("group", "merged_into")
        .prefetch_related(
            responsibilities_prefetch(TaskResponsibility),
            designations_prefetch(),
            revisions_prefetch(Task),
            "indicators",  # in code order, the targets' own ordering
        )
        .order_by("order")
    )


def task_filterset(*, filters, request) -> TaskFilter:
    """The tasks the user may see, narrowed by the filters of a page or API request (bad values are reported
    by the filter form and ignored)."""
    return TaskFilter(filters, queryset=visible_items(request.user, task_list()), request=request)


def task_detail(*, code: str, user) -> Task:
    """One task the user may see, with what its page shows; DoesNotExist also when the user may not see it."""
    return (
        visible_items(user, Task.objects.all())
        .select_related("group", "paragraph", "status_updated_by", "merged_into")
        .prefetch_related(
            responsibilities_prefetch(TaskResponsibility),
            designations_prefetch(),
            revisions_prefetch(Task),
            "indicators__mentions__paragraph",
        )
        .get(code=code)
    )


@dataclass
class HistoryEntry:
    """One recorded change of an item, ready to show: who, when, and each field's old and new value."""

    when: datetime
    user: object
    action: str
    changes: list[tuple[str, str, str]]
    version: int | None = None


HISTORY_FIELDS = ["status", "percent", "title", "text", "deadline", "deadline_text", "responsibility_text", "scope"]
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def _display(record, field_name: str) -> str:
    field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, field_name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    return "" if value is None else str(value)


def saves_since(subject, *, version: int, field: str = "version") -> list[HistoryEntry]:
    """Who saved a versioned row (a report, an allocation) after `version` (of its `field`), and when, from its
    history: what a stale save is told, so the user knows whose work would have been overwritten."""
    records = subject.history.filter(**{f"{field}__gt": version}).select_related("history_user").order_by(
        "history_date")
    return [HistoryEntry(record.history_date, record.history_user, str(ACTIONS["~"]), [], getattr(record, field))
            for record in records]


def item_history(*, item, since_version: int | None = None) -> list[HistoryEntry]:
    """Every recorded change of a task or key project, oldest first: its own fields and its responsibility list.
    With `since_version`, only the changes made after that version (what a stale editor missed)."""
    records = list(item.history.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    previous = None
    for record in records:
        if previous is None:
            changes = []
        else:
            delta = record.diff_against(previous, included_fields=HISTORY_FIELDS)
            changes = [(str(record.instance_type._meta.get_field(c.field).verbose_name),
                        _display(previous, c.field), _display(record, c.field)) for c in delta.changes]
        if (since_version is None or record.version > since_version) and (previous is None or changes):
            entries.append(HistoryEntry(record.history_date, record.history_user,
                                        str(ACTIONS[record.history_type]), changes, record.version))
        previous = record
    if since_version is None:
        responsibility_model = item.responsibilities.model
        link = {item.responsibilities.field.attname: item.pk}
        for record in responsibility_model.history.filter(**link).select_related("history_user", "agency"):
            entries.append(HistoryEntry(
                record.history_date, record.history_user, str(ACTIONS[record.history_type]),
                [(str(_("responsible unit")), "", f"{record.position}. {record.agency} ({record.get_role_display()})")],
            ))
        designations = DesignatedUnit.history.filter(item_type=ContentType.objects.get_for_model(item),
                                                     item_id=item.pk).select_related("history_user", "agency")
        for record in designations:
            if record.history_type == "~":
                continue  # the withdrawal's reason, written just before the removal that shows it
            named = f"{record.agency} ({record.get_role_display()})"
            removed = record.history_type == "-"
            entries.append(HistoryEntry(record.history_date, record.history_user, str(ACTIONS[record.history_type]), [
                (str(_("acting for 省级有关部门")), named if removed else "", "" if removed else named),
                (str(_("reason")), "", record.withdrawn_reason if removed else record.reason)]))
    return sorted(entries, key=lambda e: e.when)


def item_detail_for(item):
    """Reload an item with what the permission rules read (responsibilities with collective members, and the
    departments named for 省级有关部门)."""
    return type(item).objects.prefetch_related(responsibilities_prefetch(item.responsibilities.model),
                                               designations_prefetch()).get(pk=item.pk)
