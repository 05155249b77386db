"""#21 考核评分: a scheme kept as data gives known scores, each point explained; an adjustment keeps the computed
score; a closed year's scheme and scores do not change; a bad scheme is refused with what is wrong."""

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Agency
from audit.models import AuditRecord
from evaluation.models import ScoringScheme
from evaluation.scoring import DEFAULT_CRITERIA, year_scores
from evaluation.services import scheme_close, scheme_save, score_adjust
from reporting.models import PrefectureReport
from reporting.services import report_return
from tasks.models import ItemScope, Task
from tests.factories import completion_verified, period_opened, report_of, report_submitted

TODAY = "2026-03-02 09:00 +0800"
SCHEME = [
    {"measure": "items_on_time", "applies_to": "department", "weight": 100},
    {"measure": "reports_on_time", "applies_to": "prefecture", "weight": 60},
    {"measure": "data_quality", "applies_to": "prefecture", "weight": 40, "param": 5, "name": "数据质量（退回扣分）"},
]


@pytest.fixture
def year_2025(users):
    """kunming: Q2 on time (returned once, sent again), Q3 late; dali: nothing sent. fire: 4.1 done on time."""
    office = users["coordinator"]
    q2 = period_opened(actor=office)
    q3 = period_opened(actor=office, number=3, at="2025-10-01 09:00 +0800")
    with time_machine.travel("2025-07-08 09:00 +0800"):
        report = report_submitted(report_of(q2, "昆明市"), actor=users["kunming"])
        report_return(report=report, reason="请补充数据", actor=office)
        report_submitted(report_of(q2, "昆明市"), actor=users["kunming"])
    with time_machine.travel("2025-10-20 09:00 +0800"):
        report_submitted(report_of(q3, "昆明市"), actor=users["kunming"])
    with time_machine.travel("2025-11-01 09:00 +0800"):
        completion_verified("4.1", actor=users["fire"], verifier=office)
    with time_machine.travel(TODAY):
        return scheme_save(year=2025, criteria=SCHEME, actor=office, expected_version=0)


def _score(scores, name):
    return next(score for score in scores if score.agency.name == name)


def test_known_inputs_give_known_scores_with_their_explanations(users, year_2025):
    with time_machine.travel(TODAY):
        scores = year_scores(year_2025)
    kunming = _score(scores, "昆明市")
    assert [c.explanation for c in kunming.criteria] == [
        "报送及时率50%（1/2），得30分/60分", "数据质量（退回扣分）：报告被退回1次，每次扣5分，得35分/40分"]
    assert kunming.total == Decimal(65) and kunming.rank == 1
    dali = _score(scores, "大理白族自治州")
    assert [c.points for c in dali.criteria] == [Decimal(0), Decimal(40)] and dali.total == Decimal(40)
    # the fifteen that sent nothing tie at 40 and share the second place
    assert dali.rank == _score(scores, "迪庆藏族自治州").rank == 2
    fire = _score(scores, "省消防救援总队")
    due = Task.objects.for_agency(fire.agency, role="lead").filter(deadline__year=2025, scope=ItemScope.ACTIVE)
    led_projects = fire.agency.keyprojectresponsibility_set.filter(role="lead", key_project__deadline__year=2025)
    of = due.count() + led_projects.count()
    assert fire.criteria[0].explanation.startswith("事项按期完成率") and f"（1/{of}）" in fire.criteria[0].explanation
    assert {s.kind for s in scores} == {"department", "prefecture"}
    assert len([s for s in scores if s.kind == "prefecture"]) == 16


def test_an_adjustment_keeps_the_computed_score_and_is_audited(users, year_2025):
    kunming = Agency.objects.get(name="昆明市")
    with time_machine.travel(TODAY):
        score_adjust(scheme=year_2025, agency=kunming, points="-2.5", reason="报送数据与统计年报不一致",
                     actor=users["coordinator"])
        score = _score(year_scores(year_2025), "昆明市")
    assert (score.computed, score.adjusted_by, score.total) == (Decimal(65), Decimal("-2.5"), Decimal("62.5"))
    assert AuditRecord.objects.filter(event="score_adjusted", detail__contains="报送数据与统计年报不一致").exists()
    with pytest.raises(ValidationError) as refused:
        score_adjust(scheme=year_2025, agency=kunming, points="abc", reason="", actor=users["coordinator"])
    assert set(refused.value.message_dict) == {"points", "reason"}
    with pytest.raises(PermissionDenied):
        score_adjust(scheme=year_2025, agency=kunming, points=5, reason="自评", actor=users["kunming"])
    with time_machine.travel(TODAY), pytest.raises(ValidationError, match="0至100"):
        score_adjust(scheme=year_2025, agency=kunming, points=40, reason="超出满分", actor=users["coordinator"])


def test_a_closed_years_scheme_and_scores_do_not_change(users, year_2025):
    office = users["coordinator"]
    with time_machine.travel("2025-12-20 09:00 +0800"), pytest.raises(ValidationError, match="年度结束后"):
        scheme_close(scheme=year_2025, actor=office, expected_version=year_2025.version)  # the year runs on
    with time_machine.travel(TODAY):
        closed = scheme_close(scheme=year_2025, actor=office, expected_version=year_2025.version)
        # a report returned after closing would take 5 more points off: the closed score stands
        late = PrefectureReport.objects.get(prefecture__name="昆明市", period__number=3)
        report_return(report=late, reason="补充数据", actor=office)
        kunming = _score(year_scores(closed), "昆明市")
        assert kunming.total == Decimal(65) and "退回1次" in kunming.criteria[1].explanation
        with pytest.raises(ValidationError, match="定稿"):
            scheme_save(year=2025, criteria=DEFAULT_CRITERIA, actor=office, expected_version=closed.version)
        with pytest.raises(ValidationError, match="定稿"):
            score_adjust(scheme=closed, agency=Agency.objects.get(name="昆明市"), points=1, reason="补充",
                         actor=office)
    assert ScoringScheme.objects.get(year=2025).criteria[1]["weight"] == "60"
    assert closed.history.count() == 2  # created, closed: every version kept


@pytest.mark.parametrize("criteria, message", [
    ([{"measure": "reports_on_time", "applies_to": "prefecture", "weight": 90}], "合计为90"),
    ([{"measure": "reports_on_time", "applies_to": "department", "weight": 100}], "不适用于"),
    ([{"measure": "shoe_size", "applies_to": "prefecture", "weight": 100}], "考核指标中选择"),
    ([{"measure": "data_quality", "applies_to": "prefecture", "weight": 100}], "扣分"),
    ([{"measure": "reports_on_time", "applies_to": "prefecture", "weight": "NaN"}], "权重"),
    ("not a list", "至少"),
])
def test_a_bad_scheme_is_refused_saying_what_is_wrong(users, criteria, message):
    with pytest.raises(ValidationError) as refused:
        scheme_save(year=2025, criteria=criteria, actor=users["coordinator"], expected_version=0)
    assert message in " ".join(refused.value.messages) and not ScoringScheme.objects.exists()
