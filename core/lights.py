"""Traffic lights and progress toward targets: the one place that judges an item or a target.

Pure functions of their inputs and today's date (no database), so every rule is tested with a fixed clock.
Reasons are plain Chinese sentences a supervisor would write (督办), e.g. "已超过完成时限(2025-12-31)32天,完成度60%".
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.numbers import plain_number


class Light(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")
    GREY = "grey", _("Grey")


# Lists sorted "by light" put what needs attention first: red, yellow, grey (not judged), then no light yet, green.
LIGHT_RANK = {Light.RED: 0, Light.YELLOW: 1, Light.GREY: 2, None: 3, Light.GREEN: 4}


class Assessment(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


# The one definition of the lights' colours: pages read them as CSS variables (base.html, portal_tags), the
# dashboard's charts from those variables, the workbook from here.
LIGHT_COLOURS = {Light.GREEN: "#198754", Light.YELLOW: "#ffc107", Light.RED: "#dc3545", Light.GREY: "#adb5bd"}
# Text that stays readable on each colour.
LIGHT_TEXT_COLOURS = {Light.GREEN: "#ffffff", Light.YELLOW: "#000000", Light.RED: "#ffffff", Light.GREY: "#000000"}

ASSESSMENT_LIGHT = {
    Assessment.ACHIEVED: Light.GREEN, Assessment.ON_TRACK: Light.GREEN, Assessment.AT_RISK: Light.YELLOW,
    Assessment.OFF_TRACK: Light.RED, Assessment.NOT_ASSESSED: Light.GREY,
}


@dataclass(frozen=True)
class Rules:
    plan_start: date = date(2021, 1, 1)
    warning_days: int = 90  # yellow when the deadline is this close
    pace_margin: float = 15.0  # yellow when this many percentage points behind 序时进度
    period_days: int = 92  # one reporting period (a quarter) for items without a deadline

    @classmethod
    def from_settings(cls) -> "Rules":
        return cls(**getattr(settings, "PROGRESS_RULES", {}))


@dataclass(frozen=True)
class Judgement:
    light: str
    reason: str
    progress: float | None = None  # percent complete (items) or percent of the way to the target (indicators)
    expected: float | None = None  # 序时进度, percent
    assessment: str = ""
    # The reason naming the lagging prefectures, for those who see every unit's part ("" when `reason` says all):
    # `reason` itself counts them ("5个州市滞后"), as each prefecture reads it and must not learn another's.
    named_reason: str = ""


@dataclass(frozen=True)
class Milestone:
    """年度目标: a yearly milestone of a unit's part of an item, e.g. "2024年底前完成60%"."""

    year: int
    percent: int

    @property
    def due(self) -> date:
        return date(self.year, 12, 31)

    def __str__(self):
        return f"{self.year}年底前完成{self.percent}%"


def expected_pace(*, today: date, start: date, end: date) -> float:
    """序时进度: the share of the time from start to end that has passed, in percent (0–100)."""
    if end <= start:
        return 100.0
    share = (today - start).days / (end - start).days
    return round(100 * min(max(share, 0.0), 1.0), 1)


def item_light(*, today: date, deadline: date | None, status: str, percent: int, last_update: date | None,
               tracked_since: date, rules: Rules | None = None, milestones: Sequence[Milestone] = (),
               start: date | None = None) -> Judgement:
    """Light of a task or key project, or of one unit's part of it. 序时进度 runs from `start` (the plan's start
    unless a part was broken out later); yearly milestones, where a part has them, replace it (and the reason
    says so)."""
    rules = rules or Rules.from_settings()
    if status == "completed":  # verified (销号): nothing else makes an item done
        return Judgement(Light.GREEN, "已完成", progress=100.0, expected=None)
    judged = _open_item_light(today=today, deadline=deadline, percent=percent, last_update=last_update,
                              tracked_since=tracked_since, rules=rules, milestones=milestones,
                              start=start or rules.plan_start)
    if status == "pending_verification":  # asked for, not yet verified: judged as in progress, so not yet 100%
        progress = None if judged.progress is None else min(judged.progress, 99.0)
        return Judgement(judged.light, f"办结申请待销号审核,按推进中判断:{judged.reason}", progress=progress,
                         expected=judged.expected, assessment=judged.assessment)
    return judged


