"""终期评估: the plan period 2021–2025 judged once it has ended. Each task and key project is classified by what
became of it, each target by whether it was reached by the end of 2025, and each unit and prefecture gets its
record. Read from the items, the office's completion decisions, the targets' values and the reports as they stand
on `today` (an item completed in 2026 is "completed late", one still open "not completed")."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, ResponsibilityRole
from core.dates import HORIZON_END, PLAN_END
from core.lights import target_met
from core.numbers import plain_number
from evaluation.models import FinalEvaluationSnapshot
from indicators.models import Indicator
from indicators.selectors import with_current_value
from projects.models import KeyProject
from reporting.models import CompletionDecision
from reporting.selectors import completeness_by_prefecture
from revisions.selectors import values_in_force
from supervision.selectors import responsible_units
from tasks.models import ItemScope, ItemStatus, Task
from tasks.selectors import designations_prefetch, responsibilities_prefetch


class ItemOutcome(models.TextChoices):
    COMPLETED_ON_TIME = "completed_on_time", _("Completed on time (按期完成)")
    COMPLETED_LATE = "completed_late", _("Completed late (逾期完成)")
    NOT_COMPLETED = "not_completed", _("Not completed (未完成)")
    ONGOING = "ongoing", _("Ongoing (持续推进)")
    DROPPED = "dropped", _("Dropped or merged (撤销或合并)")


class TargetOutcome(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved (已实现)")
    NOT_ACHIEVED = "not_achieved", _("Not achieved (未实现)")
    NOT_ASSESSABLE = "not_assessable", _("Not assessable (无法评估)")


DROPPED_NOTES = {ItemScope.NOT_APPLICABLE: "经规划调整，不再适用", ItemScope.MERGED: "经规划调整，并入其他任务"}


@dataclass
class ItemResult:
    item: Task | KeyProject
    outcome: ItemOutcome
    deadline: date | None  # the deadline in force (revised or as adopted)
    completed_on: date | None
    note: str = ""  # in Chinese, like every stored reason: why, in words


@dataclass
class TargetResult:
    indicator: Indicator
    outcome: TargetOutcome
    final_value: Decimal | None
    final_date: date | None
    gap: Decimal | None  # how far short of the target (in the target's unit), when not achieved
    note: str = ""
    target: Decimal | None = None  # the target value and year as they stood at the end of 2025
    target_year: int | None = None

    @property
    def target_display(self) -> str:
        return f"{self.indicator.get_comparator_display()}{plain_number(self.target)}{self.indicator.unit}"


@dataclass
class UnitRecord:
    agency: Agency
    outcomes: Counter = field(default_factory=Counter)
    reports: object = None  # reporting.selectors.Completeness over the plan period, for a prefecture

    @property
    def items(self) -> int:
        return sum(self.outcomes.values())

    @property
    def completed(self) -> int:
        return self.outcomes[ItemOutcome.COMPLETED_ON_TIME] + self.outcomes[ItemOutcome.COMPLETED_LATE]

    @property
    def completion_rate(self) -> float | None:
        judged = self.items - self.outcomes[ItemOutcome.ONGOING] - self.outcomes[ItemOutcome.DROPPED]
        return round(100 * self.completed / judged, 1) if judged else None


@dataclass
class FinalEvaluation:
    today: date
    items: list[ItemResult]
    targets: list[TargetResult]
    units: list[UnitRecord]
    prefectures: list[UnitRecord]

    @property
    def ended(self) -> bool:
        return self.today > PLAN_END

    @property
    def days_since_end(self) -> int:
        return (self.today - PLAN_END).days

    @property
    def days_to_horizon(self) -> int:
        return (HORIZON_END - self.today).days

    @property
    def unfinished(self) -> list:
        """The items not completed: those the office may carry over (结转)."""
        return [result.item for result in self.items if result.outcome == ItemOutcome.NOT_COMPLETED]

    @property
    def item_counts(self) -> dict[str, int]:
        counts = Counter(result.outcome for result in self.items)
        return {outcome: counts[outcome] for outcome in ItemOutcome.values}

    @property
    def target_counts(self) -> dict[str, int]:
        counts = Counter(result.outcome for result in self.targets)
        return {outcome: counts[outcome] for outcome in TargetOutcome.values}


def item_outcome(*, scope: str, status: str, ongoing: bool, deadline: date | None, completed_on: date | None,
                 pending: bool = False) -> tuple[ItemOutcome, str]:
    """What became of one item, and why in words: the rule every page, sheet and bulletin of the final evaluation
    uses. An item without a deadline of its own is due by the end of the plan period."""
    if scope != ItemScope.ACTIVE:
        return ItemOutcome.DROPPED, DROPPED_NOTES[scope]
    due = deadline or PLAN_END
    if status == ItemStatus.COMPLETED:
        if completed_on is None:
            return ItemOutcome.COMPLETED_ON_TIME, "已销号（完成日期未记录）"
        if completed_on <= due:
            return ItemOutcome.COMPLETED_ON_TIME, f"{completed_on:%Y-%m-%d}完成"
        return ItemOutcome.COMPLETED_LATE, f"{completed_on:%Y-%m-%d}完成，逾期{(completed_on - due).days}天"
    if ongoing:
        return ItemOutcome.ONGOING, "持续推进事项，不设完成时限"
    waiting = "，已申请办结待销号" if pending else ""
    if due > PLAN_END:
        return ItemOutcome.NOT_COMPLETED, f"完成时限已调整至{due:%Y-%m-%d}{waiting}"
    return ItemOutcome.NOT_COMPLETED, f"时限{due:%Y-%m-%d}，未完成{waiting}"


def target_outcome(*, comparator: str, target: Decimal, target_year: int, value: Decimal | None,
                   unit: str) -> tuple[TargetOutcome, Decimal | None, str]:
    """Whether a target was reached by the end of the plan period, the gap when not, and why in words."""
    if target_year > PLAN_END.year:
        return TargetOutcome.NOT_ASSESSABLE, None, f"目标年份为{target_year}年，不在本规划期评估"
    if value is None:
        return TargetOutcome.NOT_ASSESSABLE, None, f"无{PLAN_END.year}年末及以前的监测值"
    shown = f"期末值{plain_number(value)}{unit}，目标{plain_number(target)}{unit}"
    if target_met(comparator, float(value), float(target)):
        return TargetOutcome.ACHIEVED, None, shown
    gap = abs(target - value)
    return TargetOutcome.NOT_ACHIEVED, gap, f"{shown}，差距{plain_number(gap)}{unit}"


def completion_dates(model) -> dict[int, date]:
    """When each completed item was completed: the day its unit asked for completion (办结申请) that the office
    then verified, or the day of the verification where no request is recorded."""
    link = model.ITEM_KIND
    decisions = (CompletionDecision.objects.filter(decision=CompletionDecision.VERIFIED, part__isnull=True,
                                                   **{f"{link}__isnull": False})
                 .order_by("decided_at", "pk").values_list(f"{link}_id", "request__created_at", "decided_at"))
    local = timezone.localtime
    return {pk: local(requested or decided).date() for pk, requested, decided in decisions}  # the latest wins


def completed_on(item, dates: dict[int, date]) -> date | None:
    """The day a completed item was completed (completion_dates), or, where no decision is recorded (an item the
    office set completed itself), the day its status last changed; None while it is not completed. The one rule
    the final evaluation and the annual scores share."""
    if item.status != ItemStatus.COMPLETED:
        return None
    return dates.get(item.pk) or (timezone.localtime(item.status_updated_at).date() if item.status_updated_at
                                  else None)


def deadline_in_force(item, in_force: dict) -> date | None:
    """The item's deadline on the day `in_force` was read for (revisions.selectors.values_in_force): a revision
    decided after that day does not count."""
    then = in_force.get((type(item).ITEM_KIND, item.pk), {})
    if "deadline" not in then:
        return item.deadline
    return date.fromisoformat(then["deadline"]) if then["deadline"] else None


def scope_in_force(item, in_force: dict) -> str:
    """The item's scope on the day `in_force` was read for, as deadline_in_force reads its deadline."""
    return in_force.get((type(item).ITEM_KIND, item.pk), {}).get("scope", item.scope)


