"""考核评分: each unit's score for a year by the year's scheme (evaluation.models.ScoringScheme), every point
explained ("报送及时率87.5%（7/8），得17.5分/20分"), with the office's adjustments beside the computed score.

The scheme is data: which measures count, for which kind of unit, with what weight and parameter. The measures
are the code below, each read from the portal's own records of the year:
- items_on_time: items due in the year (tasks and key projects) completed by their deadline, of those due;
- reports_on_time: the prefecture's reports of the year's periods, due by today, first sent in on time;
- targets_on_track: targets of the items the department leads that are green on the year's last snapshot;
- notices_answered: 督办单 of the year whose answer was due by today, answered by that day;
- data_quality: points off for each of the prefecture's reports the office returned in the year."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyKind, ResponsibilityRole
from core.lights import Light
from core.numbers import parse_number, plain_number
from evaluation.final import completed_on, completion_dates, deadline_in_force, scope_in_force
from evaluation.models import ScoringScheme
from indicators.models import Indicator
from notices.models import StepKind, SupervisionNotice
from projects.models import KeyProject
from reporting.models import PrefectureReport, ReportStatus, ReportTransition
from revisions.selectors import values_in_force
from snapshots.models import LightSnapshot, SubjectKind
from supervision.selectors import responsible_units_of
from tasks.models import ItemScope, Task

DEPARTMENT, PREFECTURE = "department", "prefecture"
UNIT_KINDS = {DEPARTMENT: "省级单位", PREFECTURE: "州市"}
RATE, DEDUCTION = "rate", "deduction"
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Measure:
    name: str  # the criterion's name unless the scheme gives another (in Chinese, as the scores are written)
    kinds: tuple[str, ...]  # which kinds of unit it can score
    rule: str  # RATE: weight × share; DEDUCTION: weight − param per case, at least 0
    counted: str = ""  # what a rate counts, for "本年度无…" when there is nothing to count


MEASURES = {
    "items_on_time": Measure("事项按期完成率", (DEPARTMENT, PREFECTURE), RATE, "到期事项"),
    "reports_on_time": Measure("报送及时率", (PREFECTURE,), RATE, "应报报告"),
    "targets_on_track": Measure("目标进展正常率", (DEPARTMENT,), RATE, "承担的指标"),
    "notices_answered": Measure("督办单按时反馈率", (DEPARTMENT, PREFECTURE), RATE, "到期督办单"),
    "data_quality": Measure("数据质量", (PREFECTURE,), DEDUCTION),
}

DEFAULT_CRITERIA = [
    {"measure": "items_on_time", "applies_to": DEPARTMENT, "weight": 50},
    {"measure": "targets_on_track", "applies_to": DEPARTMENT, "weight": 20},
    {"measure": "notices_answered", "applies_to": DEPARTMENT, "weight": 30},
    {"measure": "items_on_time", "applies_to": PREFECTURE, "weight": 30},
    {"measure": "reports_on_time", "applies_to": PREFECTURE, "weight": 30},
    {"measure": "notices_answered", "applies_to": PREFECTURE, "weight": 20},
    {"measure": "data_quality", "applies_to": PREFECTURE, "weight": 20, "param": 2},
]


def criteria_check(criteria) -> list[dict]:
    """The criteria in their one stored form, or a ValidationError saying, in the user's language, what is wrong:
    an unknown measure, a measure for another kind of unit, a weight outside 0–100, a deduction without its
    points, or the weights of a kind of unit not adding up to 100."""
    if not isinstance(criteria, list) or not criteria:
        raise ValidationError(_("A scheme has at least one criterion."))
    cleaned, errors, totals = [], [], Counter()
    for number, criterion in enumerate(criteria, start=1):
        if not isinstance(criterion, dict):
            errors.append(_("Criterion %(n)d is not a criterion.") % {"n": number})
            continue
        measure, kind = MEASURES.get(criterion.get("measure")), criterion.get("applies_to")
        if measure is None:
            errors.append(_("Criterion %(n)d: choose one of the measures offered.") % {"n": number})
            continue
        if kind not in measure.kinds:
            errors.append(_("Criterion %(n)d: %(measure)s does not apply to this kind of unit.")
                          % {"n": number, "measure": measure.name})
            continue
        weight, param = decimal_or_none(criterion.get("weight")), decimal_or_none(criterion.get("param", 0))
        if weight is None or not 0 < weight <= 100:
            errors.append(_("Criterion %(n)d: the weight is a number above 0 and at most 100.") % {"n": number})
            continue
        if measure.rule == DEDUCTION and (param is None or not 0 < param <= weight):
            errors.append(_("Criterion %(n)d: give the points taken off for each case (above 0, at most the "
                            "weight).") % {"n": number})
            continue
        name = str(criterion.get("name") or measure.name).strip()[:40] or measure.name
        cleaned.append({"measure": criterion["measure"], "name": name, "applies_to": kind, "weight": str(weight),
                        "param": str(param or 0)})
        totals[kind] += weight
    for kind, total in totals.items():
        if total != 100:
            errors.append(_("The weights for %(kind)s add up to %(total)s, not 100.")
                          % {"kind": UNIT_KINDS[kind], "total": plain_number(total)})
    if errors:
        raise ValidationError(errors)
    return cleaned


def decimal_or_none(value) -> Decimal | None:
    """A number as typed (core.numbers.parse_number's bounds), None for anything else."""
    try:
        return parse_number(value)
    except (InvalidOperation, ValueError, TypeError):
        return None


@dataclass
class CriterionScore:
    name: str
    weight: Decimal
    points: Decimal
    explanation: str


@dataclass
class UnitScore:
    agency: Agency
    kind: str
    criteria: list[CriterionScore] = field(default_factory=list)
    adjustments: list = field(default_factory=list)  # ScoreAdjustment rows, oldest first
    rank: int = 0

    @property
    def computed(self) -> Decimal:
        return sum((c.points for c in self.criteria), Decimal(0))

    @property
    def adjusted_by(self) -> Decimal:
        return sum((a.points for a in self.adjustments), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.computed + self.adjusted_by

    @property
    def highest(self) -> Decimal:
        """The full score: the weights of the unit's criteria."""
        return sum((c.weight for c in self.criteria), Decimal(0))


@dataclass
class Facts:
    """The year's counts per unit that the measures turn into points: (counted, of) for rates, cases for
    deductions."""

    rates: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # (measure, agency) → [hit, of]
    cases: Counter = field(default_factory=Counter)  # (measure, agency) → cases
    leads: set = field(default_factory=set)  # the units that lead an item: the provincial units scored
    item_leads: dict = field(default_factory=dict)  # (item kind, id) → its first provincial lead unit


def year_scores(scheme: ScoringScheme, *, today: date | None = None) -> list[UnitScore]:
    """Every scored unit's score for the scheme's year, ranked within its kind (departments, then prefectures):
    computed from the records while the year is open, as stored when it was closed (定稿) after."""
    adjustments = defaultdict(list)
    for adjustment in scheme.adjustments.select_related("adjusted_by"):
        adjustments[adjustment.agency_id].append(adjustment)
    scores = [UnitScore(agency, kind, criteria, adjustments.get(agency.pk, []))
              for agency, kind, criteria in (_frozen(scheme) if scheme.is_closed else _computed(scheme, today))]
    scores.sort(key=lambda s: (s.kind != DEPARTMENT, -s.total, s.agency.order, s.agency.pk))
    for kind in UNIT_KINDS:  # equal totals share a rank (1, 2, 2, 4)
        previous, rank = None, 0
        for place, score in enumerate((s for s in scores if s.kind == kind), start=1):
            if score.total != previous:
                previous, rank = score.total, place
            score.rank = rank
    return scores


def _computed(scheme: ScoringScheme, today: date | None):
    facts = _facts(scheme.year, today or timezone.localdate())
    for agency, kind in _scored_units(facts):
        criteria = [_criterion_score(c, facts, agency) for c in scheme.criteria if c["applies_to"] == kind]
        if criteria:
            yield agency, kind, criteria


def _frozen(scheme: ScoringScheme):
    agencies = Agency.objects.in_bulk([row["agency"] for row in scheme.frozen or []])
    for row in scheme.frozen or []:
        yield agencies[row["agency"]], row["kind"], [
            CriterionScore(c["name"], Decimal(c["weight"]), Decimal(c["points"]), c["explanation"])
            for c in row["criteria"]]


def scores_frozen(scores: list[UnitScore]) -> list[dict]:
    """The computed scores as stored when a year is closed (without adjustments, which are rows of their own)."""
    return [{"agency": score.agency.pk, "kind": score.kind,
             "criteria": [{"name": c.name, "weight": str(c.weight), "points": str(c.points),
                           "explanation": c.explanation} for c in score.criteria]}
            for score in scores]


def _criterion_score(criterion: dict, facts: Facts, agency: Agency) -> CriterionScore:
    measure = MEASURES[criterion["measure"]]
    name, weight, param = criterion["name"], Decimal(criterion["weight"]), Decimal(criterion["param"])
    shown_weight = plain_number(weight)
    if measure.rule == DEDUCTION:
        cases = facts.cases[(criterion["measure"], agency.pk)]
        points = max(weight - param * cases, Decimal(0)).quantize(ONE_DECIMAL, ROUND_HALF_UP)
        return CriterionScore(name, weight, points, f"{name}：报告被退回{cases}次，每次扣{plain_number(param)}分，"
                                                    f"得{plain_number(points)}分/{shown_weight}分")
    hit, of = facts.rates.get((criterion["measure"], agency.pk), (0, 0))
    if not of:
        return CriterionScore(name, weight, weight, f"{name}：本年度无{measure.counted}，得满分{shown_weight}分")
    points = (weight * hit / of).quantize(ONE_DECIMAL, ROUND_HALF_UP)
    rate = (Decimal(100) * hit / of).quantize(ONE_DECIMAL, ROUND_HALF_UP)
    return CriterionScore(name, weight, points,
                          f"{name}{plain_number(rate)}%（{hit}/{of}），得{plain_number(points)}分/{shown_weight}分")


def _scored_units(facts: Facts) -> list[tuple[Agency, str]]:
    """The provincial units that lead an item, and the 16 prefectures."""
    departments = Agency.objects.filter(pk__in=facts.leads).exclude(kind__in=[AgencyKind.PREFECTURE,
                                                                     AgencyKind.COLLECTIVE]).order_by("order")
    return [(a, DEPARTMENT) for a in departments] + [(a, PREFECTURE) for a in Agency.objects.prefectures()]


def _facts(year: int, today: date) -> Facts:
    facts = Facts()
    _item_facts(facts, year)
    _report_facts(facts, year, today)
    _target_facts(facts, year)
    _notice_facts(facts, year, today)
    return facts


def _item_facts(facts: Facts, year: int) -> None:
    """Items due in the year (by the deadline in force at its end), and which were completed by that deadline,
    per responsible unit: the lead for a provincial unit, any role for a prefecture. Also notes every unit that
    leads an item (to be scored) and each item's first lead (whose its targets are)."""
    in_force = values_in_force(date(year, 12, 31))
    units_of = responsible_units_of(Task, KeyProject)
    for model in (Task, KeyProject):
        dates = completion_dates(model)
        for item in model.objects.only("scope", "deadline", "status", "status_updated_at"):
            if scope_in_force(item, in_force) != ItemScope.ACTIVE:
                continue  # not in the plan at the year's end
            deadline = deadline_in_force(item, in_force)
            due = deadline is not None and deadline.year == year
            done_on = completed_on(item, dates)
            done = due and done_on is not None and done_on <= deadline
            for unit, role in units_of.get((model.ITEM_KIND, item.pk), []):
                prefecture = unit.kind == AgencyKind.PREFECTURE
                if role == ResponsibilityRole.LEAD and not prefecture:
                    facts.leads.add(unit.pk)
                    facts.item_leads.setdefault((model.ITEM_KIND, item.pk), unit.pk)
                if due and (prefecture or role == ResponsibilityRole.LEAD):
                    counts = facts.rates[("items_on_time", unit.pk)]
                    counts[0] += int(done)
                    counts[1] += 1


def _report_facts(facts: Facts, year: int, today: date) -> None:
    reports = PrefectureReport.objects.filter(period__year=year, period__due_date__lte=today).values_list(
        "prefecture_id", "first_submitted_at", "is_late")
    for prefecture_id, submitted, late in reports:
        counts = facts.rates[("reports_on_time", prefecture_id)]
        counts[0] += int(submitted is not None and not late)
        counts[1] += 1
    returned = ReportTransition.objects.filter(report__period__year=year, to_status=ReportStatus.RETURNED)
    for prefecture_id in returned.values_list("report__prefecture_id", flat=True):
        facts.cases[("data_quality", prefecture_id)] += 1


def _target_facts(facts: Facts, year: int) -> None:
    """Targets of the items each department leads, green on the year's last snapshot."""
    day = LightSnapshot.objects.filter(kind=SubjectKind.INDICATOR, date__lte=date(year, 12, 31)).aggregate(
        d=Max("date"))["d"]
    green = set(LightSnapshot.objects.filter(kind=SubjectKind.INDICATOR, date=day, light=Light.GREEN)
                .values_list("subject_id", flat=True)) if day else set()
    for pk, task_id, project_id in Indicator.objects.filter(Q(task__isnull=False) | Q(key_project__isnull=False)
                                                            ).values_list("pk", "task_id", "key_project_id"):
        agency_id = facts.item_leads.get(("task", task_id) if task_id else ("key_project", project_id))
        if agency_id is not None:
            counts = facts.rates[("targets_on_track", agency_id)]
            counts[0] += int(pk in green)
            counts[1] += 1


def _notice_facts(facts: Facts, year: int, today: date) -> None:
    notices = SupervisionNotice.objects.filter(issued_on__year=year, answer_by__lte=today).annotate(
        first_answer=Min("steps__at", filter=Q(steps__kind=StepKind.ANSWER))).values_list(
        "agency_id", "answer_by", "first_answer")
    for agency_id, answer_by, first_answer in notices:
        counts = facts.rates[("notices_answered", agency_id)]
        counts[0] += int(first_answer is not None and timezone.localtime(first_answer).date() <= answer_by)
        counts[1] += 1