def _open_item_light(*, today, deadline, percent, last_update, tracked_since, rules, milestones, start) -> Judgement:
    if deadline is not None and today > deadline:
        days = (today - deadline).days
        return Judgement(Light.RED, f"已超过完成时限({deadline:%Y-%m-%d}){days}天,完成度{percent}%",
                         progress=float(percent), expected=100.0)
    if milestones:
        by_milestones = _milestone_light(today=today, deadline=deadline, percent=percent, milestones=milestones,
                                         rules=rules)
        if deadline is None:  # ongoing: silence is judged as well, and the worse of the two stands
            silence = _cadence_light(today=today, percent=percent, last_update=last_update,
                                     tracked_since=tracked_since, rules=rules)
            if _SEVERITY[silence.light] > _SEVERITY[by_milestones.light]:
                return silence
        return by_milestones
    if deadline is None:
        return _cadence_light(today=today, percent=percent, last_update=last_update, tracked_since=tracked_since,
                              rules=rules)
    expected = expected_pace(today=today, start=start, end=deadline)
    reasons = []
    behind = expected - percent
    if behind > rules.pace_margin:
        reasons.append(f"落后序时进度{round(behind)}个百分点(完成度{percent}%,序时进度{expected:g}%)")
    lagging = bool(reasons)
    reasons += _deadline_near(today=today, deadline=deadline, percent=percent, rules=rules)
    if reasons:
        return Judgement(Light.YELLOW, ";".join(reasons), progress=float(percent), expected=expected,
                         assessment=_yellow_assessment(lagging))
    return Judgement(Light.GREEN, f"按序时进度推进(完成度{percent}%,序时进度{expected:g}%)",
                     progress=float(percent), expected=expected)


def _yellow_assessment(lagging: bool) -> str:
    """Why an item is yellow, for those who act on it (the 督办单's colour): behind its pace or a milestone (at
    risk), or on pace with its deadline near (on track: a warning, 蓝色督办)."""
    return Assessment.AT_RISK if lagging else Assessment.ON_TRACK


def _deadline_near(*, today, deadline, percent, rules) -> list[str]:
    days_left = (deadline - today).days
    if days_left <= rules.warning_days and percent < 100:  # all done but not yet asked to verify: no warning
        return [f"距完成时限({deadline:%Y-%m-%d})还有{days_left}天,完成度{percent}%"]
    return []


def _milestone_light(*, today, deadline, percent, milestones, rules) -> Judgement:
    """Judged against the yearly milestones instead of 序时进度: yellow once a passed milestone is not reached, or
    when the next one is near and not yet reached."""
    ordered = sorted(milestones, key=lambda milestone: milestone.year)
    passed = [milestone for milestone in ordered if milestone.due < today]
    coming = next((milestone for milestone in ordered if milestone.due >= today), None)
    expected = float(passed[-1].percent) if passed else 0.0
    reasons = []
    if passed and percent < passed[-1].percent:
        reasons.append(f"未达到年度目标({passed[-1]}),完成度{percent}%")
    if coming is not None and percent < coming.percent and (coming.due - today).days <= rules.warning_days:
        reasons.append(f"距年度目标({coming})还有{(coming.due - today).days}天,完成度{percent}%")
    lagging = bool(reasons)  # a milestone missed, or one near and not reached
    if deadline is not None:
        reasons += _deadline_near(today=today, deadline=deadline, percent=percent, rules=rules)
    if reasons:
        return Judgement(Light.YELLOW, "按年度目标判断:" + ";".join(reasons), progress=float(percent),
                         expected=expected, assessment=_yellow_assessment(lagging))
    target = f",下一年度目标{coming}" if coming else ""
    return Judgement(Light.GREEN, f"按年度目标推进(完成度{percent}%{target})", progress=float(percent),
                     expected=expected)


@dataclass(frozen=True)
class PartJudgement:
    """One responsible unit's part of an item, judged: the unit's name, whether it is a prefecture."""

    unit: str
    prefecture: bool
    judgement: Judgement


LAGGING = (Light.RED, Light.YELLOW)
_SEVERITY = {Light.GREY: 0, Light.GREEN: 1, Light.YELLOW: 2, Light.RED: 3}


