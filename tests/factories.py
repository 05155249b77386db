"""factory_boy factories and the setups tests share, each made through the real services; plan data itself comes
from the real loader (conftest.py). The fixtures built on these (users, period, reports_submitted) are in
conftest.py."""

from datetime import date
from decimal import Decimal

import factory
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Agency, Role, User
from agencies.services import user_set_roles
from core.channels import Channel
from indicators.models import Indicator
from indicators.services import allocation_save, indicator_value_add
from projects.models import KeyProject
from recompute.services import snapshots_recompute
from reporting.models import PrefectureReport, ProgressEntry
from reporting.services import (
    ItemInput,
    LineInput,
    completion_verify,
    item_update_status,
    period_open,
    report_save,
    report_submit,
)
from revisions.services import item_revise_deadline
from snapshots.models import LightSnapshot, SubjectKind
from tasks.models import Task

PASSWORD = "correct-horse-battery"

ROLE_USERS = {
    # name: (agency, roles)
    "coordinator": ("省应急厅", ["coordinator"]),
    "water": ("省水利厅", ["department_editor"]),
    "fire": ("省消防救援总队", ["department_editor"]),
    "kunming": ("昆明市", ["prefecture_reporter"]),
    "dali": ("大理白族自治州", ["prefecture_reporter"]),
    "leader": ("省应急厅", ["leadership"]),
    "auditor": ("省应急厅", ["auditor"]),
    # The three administrators (三员分立): accounts, roles, the audit log; none touches plan data.
    "sysadmin": ("省应急厅", ["system_admin"]),
    "secadmin": ("省应急厅", ["security_admin"]),
    "auditadmin": ("省应急厅", ["audit_admin"]),
}
ADMINISTRATORS = ("sysadmin", "secadmin", "auditadmin")


class UserFactory(factory.django.DjangoModelFactory):
    """A user of an agency (by name) with roles: UserFactory(agency="省水利厅", roles=[Role.DEPARTMENT_EDITOR])."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        agency_name = "省应急厅"

    username = factory.Sequence(lambda n: f"user{n}")
    agency = factory.LazyAttribute(lambda o: Agency.objects.get(name=o.agency_name))

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create:
            user_set_roles(user=obj, roles=extracted if extracted is not None else [Role.COORDINATOR])


def pdf_file(name="evidence.pdf", size=None):
    """A small valid PDF to upload as evidence (padded to `size` bytes when given)."""
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


# Progress on the plan's items.


def status_set(code: str, *, actor, percent: int, status="in_progress", narrative="进展", **extra):
    """The task's status set through item_update_status, at its current version."""
    task = Task.objects.get(code=code)
    return item_update_status(item=task, status=status, percent=percent, narrative=narrative, actor=actor,
                              expected_version=task.version, **extra)


def completion_verified(code: str, *, actor, verifier, narrative="已完成"):
    """The task reported completed by `actor` (a completion request) and verified (销号) by `verifier`."""
    status_set(code, actor=actor, status="completed", percent=100, narrative=narrative)
    task = Task.objects.get(code=code)
    return completion_verify(item=task, actor=verifier, expected_version=task.version)


def items_state() -> tuple:
    """Every task's and key project's (version, status, percent) and the number of progress entries: compared
    before and after an action that must change nothing."""
    return (list(Task.objects.order_by("pk").values_list("version", "status", "percent")),
            list(KeyProject.objects.order_by("pk").values_list("version", "status", "percent")),
            ProgressEntry.objects.count())


def snapshots_on(days):
    """The nightly recomputation, run on each of the given days (ISO dates, 09:00 Beijing time)."""
    for day in days:
        with time_machine.travel(f"{day} 09:00 +0800"):
            snapshots_recompute()


def task_snapshot(code: str, day=None) -> LightSnapshot:
    """The task's light snapshot of that day, or its newest."""
    rows = LightSnapshot.objects.filter(kind=SubjectKind.TASK, subject_id=Task.objects.get(code=code).pk)
    return rows.get(date=day) if day else rows.latest("date")