def _item_results(model, order: str, *, with_units: bool, in_force: dict) -> list[ItemResult]:
    """Each item judged against its deadline and scope as they stood at the end of 2025: a deadline moved later
    (结转 toward 2035, say) is said in the note, and does not make a late completion timely."""
    dates = completion_dates(model)
    items = model.objects.order_by(order)
    if with_units:  # who answers for each item, for the units' records
        items = items.prefetch_related(
            responsibilities_prefetch(model._meta.get_field("responsibilities").related_model),
            designations_prefetch())
    results = []
    for item in items:
        deadline, done = deadline_in_force(item, in_force), completed_on(item, dates)
        outcome, note = item_outcome(scope=scope_in_force(item, in_force), status=item.status,
                                     ongoing=item.is_ongoing, deadline=deadline, completed_on=done,
                                     pending=item.status == ItemStatus.PENDING_VERIFICATION)
        if item.deadline != deadline and item.deadline:
            note += f"；规划期后完成时限调整至{item.deadline:%Y-%m-%d}"
        results.append(ItemResult(item, outcome, deadline, done, note))
    return results


def _target_results(in_force: dict) -> list[TargetResult]:
    """Each target as it stood at the end of 2025 (a later revision of its value or year does not count), by its
    value in force on that day."""
    results = []
    indicators = with_current_value(Indicator.objects.select_related("goal_area"), as_of=PLAN_END).order_by(
        models.F("goal_area__number").asc(nulls_last=True), "code")
    for indicator in indicators:
        then = in_force.get(("indicator", indicator.pk), {})
        target = Decimal(then["target_value"]) if then.get("target_value") else indicator.target_value
        year = int(then["target_year"]) if then.get("target_year") else indicator.target_year
        outcome, gap, note = target_outcome(comparator=indicator.comparator, target=target, target_year=year,
                                            value=indicator.current, unit=indicator.unit)
        if (target, year) != (indicator.target_value, indicator.target_year):
            note += (f"；规划期后目标调整为{plain_number(indicator.target_value)}{indicator.unit}"
                     f"（{indicator.target_year}年）")
        results.append(TargetResult(indicator, outcome, indicator.current, indicator.current_date, gap, note,
                                    target, year))
    return results