def _named(units: list[str], counter: str) -> str:
    """"昆明市、大理州等5个州市" (two names, then how many), or all the names when two or fewer."""
    if len(units) <= 2:
        return "、".join(units)
    return f"{'、'.join(units[:2])}等{len(units)}个{counter}"


def item_overall_light(lead: Judgement, parts: Sequence[PartJudgement], *, verified: bool) -> Judgement:
    """The item's light from the lead unit's own judgement and its units' parts: the worse of the two, with a
    reason that names the lagging units ("昆明市、大理州等5个州市滞后"; in `reason` the prefectures are counted, in
    `named_reason` named). A verified item (销号) is done whatever its parts say; progress and 序时进度 stay the
    lead unit's."""
    lagging = [part for part in parts if part.judgement.light in LAGGING]
    if verified or not lagging:
        return lead
    worst = max((part.judgement.light for part in lagging), key=_SEVERITY.__getitem__)
    light = worst if _SEVERITY[worst] > _SEVERITY[lead.light] else lead.light
    prefectures = [part.unit for part in lagging if part.prefecture]
    departments = [part.unit for part in lagging if not part.prefecture]
    behind = [f"{_named(departments, '部门')}滞后"] if departments else []
    counted = [f"{len(prefectures)}个州市滞后"] if prefectures else []
    named = [f"{_named(prefectures, '州市')}滞后"] if prefectures else []
    # On track only if everyone of that colour is yellow merely as a warning (their deadlines near, on pace).
    at_colour = [judgement for judgement in (lead, *(part.judgement for part in lagging)) if judgement.light == light]
    on_track = all(judgement.assessment == Assessment.ON_TRACK for judgement in at_colour)
    return Judgement(light, ";".join([lead.reason, *counted, *behind]), progress=lead.progress,
                     expected=lead.expected, assessment=Assessment.ON_TRACK if on_track else Assessment.AT_RISK,
                     named_reason=";".join([lead.reason, *named, *behind]) if prefectures else "")


def _cadence_light(*, today, percent, last_update, tracked_since, rules) -> Judgement:
    """持续推进 items have no deadline: they are judged by how recently progress was reported."""
    since = last_update or tracked_since
    silent = (today - since).days
    last = f"最近一次进展报送于{last_update:%Y-%m-%d}" if last_update else "尚无进展报送"
    if silent > 2 * rules.period_days:
        return Judgement(Light.RED, f"{last},已{silent}天未更新(超过两个报送周期)", progress=float(percent))
    if silent > rules.period_days:
        return Judgement(Light.YELLOW, f"{last},已{silent}天未更新(超过一个报送周期)", progress=float(percent))
    return Judgement(Light.GREEN, f"持续推进,{last}" if last_update else "持续推进,本报送周期内开始跟踪",
                     progress=float(percent))


def target_met(comparator: str, current: float, target: float) -> bool:
    """Whether a value reaches a target: the one rule for lights and the final evaluation."""
    if comparator == "<=":
        return current <= target
    return current >= target  # ">=" and "=" (a planned count is met once reached)


def _cagr(x: float, y: float, years: float) -> float:
    """Compound annual growth rate from y to x over `years`; zero values are replaced as Open SDG does."""
    x, y = max(x, 0.001), max(y, 0.001)
    return (x / y) ** (1 / years) - 1


def _assess_ratio(ratio: float) -> str:
    if ratio >= 0.95:
        return Assessment.ON_TRACK
    if ratio >= 0.60:
        return Assessment.AT_RISK
    return Assessment.OFF_TRACK


