"""Writes of the evaluation: the carry-over (结转) of unfinished items toward the 2035 goals, and the annual
scoring: the year's scheme, the office's adjustments, closing the year."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, User
from audit.models import AuditEvent
from audit.services import audit_record
from core.dates import HORIZON_END, PLAN_END
from core.errors import StaleVersionError
from core.numbers import plain_number
from evaluation.final import ItemOutcome, item_outcome
from evaluation.models import ScoreAdjustment, ScoringScheme
from evaluation.permissions import can_carry_over, can_manage_scoring
from evaluation.scoring import criteria_check, decimal_or_none, scores_frozen, year_scores
from revisions.models import PlanRevision
from revisions.services import item_revise_deadline


def items_carry_over(*, items: list, deadline: date, reason: str, reference: str, actor: User) -> list[PlanRevision]:
    """结转: give unfinished items (not completed at the end of the plan period) a new deadline toward 2035 in one
    action, each through a plan revision with the reason and the decision document (the original deadline is
    kept). All or nothing: one item refused refuses them all, naming it."""
    if not can_carry_over(actor):
        raise PermissionDenied(_("Only the provincial office carries items over."))
    errors = {}
    if timezone.localdate() <= PLAN_END:
        raise ValidationError(_("Items are carried over once the plan period has ended (after %(end)s).")
                              % {"end": PLAN_END})
    if not items:
        errors["items"] = _("Choose at least one unfinished item.")
    if not isinstance(deadline, date) or not timezone.localdate() < deadline <= HORIZON_END:
        errors["deadline"] = _("The new deadline lies after today and no later than 2035-12-31.")
    finished = [str(item) for item in items
                if item_outcome(scope=item.scope, status=item.status, ongoing=item.is_ongoing, deadline=item.deadline,
                                completed_on=None)[0] != ItemOutcome.NOT_COMPLETED]
    if finished:
        errors["items"] = _("Only unfinished items are carried over; not: %(items)s.") % {"items": "、".join(finished)}
    if errors:
        raise ValidationError(errors)
    revisions = []
    with transaction.atomic():
        for item in items:
            try:
                revisions.append(item_revise_deadline(item=item, deadline=deadline, reason=reason,
                                                      reference=reference, actor=actor,
                                                      expected_version=item.version))
            except ValidationError as error:
                # the same reason and document for every item: a missing one is said once, of the whole action
                if set(error.message_dict) - {"deadline"}:
                    raise
                raise ValidationError({"items": f"{item}：{error.message_dict['deadline'][0]}"}) from error
    return revisions


def _require_open(scheme: ScoringScheme) -> None:
    if scheme.is_closed:
        closed = timezone.localtime(scheme.closed_at)
        raise ValidationError(_("The scoring of %(year)d was closed on %(day)s: its scheme and scores no longer "
                                "change.") % {"year": scheme.year, "day": f"{closed:%Y-%m-%d}"})


def scheme_save(*, year: int, criteria, actor: User, expected_version: int) -> ScoringScheme:
    """Set the year's scoring scheme (one per year; version 0 creates it). Every change is kept in its history;
    a closed year's is refused, as is one saved over a newer version."""
    if not can_manage_scoring(actor):
        raise PermissionDenied(_("Only the provincial office sets the scoring scheme."))
    if not isinstance(year, int) or not 2021 <= year <= HORIZON_END.year:
        raise ValidationError({"year": _("Choose a year from 2021 to 2035.")})
    cleaned = criteria_check(criteria)
    with transaction.atomic():
        scheme = ScoringScheme.objects.select_for_update().filter(year=year).first()
        current = scheme.version if scheme else 0
        if scheme is not None:
            _require_open(scheme)
        if scheme is None:
            scheme = ScoringScheme(year=year, version=0)
        if current != expected_version:
            raise StaleVersionError(item=scheme, expected_version=expected_version, changes=[])
        scheme.criteria, scheme.version = cleaned, current + 1
        scheme.updated_by, scheme.updated_at = actor, timezone.now()
        scheme._history_user = actor
        try:
            with transaction.atomic():
                scheme.save()
        except IntegrityError as clash:  # someone else set up the same year's scheme at the same moment
            raise StaleVersionError(item=scheme, expected_version=expected_version, changes=[]) from clash
    return scheme


ADJUSTMENT_LIMIT = Decimal(100)


def score_adjust(*, scheme: ScoringScheme, agency: Agency, points, reason: str, actor: User) -> ScoreAdjustment:
    """The office changes a unit's score by `points` (±) with a reason: kept beside the computed score, which
    stays as it was, and recorded in the audit log."""
    if not can_manage_scoring(actor):
        raise PermissionDenied(_("Only the provincial office adjusts scores."))
    errors = {}
    number = decimal_or_none(points)
    if number is None or number == 0 or abs(number) > ADJUSTMENT_LIMIT or number != number.quantize(Decimal("0.1")):
        errors["points"] = _("Give the points to add or take off: a number from -100 to 100, other than 0, with "
                             "at most one decimal.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the adjustment.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # under the scheme's lock: two adjustments at once are bounded one after the other
        locked = ScoringScheme.objects.select_for_update().get(pk=scheme.pk)
        _require_open(locked)
        score = next((score for score in year_scores(locked) if score.agency.pk == agency.pk), None)
        if score is None:
            raise ValidationError({"agency": _("This unit is not scored this year.")})
        if not 0 <= score.total + number <= score.highest:
            raise ValidationError({"points": _(
                "The adjusted total must stay between 0 and %(highest)s points; it is %(total)s now.") % {
                "highest": plain_number(score.highest), "total": plain_number(score.total)}})
        adjustment = ScoreAdjustment.objects.create(scheme=locked, agency=agency, points=number,
                                                    reason=reason.strip(), adjusted_by=actor)
        audit_record(AuditEvent.SCORE_ADJUSTED, user=actor, object=f"{locked} {agency}",
                     detail=f"{number:+}分：{reason.strip()}"[:500])
    return adjustment


def scheme_close(*, scheme: ScoringScheme, actor: User, expected_version: int) -> ScoringScheme:
    """定稿: the year's scores are final; the scheme and the adjustments no longer change. Only once the year is
    over, and only while every adjusted total lies between 0 and the full score (records or the scheme may have
    moved the computed score since an adjustment)."""
    if not can_manage_scoring(actor):
        raise PermissionDenied(_("Only the provincial office closes a year's scoring."))
    if timezone.localdate() <= date(scheme.year, 12, 31):
        raise ValidationError(_("The scoring of %(year)d can be closed once the year is over.") % {"year": scheme.year})
    with transaction.atomic():
        locked = ScoringScheme.objects.select_for_update().get(pk=scheme.pk)
        _require_open(locked)
        if locked.version != expected_version:
            raise StaleVersionError(item=locked, expected_version=expected_version, changes=[])
        scores = year_scores(locked)
        outside = [str(score.agency) for score in scores if not 0 <= score.total <= score.highest]
        if outside:
            raise ValidationError(_("The adjusted totals of %(units)s lie outside 0 to the full score: adjust them "
                                    "before closing.") % {"units": "、".join(outside)})
        locked.frozen = scores_frozen(scores)
        locked.closed_at, locked.closed_by, locked.version = timezone.now(), actor, locked.version + 1
        locked._history_user = actor
        locked.save()
    return locked
