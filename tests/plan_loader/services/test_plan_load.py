"""plan_load: counts, spot checks against the text, idempotence, and revised values kept on a reload."""

import copy
import json
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.forms.models import model_to_dict

from agencies.models import Agency, AgencyKind, ResponsibilityRole
from indicators.models import Indicator
from plan_loader.services import PLAN_FIXTURE, plan_load
from projects.models import KeyProject, KeyProjectGroup, Safeguard
from revisions.selectors import original_target
from revisions.services import indicator_revise_target
from tasks.models import GoalArea, Principle, Task, TaskGroup
from tests.factories import DECISION, deadline_revised

PLAN_APPS = ("agencies", "tasks", "projects", "indicators")


def database_state() -> dict:
    """Every row of every plan table (users excluded), to compare before and after a reload."""
    state = {}
    for app in PLAN_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.model_name == "user":
                continue
            state[model._meta.label] = [model_to_dict(obj) | {"pk": obj.pk} for obj in model.objects.order_by("pk")]
    return state


def test_counts_match_the_plan(plan):
    assert Principle.objects.count() == 6
    assert GoalArea.objects.count() == 5
    assert TaskGroup.objects.count() == 7
    assert Task.objects.count() == 41
    assert KeyProjectGroup.objects.count() == 5
    assert KeyProject.objects.count() == 17
    assert Safeguard.objects.count() == 3
    assert Indicator.objects.count() == 47
    assert Agency.objects.prefectures().count() == 16
    assert plan.start_year == 2021 and plan.end_year == 2025 and plan.horizon_year == 2035
    assert plan.goal_2035.startswith("到2035年")


def test_load_plan_twice_changes_nothing(plan):
    before = database_state()
    report = plan_load()
    assert not report.changed_anything, report.summary()
    assert database_state() == before


def test_changed_text_updates_the_same_row(plan):
    data = json.loads(PLAN_FIXTURE.read_text(encoding="utf-8"))
    changed = copy.deepcopy(data)
    changed["tasks"][0]["title"] = "健全领导指挥体制(修订)"
    task_pk = Task.objects.get(code="1.1").pk
    report = plan_load(data=changed)
    assert report.updated["tasks.Task"] == 1 and not report.created
    assert Task.objects.get(pk=task_pk).title == "健全领导指挥体制(修订)"
    plan_load(data=data)
    assert Task.objects.get(pk=task_pk).title == "健全领导指挥体制"


def test_spot_checks_against_the_text(plan):
    first = Task.objects.get(code="1.1")
    assert first.lead_agency.name == "省应急厅"
    assert [r.agency.name for r in first.ordered_responsibilities()] == [
        "省应急厅", "省消防救援总队", "省森林消防总队", "省林草局", "省水利厅", "省地震局", "应急部南方航空护林总站",
        "各州、市人民政府",
    ]
    assert first.deadline == date(2025, 12, 31) and first.deadline_text == "2025年底前"
    assert first.text.startswith("建设省、市、县应急指挥部")

    revision = Task.objects.get(code="5.1.2")
    assert (revision.title, revision.deadline) == ("加快预案制修订", date(2023, 12, 31))

    ongoing = Task.objects.get(code="1.3")
    assert ongoing.deadline is None and ongoing.is_ongoing
    assert [r.agency.name for r in ongoing.ordered_responsibilities()] == [
        "省应急厅", "省级有关部门", "省军区", "各州、市人民政府"]

    planning = Task.objects.get(code="3.1.2")
    assert planning.item_title == "注重风险源头防范管控" and planning.title == "科学规划布局"
    assert planning.lead_agency.name == "省发展改革委" and planning.responsibility_open_ended

    info = Task.objects.get(code="6.4")
    assert info.title == "强化信息支撑保障" and info.text.startswith("系统推进“智慧应急”建设")

    forest = KeyProject.objects.get(number=8)
    assert forest.title == "国家级专业应急救援队伍建设" and forest.lead_agency.name == "省森林消防总队"
    assert KeyProject.objects.get(number=12).deadline is None
    assert KeyProject.objects.get(number=10).lead_agency.name == "应急部南方航空护林总站"

    assert Safeguard.objects.get(number=3).title == "加强监督评估"
    assert Safeguard.objects.get(number=3).deadline_text == ""


def test_only_the_first_agency_leads(plan):
    for task in Task.objects.prefetch_related("responsibilities"):
        roles = [r.role for r in task.ordered_responsibilities()]
        assert roles[0] == ResponsibilityRole.LEAD
        assert set(roles[1:]) <= {ResponsibilityRole.PARTICIPANT}


def test_targets_spot_checks(plan):
    fire = Indicator.objects.get(code="I30")
    assert (fire.target_value, fire.unit, fire.comparator) == (Decimal("0.9"), "‰", "<=")
    assert fire.key_project.number == 4

    small_reservoirs = Indicator.objects.get(code="I11")
    assert (small_reservoirs.target_value, small_reservoirs.unit, small_reservoirs.comparator) == (979, "件", "=")
    assert small_reservoirs.task.code == "3.4.2"

    relief = Indicator.objects.get(code="I04")  # restated in the goals and in task 5.4.1: one indicator
    assert (relief.target_value, relief.unit, relief.comparator) == (10, "小时", "<=")
    assert relief.mentions.count() == 2 and relief.goal_area.number == 3 and relief.task.code == "5.4.1"

    warning = Indicator.objects.get(name="灾害预警信息发布公众覆盖率")
    assert (warning.target_value, warning.comparator, warning.task.code) == (90, ">=", "3.2")
    assert Indicator.objects.get(code="I47").comparator == ">="  # 3个以上
    assert Indicator.objects.get(code="I14").target_year == 2022


def test_collective_names_are_collectives(plan):
    prefectures = Agency.objects.get(name="各州、市人民政府")
    assert prefectures.kind == AgencyKind.COLLECTIVE
    assert set(prefectures.members.values_list("code", flat=True)) == {
        "530100", "530300", "530400", "530500", "530600", "530700", "530800", "530900",
        "532300", "532500", "532600", "532800", "532900", "533100", "533300", "533400"}
    departments = Agency.objects.get(name="省级有关部门")
    assert departments.kind == AgencyKind.COLLECTIVE and not departments.members.exists()
    assert Agency.objects.get(name="国家矿监局云南局").kind == AgencyKind.CENTRAL
    assert Agency.objects.get(name="团省委").kind == AgencyKind.MASS_ORG
    assert Agency.objects.get(code="532900").short_name == "大理州"


def test_reloading_the_plan_keeps_the_revised_values(users):
    deadline_revised(actor=users["coordinator"])
    indicator = Indicator.objects.get(code="I11")
    indicator_revise_target(indicator=indicator, target_value=Decimal("1000"), target_year=2026, reason="调增",
                            reference=DECISION, actor=users["coordinator"], expected_version=indicator.version)
    report = plan_load()
    assert not report.changed_anything, report.summary()
    assert Task.objects.get(code="1.1").deadline == date(2026, 12, 31)
    indicator.refresh_from_db()
    assert (indicator.target_value, indicator.target_year) == (Decimal("1000"), 2026)
    assert original_target(indicator) == (Decimal("979"), 2025)