def indicator_progress(*, today: date, comparator: str, kind: str, target: float, target_year: int,
                       baseline: float | None, baseline_year: int | None, current: float | None,
                       current_date: date | None, unit: str = "", current_source: str = "",
                       rules: Rules | None = None) -> Judgement:
    """Progress of a quantitative target from its baseline, by the kind of target; `current_source` says where
    the current value comes from, in the reason.

    Counts and dated milestones are cumulative from the plan's start (an implicit zero baseline) and compared
    with a linear pace; rates, times and levels use the Open SDG measure (actual against required compound
    growth, with direction: a "≤" target improves downward)."""
    rules = rules or Rules.from_settings()
    if current is None:
        return Judgement(Light.GREY, "尚无监测值,无法判断", assessment=Assessment.NOT_ASSESSED)
    target, current = float(target), float(current)
    deadline = date(target_year, 12, 31)
    source = f"({current_source})" if current_source else ""
    shown = f"现值{plain_number(current)}{unit}{source},目标{plain_number(target)}{unit}"
    if target_met(comparator, current, target):
        return Judgement(Light.GREEN, f"已实现目标({shown})", progress=100.0, assessment=Assessment.ACHIEVED)
    if today > deadline:
        return Judgement(Light.RED, f"目标年份({target_year}年)已过,未实现目标({shown})",
                         progress=None, assessment=Assessment.OFF_TRACK)
    if kind in ("count", "milestone") and not baseline:
        expected = expected_pace(today=today, start=rules.plan_start, end=deadline)
        done = 100 * current / target if target else 0.0
        ratio = done / expected if expected else 1.0
        assessment = _assess_ratio(ratio)
        return Judgement(ASSESSMENT_LIGHT[assessment], f"已完成目标的{done:.0f}%,序时进度{expected:g}%({shown})",
                         progress=round(min(done, 100.0), 1), expected=expected, assessment=assessment)
    if baseline is None or baseline_year is None:
        return Judgement(Light.GREY, f"尚无基期值,无法判断进度({shown})", assessment=Assessment.NOT_ASSESSED)
    baseline = float(baseline)
    years_done = (current_date or today).year - baseline_year
    if years_done <= 0:
        return Judgement(Light.GREY, f"现值与基期同年,尚无法判断趋势({shown})", assessment=Assessment.NOT_ASSESSED)
    direction = -1 if comparator == "<=" else 1
    required = _cagr(target, baseline, target_year - baseline_year)
    if required == 0:
        return Judgement(Light.RED, f"目标值与基期值相同,现值未达到目标({shown})", assessment=Assessment.OFF_TRACK)
    ratio = direction * _cagr(current, baseline, years_done) / abs(required)
    assessment = _assess_ratio(ratio)
    gained = (current - baseline) / (target - baseline) * 100 if target != baseline else 0.0
    since = f"基期{baseline_year}年{plain_number(baseline)}{unit}"
    return Judgement(ASSESSMENT_LIGHT[assessment], f"实际变化为所需变化速度的{ratio * 100:.0f}%({since},{shown})",
                     progress=round(min(max(gained, 0.0), 100.0), 1), assessment=assessment)


def pace_needed(*, current: float, current_year: int, target: float, target_year: int, unit: str) -> str:
    """What must change each year from now to reach a target: "需每年完成N件" / "需每年提高N个百分点"."""
    years = max(target_year - current_year, 1)
    step = (float(target) - float(current)) / years
    if step == 0:
        return "保持现有水平"
    size = f"{abs(step):.{1 if abs(step) >= 1 else 2}f}".rstrip("0").rstrip(".")
    if unit in ("%", "‰"):
        points = "个百分点" if unit == "%" else "个千分点"
        return f"需每年{'提高' if step > 0 else '降低'}{size}{points}"
    if step > 0:
        return f"需每年完成{size}{unit}"
    return f"需每年减少{size}{unit}"


def report_light(*, today: date, due_date: date, status: str, first_submitted_at: date | None,
                 is_late: bool) -> Judgement:
    """Light of a prefecture report: in on time is green, in late yellow, not in after the due date red."""
    if first_submitted_at is not None:
        if status == "returned":
            return Judgement(Light.YELLOW, "报告已被退回,待修改后重新报送")
        if is_late:
            return Judgement(Light.YELLOW, f"已于{first_submitted_at:%Y-%m-%d}逾期报送(截止{due_date:%Y-%m-%d})")
        return Judgement(Light.GREEN, f"已于{first_submitted_at:%Y-%m-%d}按时报送")
    days = (due_date - today).days
    if days < 0:
        return Judgement(Light.RED, f"已超过报送截止日期({due_date:%Y-%m-%d}){-days}天,尚未报送")
    if days <= 7:
        return Judgement(Light.YELLOW, f"距报送截止日期({due_date:%Y-%m-%d})还有{days}天,尚未报送")
    return Judgement(Light.GREY, f"报送期内,截止日期{due_date:%Y-%m-%d}")
