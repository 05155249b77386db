"""The evaluation over the API: /api/v1/scores/?year= (the year's scores, each point explained, as far as the
user may read them) and /api/v1/evaluation/final/ (what became of each item and target of 2021–2025)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view
from rest_framework.response import Response

from core.numbers import parse_int
from evaluation.final import final_evaluation
from evaluation.models import ScoringScheme
from evaluation.permissions import can_open_scores, can_read_evaluation, can_read_score_of
from evaluation.scoring import year_scores


def _score_json(score) -> dict:
    return {"agency": score.agency.name, "agency_id": score.agency.pk, "kind": score.kind, "rank": score.rank,
            "computed": str(score.computed), "adjusted_by": str(score.adjusted_by), "total": str(score.total),
            "criteria": [{"name": c.name, "weight": str(c.weight), "points": str(c.points),
                          "explanation": c.explanation} for c in score.criteria],
            "adjustments": [{"points": str(a.points), "reason": a.reason, "by": a.adjusted_by.username,
                             "at": a.adjusted_at.isoformat()} for a in score.adjustments]}


@extend_schema(parameters=[OpenApiParameter("year", int, required=True, description="考核年度 · the year scored")],
               responses={200: OpenApiTypes.OBJECT}, description="A year's scores, ranked within each kind of unit")
@api_view(["GET"])
def scores_view(request):
    if not can_open_scores(request.user):
        raise exceptions.PermissionDenied
    year = parse_int(request.GET.get("year", ""))
    if year is None or not 2021 <= year <= 2035:
        raise exceptions.ValidationError({"year": ["a year from 2021 to 2035"]})
    scheme = ScoringScheme.objects.filter(year=year).first()
    if scheme is None:
        raise exceptions.NotFound(f"no scoring scheme for {year}")
    scores = [s for s in year_scores(scheme) if can_read_score_of(request.user, s.agency)]
    return Response({"year": year, "version": scheme.version, "closed": scheme.is_closed,
                     "criteria": scheme.criteria, "scores": [_score_json(s) for s in scores]})


@extend_schema(responses={200: OpenApiTypes.OBJECT}, description="The final evaluation of the plan period 2021–2025")
@api_view(["GET"])
def final_view(request):
    if not can_read_evaluation(request.user):
        raise exceptions.PermissionDenied
    evaluation = final_evaluation()
    return Response({
        "today": evaluation.today.isoformat(), "ended": evaluation.ended, "days_since_end": evaluation.days_since_end,
        "items": [{"kind": type(r.item).ITEM_KIND, "code": r.item.code, "title": r.item.title, "outcome": r.outcome,
                   "deadline": r.deadline.isoformat() if r.deadline else None,
                   "completed_on": r.completed_on.isoformat() if r.completed_on else None, "note": r.note}
                  for r in evaluation.items],
        "targets": [{"code": r.indicator.code, "target": r.target, "target_year": r.target_year,
                     "outcome": r.outcome, "final_value": r.final_value,
                     "final_date": r.final_date.isoformat() if r.final_date else None, "gap": r.gap, "note": r.note}
                    for r in evaluation.targets],
        "item_counts": evaluation.item_counts, "target_counts": evaluation.target_counts})