# The prefecture reporting cycle.

Q2_2025_OPENED = "2025-07-01 09:00 +0800"


def period_opened(*, actor, year=2025, number=2, at=Q2_2025_OPENED):
    """An open reporting period, by default 2025年第2季度 opened on 1 July 2025 (due 10 July): 16 draft reports."""
    with time_machine.travel(at):
        return period_open(year=year, number=number, actor=actor)


def prefecture_reporters() -> dict:
    """A reporter for every prefecture (agency → user): the whole province reporting."""
    return {agency: UserFactory(username=f"reporter{agency.code}", agency=agency, roles=[Role.PREFECTURE_REPORTER])
            for agency in prefectures()}


def report_of(period, prefecture_name: str) -> PrefectureReport:
    return PrefectureReport.objects.get(period=period, prefecture__name=prefecture_name)


def report_filled(report, *, actor, lines=None, status="in_progress", narrative="推进") -> PrefectureReport:
    """The report saved by its reporter: every item with a status and narrative, and the indicator lines given
    by code (code → LineInput)."""
    lines = lines or {}
    items = {item.pk: ItemInput(status=status, narrative=narrative) for item in report.items.all()}
    line_inputs = {line.pk: lines[line.indicator.code]
                   for line in report.indicator_lines.select_related("indicator") if line.indicator.code in lines}
    return report_save(report=report, items=items, lines=line_inputs, actor=actor, expected_version=report.version,
                       channel=Channel.PAGE)


def report_submitted(report, *, actor, **filled) -> PrefectureReport:
    """The report filled in (as report_filled) and submitted by its reporter."""
    return report_submit(report=report_filled(report, actor=actor, **filled), actor=actor)


def activity_seeded(users, days=("2025-06-01", "2025-09-01", "2026-01-05")):
    """A year of activity: task 4.1 completed, a measured value of I30 (0.8‰), 昆明's 2025 Q2 report submitted on
    time with I11 = 9, and snapshots on the given days."""
    with time_machine.travel("2025-05-01 09:00 +0800"):
        status_set("4.1", actor=users["fire"], status="completed", percent=100, narrative="完成")
        indicator_value_add(indicator=Indicator.objects.get(code="I30"), value=Decimal("0.8"),
                            as_of=date(2025, 4, 30), source="省林草局", actor=users["coordinator"])
    with time_machine.travel(Q2_2025_OPENED):
        period = period_opened(actor=users["coordinator"])
        report_submitted(report_of(period, "昆明市"), actor=users["kunming"], status="",
                         lines={"I11": LineInput(value=Decimal(9))})
    snapshots_on(days)


# Plan revisions.

DECISION = "云政办发〔2026〕5号 2026-01-28"


def deadline_revised(*, actor, code="1.1", deadline=date(2026, 12, 31), reason="省政府决定延期一年", **extra):
    """The task's deadline revised (by default 1.1 from 2025-12-31 to 2026-12-31) with a reason and DECISION."""
    task = Task.objects.get(code=code)
    return item_revise_deadline(item=task, deadline=deadline, reason=reason, reference=DECISION, actor=actor,
                                expected_version=task.version, **extra)


# Allocating a provincial target to the prefectures.

RESERVOIRS = "I11"  # 979 small reservoirs, a count every prefecture reports


def prefectures() -> list[Agency]:
    return list(Agency.objects.prefectures().order_by("order"))


def even_split(total=979) -> dict:
    """979 over 16 prefectures: 61 each and the remainder to the first."""
    places = prefectures()
    shares = {p: Decimal(total // len(places)) for p in places}
    shares[places[0]] += total - sum(shares.values())
    return shares


def allocation_saved(shares, *, actor, partial=False, reason="", version=0, code=RESERVOIRS):
    return allocation_save(indicator=Indicator.objects.get(code=code), shares=shares, is_partial=partial,
                           partial_reason=reason, actor=actor, expected_version=version, channel=Channel.PAGE)
