"""交办 and 签收 (supervision.services): the provincial office assigns an item to each responsible unit with a
contact, instructions and an internal deadline; the unit acknowledges; every refusal changes nothing."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from agencies.models import Agency
from core.errors import StaleVersionError
from notifications.models import Notification
from projects.models import KeyProject
from supervision.models import Assignment
from supervision.selectors import responsible_units
from supervision.services import assignment_acknowledge, assignment_save, extension_request
from tasks.models import Task
from tests.factories import UserFactory


@pytest.fixture
def task(plan):
    return Task.objects.get(code="4.1")  # led by 省消防救援总队; 各州、市人民政府 behind it


def unit(name):
    return Agency.objects.get(name=name)


def test_the_units_of_an_item_are_the_plans_with_each_prefecture_behind_the_collective(task):
    units = [(agency.name, role) for agency, role in responsible_units(task)]
    assert units[0] == ("省消防救援总队", "lead")
    names = [name for name, _role in units]
    assert {"省森林消防总队", "省应急厅", "昆明市", "大理白族自治州"} <= set(names) and len(names) == 3 + 16
    assert "各州、市人民政府" not in names


def test_assigning_a_unit_tells_its_contact_and_keeps_the_history(task, users,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assignment_save(item=task, agency=unit("昆明市"), contact=users["kunming"],
                                     instructions="每月5日前报送进展", internal_deadline=date(2027, 6, 30),
                                     actor=users["coordinator"])
    assert (assignment.contact, assignment.version, assignment.acknowledged_at) == (users["kunming"], 1, None)
    notice = Notification.objects.get(user=users["kunming"])
    assert "4.1" in notice.title and notice.body == "每月5日前报送进展" and notice.url == "/tasks/4.1/"
    record = assignment.history.get()
    assert record.history_type == "+" and record.history_user == users["coordinator"]


def test_without_a_contact_every_user_of_the_unit_is_told(task, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assignment_save(item=task, agency=unit("大理白族自治州"), actor=users["coordinator"])
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["dali"]


@pytest.mark.parametrize(("field", "values", "message"), [
    ("agency", {"agency": "省水利厅"}, "不在本事项的责任单位之列"),
    ("contact", {"contact": "dali"}, "联络员须为昆明市负责填报的在用账号"),
    ("internal_deadline", {"internal_deadline": date(2026, 11, 30)}, "内部时限不能早于今天"),
])
def test_bad_terms_are_refused_and_nothing_is_saved(task, users, field, values, message):
    terms = {"agency": unit(values.get("agency", "昆明市")), "actor": users["coordinator"],
             "contact": users[values["contact"]] if "contact" in values else None,
             "internal_deadline": values.get("internal_deadline")}
    with pytest.raises(ValidationError) as refused:
        assignment_save(item=task, **terms)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Assignment.objects.exists() and not Notification.objects.exists()


def test_an_internal_deadline_is_earlier_than_a_plan_deadline_still_ahead(plan, users):
    project = KeyProject.objects.get(number=8)
    project.deadline = date(2027, 12, 31)
    project.save(update_fields=["deadline"])
    lead = responsible_units(project)[0][0]
    with pytest.raises(ValidationError) as refused:
        assignment_save(item=project, agency=lead, internal_deadline=date(2028, 1, 31), actor=users["coordinator"])
    assert "内部时限须早于规划时限(2027-12-31)" in refused.value.message_dict["internal_deadline"][0]
    assert assignment_save(item=project, agency=lead, internal_deadline=date(2027, 9, 30),
                           actor=users["coordinator"]).internal_deadline == date(2027, 9, 30)


@pytest.mark.parametrize("name", ["fire", "kunming", "leader", "auditor", "sysadmin"])
def test_only_the_provincial_office_assigns(task, users, name):
    with pytest.raises(PermissionDenied):
        assignment_save(item=task, agency=unit("昆明市"), actor=users[name])
    assert not Assignment.objects.exists()


def test_a_second_assignment_of_the_same_unit_needs_the_version_and_a_stale_one_is_refused(task, users):
    first = assignment_save(item=task, agency=unit("昆明市"), actor=users["coordinator"])
    with pytest.raises(ValidationError, match="已交办"):
        assignment_save(item=task, agency=unit("昆明市"), instructions="重复", actor=users["coordinator"])
    assignment_save(item=task, agency=unit("昆明市"), instructions="第一次修改", actor=users["coordinator"],
                    expected_version=first.version)
    with pytest.raises(StaleVersionError):
        assignment_save(item=task, agency=unit("昆明市"), instructions="过时的修改", actor=users["coordinator"],
                        expected_version=first.version)
    assert Assignment.objects.get().instructions == "第一次修改"


def test_the_unit_acknowledges_once_and_only_the_unit(task, users):
    assignment = assignment_save(item=task, agency=unit("昆明市"), actor=users["coordinator"])
    for name in ("dali", "coordinator", "fire", "leader"):
        with pytest.raises(PermissionDenied):
            assignment_acknowledge(assignment=assignment, actor=users[name])
    done = assignment_acknowledge(assignment=assignment, actor=users["kunming"])
    assert done.acknowledged_by == users["kunming"] and done.acknowledged_at is not None
    with pytest.raises(ValidationError, match="已由kunming于"):
        assignment_acknowledge(assignment=assignment, actor=users["kunming"])
    assert [r.history_user.username for r in done.history.order_by("history_date")] == ["coordinator", "kunming"]


def test_new_terms_ask_for_a_new_acknowledgement_a_new_contact_does_not(task, users):
    assignment = assignment_save(item=task, agency=unit("昆明市"), instructions="甲", actor=users["coordinator"])
    assignment = assignment_acknowledge(assignment=assignment, actor=users["kunming"])
    assignment = assignment_save(item=task, agency=unit("昆明市"), instructions="甲", contact=users["kunming"],
                                 actor=users["coordinator"], expected_version=assignment.version)
    assert assignment.acknowledged_at is not None
    assignment = assignment_save(item=task, agency=unit("昆明市"), instructions="乙", contact=users["kunming"],
                                 actor=users["coordinator"], expected_version=assignment.version)
    assert assignment.acknowledged_at is None and assignment.acknowledged_by is None


def test_acknowledgement_is_due_three_working_days_after_the_assignment(task, users):
    with time_machine.travel("2026-12-04 10:00 +0800"):  # a Friday
        assignment = assignment_save(item=task, agency=unit("昆明市"), actor=users["coordinator"])
    assert assignment.acknowledge_by == date(2026, 12, 9)  # Monday, Tuesday, Wednesday
    assert not assignment.acknowledgement_overdue(date(2026, 12, 9))
    assert assignment.acknowledgement_overdue(date(2026, 12, 10))
    with time_machine.travel("2026-12-10 10:00 +0800"):
        done = assignment_acknowledge(assignment=assignment, actor=users["kunming"])
    assert not done.acknowledgement_overdue(date(2026, 12, 10))


def test_an_item_no_longer_in_the_plan_is_not_assigned(task, users):
    task.scope = "not_applicable"
    task.save(update_fields=["scope"])
    with pytest.raises(PermissionDenied):
        assignment_save(item=task, agency=unit("昆明市"), actor=users["coordinator"])


def test_the_day_is_today_in_beijing(task, users):
    with time_machine.travel("2026-12-02 23:30 +0800"):
        tomorrow = timezone.localdate() + timedelta(days=1)
        assert assignment_save(item=task, agency=unit("昆明市"), internal_deadline=tomorrow,
                               actor=users["coordinator"]).internal_deadline == date(2026, 12, 3)


@pytest.mark.parametrize("name", ["leader", "auditor", "sysadmin", "coordinator"])
def test_the_contact_is_someone_who_answers_for_the_unit(plan, users, name):
    office = Agency.objects.get(name="省应急厅")  # every one of these accounts belongs to it
    with pytest.raises(ValidationError, match="负责填报"):
        assignment_save(item=Task.objects.get(code="4.1"), agency=office, contact=users[name],
                        actor=users["coordinator"])


def test_the_units_users_are_told_and_a_new_contact_alone_is_told_it_is_the_contact(
        task, users, django_capture_on_commit_callbacks):
    kunming2 = UserFactory(username="kunming2", agency_name="昆明市", roles=["prefecture_reporter"])
    UserFactory(username="kunming-leader", agency_name="昆明市", roles=["leadership"])
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assignment_save(item=task, agency=unit("昆明市"), contact=users["kunming"], instructions="甲",
                                     actor=users["coordinator"])
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"kunming", "kunming2"}
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assignment_save(item=task, agency=unit("昆明市"), contact=kunming2, instructions="甲",
                        actor=users["coordinator"], expected_version=assignment.version)
    assert list(Notification.objects.values_list("user__username", "title")) == [
        ("kunming2", f"您已被指定为联络员：{task}")]


def test_stored_notices_and_entries_are_in_chinese_whoever_acts_in_english(
        task, users, django_capture_on_commit_callbacks):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        assignment_save(item=task, agency=unit("昆明市"), actor=users["coordinator"])
        request = extension_request(item=task, requested_deadline=date(2027, 6, 30), reason="汛期",
                                    actor=users["fire"])
    assert Notification.objects.get(user=users["kunming"]).title.startswith("新交办事项待签收")
    assert request.entry.narrative.startswith("申请将完成时限由2025-12-31延至2027-06-30")


def test_an_acknowledgement_of_terms_changed_since_is_refused(task, users):
    assignment = assignment_save(item=task, agency=unit("昆明市"), instructions="旧要求", actor=users["coordinator"])
    assignment_save(item=task, agency=unit("昆明市"), instructions="新要求", actor=users["coordinator"],
                    expected_version=assignment.version)
    with pytest.raises(StaleVersionError):
        assignment_acknowledge(assignment=assignment, actor=users["kunming"], expected_version=assignment.version)
    assert Assignment.objects.get().acknowledged_at is None


def test_internal_deadlines_stay_within_the_plans_horizon_and_a_passed_one_may_stay(task, users):
    with pytest.raises(ValidationError, match="2035-12-31"):
        assignment_save(item=task, agency=unit("昆明市"), internal_deadline=date(9999, 12, 31),
                        actor=users["coordinator"])
    assignment = assignment_save(item=task, agency=unit("昆明市"), internal_deadline=date(2026, 12, 31),
                                 actor=users["coordinator"])
    with time_machine.travel("2027-02-01 10:00 +0800"):  # the internal deadline has passed; the contact changes
        changed = assignment_save(item=task, agency=unit("昆明市"), internal_deadline=date(2026, 12, 31),
                                  contact=users["kunming"], actor=users["coordinator"],
                                  expected_version=assignment.version)
    assert changed.contact == users["kunming"] and changed.internal_deadline == date(2026, 12, 31)