def _records(items: list[ItemResult]) -> tuple[list[UnitRecord], list[UnitRecord]]:
    """Each provincial unit's record of the items it led, and each prefecture's of the items it answers for
    (named, or through 各州、市人民政府), with its reports over the plan period."""
    units: dict[int, UnitRecord] = {}
    prefectures = {prefecture.pk: UnitRecord(prefecture, reports=reports)
                   for prefecture, reports in completeness_by_prefecture(until=PLAN_END)}
    for result in items:
        for unit, role in responsible_units(result.item):
            if unit.pk in prefectures:
                prefectures[unit.pk].outcomes[result.outcome] += 1
            elif role == ResponsibilityRole.LEAD:
                units.setdefault(unit.pk, UnitRecord(unit)).outcomes[result.outcome] += 1
    led = sorted(units.values(), key=lambda unit: (-(unit.completion_rate or 0), unit.agency.order, unit.agency.pk))
    return led, list(prefectures.values())


def final_counts(today: date):
    """The final evaluation's counts as the recomputation last stored them, on or before `today` (the dashboard's
    line); None before the first recomputation after the plan period."""
    return FinalEvaluationSnapshot.objects.filter(date__lte=today).order_by("-date").first()


def final_evaluation(today: date | None = None, *, records: bool = True) -> FinalEvaluation:
    """The final evaluation of the plan period as it stands on `today`; without the units' records when only the
    counts are wanted (the dashboard)."""
    in_force = values_in_force(PLAN_END)
    items = [result for model, order in ((Task, "order"), (KeyProject, "number"))
             for result in _item_results(model, order, with_units=records, in_force=in_force)]
    units, prefectures = _records(items) if records else ([], [])
    return FinalEvaluation(today or timezone.localdate(), items, _target_results(in_force), units, prefectures)
