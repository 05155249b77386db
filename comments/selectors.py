"""Reads of comment threads: the target a key names, and the threads of a target a user may read."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from comments.models import Comment
from comments.permissions import can_read_target, can_read_thread, can_write_thread, thread_units
from core.numbers import parse_int
from problems.models import Problem
from projects.models import KeyProject, Safeguard
from reporting.models import ReportItem
from tasks.models import Task
from tasks.selectors import item_detail_for

TARGETS = {"task": Task, "key_project": KeyProject, "safeguard": Safeguard, "report_item": ReportItem,
           "problem": Problem}


@dataclass
class Thread:
    unit: object
    comments: list
    writable: bool


def target_key(target) -> str:
    kind = next(kind for kind, model in TARGETS.items() if isinstance(target, model))
    return f"{kind}:{target.pk}"


def target_of(key: str):
    """The target a key ("task:12", "report_item:5", "problem:7"…) names, read with what the rules need; None."""
    kind, _sep, pk = (key or "").partition(":")
    model, pk = TARGETS.get(kind), parse_int(pk)
    if model is None or pk is None:
        return None
    if model is ReportItem:
        return ReportItem.objects.select_related("report__prefecture").filter(pk=pk).first()
    if model is Problem:
        return Problem.objects.select_related("agency", "owner").prefetch_related("helpers").filter(pk=pk).first()
    item = model.objects.filter(pk=pk).first()
    return item_detail_for(item) if item is not None else None


def threads(*, user, target) -> list[Thread]:
    """The target's threads the user may read, each with its comments (oldest first) and whether the user may
    write in it; [] when the user may not read the target. A thread without comments is listed where the user may
    start it."""
    if target is None or not can_read_target(user, target):
        return []
    units = [unit for unit in thread_units(target) if can_read_thread(user, target, unit)]
    by_unit = defaultdict(list)
    for comment in (Comment.objects.filter(target_type=ContentType.objects.get_for_model(target),
                                           target_id=target.pk, unit__in=units).select_related("author")):
        by_unit[comment.unit_id].append(comment)
    shown = []
    for unit in units:
        writable = can_write_thread(user, target, unit)
        if by_unit[unit.pk] or writable:
            shown.append(Thread(unit, by_unit[unit.pk], writable))
    return shown
