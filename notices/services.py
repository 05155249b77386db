"""Writes of 督办单: the daily run that issues, follows up, escalates and closes notices from the day's lights, the
unit's answer, and the office's closing or asking again. Each write checks who acts and tells whom it addresses."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import ADMINISTRATOR_ROLES, Agency, Role, User
from core.dates import HORIZON_END, add_working_days
from core.errors import StaleVersionError
from core.lights import Assessment, Light
from core.uploads import EVIDENCE_FIELD, evidence_check_all, files_removed_on_failure
from notices.models import (
    SEVERITY,
    LineResolution,
    NoticeAttachment,
    NoticeColour,
    NoticeLine,
    NoticeState,
    NoticeStep,
    StepKind,
    SupervisionNotice,
    UnitContact,
)
from notices.permissions import can_answer_notice, can_decide_notice, can_set_contacts
from notifications.services import coordinators, notify, notify_on_commit
from projects.models import KeyProject, Safeguard
from reporting.models import UnitPart
from snapshots.models import SubjectKind
from snapshots.selectors import lights_of
from supervision.models import Assignment
from supervision.permissions import acts_for_unit
from supervision.selectors import responsible_units
from supervision.services import unit_users
from tasks.models import Task
from tasks.permissions import keeps_own_part
from tasks.selectors import designations_prefetch, responsibilities_prefetch

ITEM_MODELS = (Task, KeyProject, Safeguard)
# PostgreSQL advisory lock key (any number of this project's own): one writer numbers notices at a time.
NOTICE_NUMBERING = 0x6475_6261  # "duba"
COLOUR_OF_LIGHT = {Light.RED: NoticeColour.RED, Light.YELLOW: NoticeColour.YELLOW}


@dataclass(frozen=True)
class Subject:
    """What a notice line is about: a whole item (for its provincial lead unit) or one unit's part of it."""

    item_type_id: int
    item_id: int
    part_id: int | None


@dataclass
class Concern:
    """A subject that needs a notice today: to which unit, of which colour, why, and by when it is due."""

    subject: Subject
    agency: Agency
    colour: str
    reason: str
    deadline: date | None


@dataclass
class NoticeRun:
    date: date
    issued: list[SupervisionNotice] = field(default_factory=list)
    escalated: int = 0
    listed: int = 0
    closed: int = 0

    def summary(self) -> str:
        return (f"notices issued={len(self.issued)} escalated={self.escalated} "
                f"listed_for_leadership={self.listed} closed={self.closed}")


def _colour(light) -> tuple[str | None, str]:
    """The colour of notice a subject's light calls for, and why in words: red when it is red (overdue), yellow
    when it is behind its pace or a milestone, blue when it is on pace with its deadline near (yellow only as a
    warning: core.lights, within LIGHT_WARNING_DAYS); none otherwise."""
    if light is None or light.light not in (Light.RED, Light.YELLOW):
        return None, ""
    if light.light == Light.YELLOW and light.assessment == Assessment.ON_TRACK:
        return NoticeColour.BLUE, light.reason
    return COLOUR_OF_LIGHT[light.light], light.reason


def _concerns() -> dict[Subject, Concern]:
    """Every subject that calls for a notice today, from the newest lights: each unit's part, addressed to its
    unit; each item whose provincial lead unit keeps no part (its status is the item's), addressed to that unit.
    An item a collective leads is covered by its units' parts."""
    concerns = {}
    types = ContentType.objects.get_for_models(*ITEM_MODELS)
    for model in ITEM_MODELS:
        lights = lights_of(kind=SubjectKind(model.ITEM_KIND))
        items = (model.objects.filter(pk__in=list(lights))
                 .prefetch_related(responsibilities_prefetch(model._meta.get_field("responsibilities").related_model),
                                   designations_prefetch()))
        for item in items:
            units = responsible_units(item)
            if not units or units[0][1] != "lead" or keeps_own_part(item, units[0][0]):
                continue
            colour, reason = _colour(lights[item.pk])
            if colour:
                subject = Subject(types[model].pk, item.pk, None)
                concerns[subject] = Concern(subject, units[0][0], colour, reason, item.deadline)
    part_lights = lights_of(kind=SubjectKind.UNIT_PART)
    parts = UnitPart.objects.filter(pk__in=list(part_lights)).select_related("agency").prefetch_related("item")
    for part in parts:
        if part.item is None:
            continue
        deadline = part.deadline or part.item.deadline
        colour, reason = _colour(part_lights[part.pk])
        if colour:
            subject = Subject(part.item_type_id, part.item_id, part.pk)
            concerns[subject] = Concern(subject, part.agency, colour, reason, deadline)
    return concerns


def _subject(line: NoticeLine) -> Subject:
    return Subject(line.item_type_id, line.item_id, line.part_id)


def _line_fields(subject: Subject, *, reason: str, deadline: date | None) -> dict:
    """A NoticeLine's fields for a subject (a new notice's, or one carried to a second notice)."""
    return {"item_type_id": subject.item_type_id, "item_id": subject.item_id, "part_id": subject.part_id,
            "reason": reason[:300], "deadline": deadline}


def _standing_lines():
    """Lines still standing: unresolved, on a notice that is open or that the office closed while its subject had
    not recovered (so the job does not issue it again at the same colour the next day)."""
    return (NoticeLine.objects.filter(resolved_on__isnull=True)
            .exclude(notice__state=NoticeState.ESCALATED).select_related("notice"))


def _resolve(today: date, concerns: dict[Subject, Concern], run: NoticeRun) -> set[tuple[Subject, str]]:
    """Resolve the standing lines whose subject recovered or turned a worse colour; close the open notices left
    with no standing line. Returns what the remaining lines still cover: (subject, colour)."""
    covered, resolved = set(), []
    for line in _standing_lines():
        now = concerns.get(_subject(line))
        now_colour = now.colour if now else None
        if SEVERITY[now_colour] == SEVERITY[line.notice.colour]:
            covered.add((_subject(line), line.notice.colour))
            continue
        line.resolved_on = today
        line.resolution = (LineResolution.RECOVERED if SEVERITY[now_colour] < SEVERITY[line.notice.colour]
                           else LineResolution.WORSENED)
        resolved.append(line)
    NoticeLine.objects.bulk_update(resolved, ["resolved_on", "resolution"])
    touched = {line.notice_id for line in resolved}
    for notice in SupervisionNotice.objects.filter(pk__in=touched, state__in=[NoticeState.AWAITING,
                                                                               NoticeState.ANSWERED]):
        if not notice.lines.filter(resolved_on__isnull=True).exists():
            recovered = notice.lines.filter(resolution=LineResolution.RECOVERED).exists()
            _close(notice, actor=None, reason="所列事项均已好转,自动办结" if recovered else
                   "所列事项已转为更高级别督办,本单办结")
            run.closed += 1
    return covered


def _numbering_lock() -> None:
    """Held until the transaction ends; taken again by the same transaction, it is granted at once. SQLite (`make
    run`) has one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NOTICE_NUMBERING])


def _number(notice: SupervisionNotice) -> None:
    """The next number of the notice's year (one numbering writer at a time: an advisory lock until commit)."""
    _numbering_lock()
    last = SupervisionNotice.objects.filter(year=notice.year).order_by("-sequence").values("sequence").first()
    notice.sequence = (last["sequence"] if last else 0) + 1


def notice_addressees(agency, *, item_refs=(), with_leader=False) -> list[User]:
    """Whom a unit's notice is addressed to: the unit's contact (UnitContact), else the contacts the office named
    on its assignments of these items, else everyone who answers for the unit; a second notice, the unit's
    leadership contact too."""
    contacts = UnitContact.objects.filter(agency=agency).select_related("contact", "leader").first()
    addressees = []
    if contacts and contacts.contact and contacts.contact.is_active:
        addressees = [contacts.contact]
    if not addressees and item_refs:
        assigned = Assignment.objects.filter(agency=agency, contact__is_active=True,
                                             item_id__in={item_id for _type, item_id in item_refs})
        addressees = [a.contact for a in assigned.select_related("contact")
                      if (a.item_type_id, a.item_id) in item_refs]
    if not addressees:
        addressees = unit_users(agency)
    if with_leader and contacts and contacts.leader and contacts.leader.is_active:
        addressees = [*addressees, contacts.leader]
    return list({user.pk: user for user in addressees}.values())


def _issue(*, agency, colour, lines: list[dict], today: date, level=1, follows=None) -> SupervisionNotice:
    notice = SupervisionNotice(year=today.year, colour=colour, agency=agency, level=level, follows=follows,
                               issued_on=today, answer_by=add_working_days(today,
                                                                         settings.SUPERVISION_NOTICE_ANSWER_DAYS))
    _number(notice)
    notice.save()
    NoticeLine.objects.bulk_create([NoticeLine(notice=notice, **line) for line in lines])
    addressees = notice_addressees(agency, item_refs={(line["item_type_id"], line["item_id"]) for line in lines},
                                   with_leader=level > 1)
    notice.addressees.set(addressees)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(colour)s %(number)s: %(count)d item(s) to answer by %(date)s") % {
            "colour": notice.get_colour_display(), "number": notice.number, "count": len(lines),
            "date": f"{notice.answer_by:%Y-%m-%d}"}
        if level > 1:
            title = _("Second notice, unanswered: %(title)s") % {"title": title}
    # Written with the notice (the job's one transaction), so the run that issued it e-mails it.
    notify(addressees, key=f"notice:{notice.pk}", title=title, url=notice_url(notice),
           body="\n".join(line["reason"] for line in lines[:5]), urgent=True)
    return notice


def notice_url(notice) -> str:
    return reverse("notices:detail", args=[notice.pk])


def _escalate(today: date, run: NoticeRun) -> None:
    """Notices left unanswered past their date: a first one is followed by a second notice to the unit and its
    leadership contact; a second one lists its items for provincial leadership (on the dashboard)."""
    for notice in (SupervisionNotice.objects.filter(state=NoticeState.AWAITING, answer_by__lt=today)
                   .select_related("agency").order_by("pk")):
        if notice.level == 1:
            standing = list(notice.lines.filter(resolved_on__isnull=True))
            notice.state = NoticeState.ESCALATED
            notice.version += 1
            notice.save(update_fields=["state", "version"])
            NoticeLine.objects.filter(pk__in=[line.pk for line in standing]).update(
                resolved_on=today, resolution=LineResolution.FOLLOWED)
            run.issued.append(_issue(agency=notice.agency, colour=notice.colour, today=today, level=2,
                                     follows=notice, lines=[_line_fields(_subject(line), reason=line.reason,
                                                                         deadline=line.deadline)
                                                            for line in standing]))
            run.escalated += 1
        elif notice.listed_for_leadership_at is None:
            notice.listed_for_leadership_at = timezone.now()
            notice.save(update_fields=["listed_for_leadership_at"])
            run.listed += 1


def notices_issue(*, today: date | None = None) -> NoticeRun:
    """The daily run, idempotent: a rerun on the same day issues, escalates and closes nothing more. One notice per
    unit and colour covers all its subjects that no standing notice of that colour covers yet."""
    today = today or timezone.localdate()
    run = NoticeRun(today)
    with transaction.atomic():
        # One run at a time (the beat, a retry, a run by hand): each decides what is due from what the last left.
        _numbering_lock()
        concerns = _concerns()
        covered = _resolve(today, concerns, run)
        _escalate(today, run)
        due = defaultdict(list)
        # The office does not send itself notices: its own items are on its dashboard.
        office = set(User.objects.filter(User.holding(Role.COORDINATOR), is_active=True)
                     .values_list("agency_id", flat=True))
        for subject, concern in concerns.items():
            if (subject, concern.colour) not in covered and concern.agency.pk not in office:
                due[(concern.agency, concern.colour)].append(concern)
        for (agency, colour), listed in sorted(due.items(), key=lambda pair: (
                -SEVERITY[pair[0][1]], pair[0][0].order, pair[0][0].name)):
            run.issued.append(_issue(agency=agency, colour=colour, today=today, lines=[
                _line_fields(c.subject, reason=c.reason, deadline=c.deadline) for c in listed]))
    return run


def _close(notice: SupervisionNotice, *, actor: User | None, reason: str) -> None:
    now = timezone.now()
    notice.state, notice.closed_at, notice.closed_by, notice.close_reason = NoticeState.CLOSED, now, actor, reason
    notice.version += 1
    notice.save(update_fields=["state", "closed_at", "closed_by", "close_reason", "version"])
    NoticeStep.objects.create(notice=notice, kind=StepKind.CLOSE, text=reason, by=actor, at=now)


def _locked(notice: SupervisionNotice, expected_version: int | None) -> SupervisionNotice:
    """The notice re-read under a row lock, refused if it changed since the caller read it."""
    fresh = SupervisionNotice.objects.select_for_update().get(pk=notice.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleVersionError(item=fresh, expected_version=expected_version, changes=[])
    return fresh


def notice_answer(*, notice, text: str, promised_by: date | None, files=(), actor: User,
                  expected_version: int | None = None) -> NoticeStep:
    """反馈: the unit says what it will do and by when, with files; the office's coordinators are told."""
    if not can_answer_notice(actor, notice):
        raise PermissionDenied(_("Only the unit a notice is addressed to answers it."))
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Say what the unit will do.")
    if promised_by is None:
        errors["promised_by"] = _("Say by when.")
    elif promised_by < timezone.localdate() or promised_by > HORIZON_END:
        errors["promised_by"] = _("The date must be between today and %(date)s.") % {"date": f"{HORIZON_END}"}
    try:
        checked = evidence_check_all(files)
    except ValidationError as exc:
        errors[EVIDENCE_FIELD] = exc.messages
    if errors:
        raise ValidationError(errors)
    with files_removed_on_failure() as written, transaction.atomic():
        notice = _locked(notice, expected_version)
        if notice.state != NoticeState.AWAITING:
            raise ValidationError(_("This notice is not awaiting an answer (it is %(state)s); reload the page.") % {
                "state": notice.get_state_display()})
        step = NoticeStep.objects.create(notice=notice, kind=StepKind.ANSWER, text=text, promised_by=promised_by,
                                         by=actor, at=timezone.now())
        NoticeAttachment.store_all(checked, written=written, step=step)
        notice.state = NoticeState.ANSWERED
        notice.version += 1
        notice.save(update_fields=["state", "version"])
        with translation.override(settings.LANGUAGE_CODE):
            notify_on_commit(coordinators(), key=f"notice-answer:{step.pk}", url=notice_url(notice), body=text[:500],
                             title=_("%(unit)s answered %(number)s") % {"unit": notice.agency,
                                                                       "number": notice.number})
    return step


def notice_close(*, notice, reason: str, actor: User, expected_version: int | None = None) -> None:
    """The office closes an open notice with the reason (办结); the addressees are told."""
    if not can_decide_notice(actor):
        raise PermissionDenied(_("Only the provincial office closes a notice."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"text": _("Give the reason for closing the notice.")})
    with transaction.atomic():
        notice = _locked(notice, expected_version)
        if not notice.is_open:
            raise ValidationError(_("This notice is closed already; reload the page."))
        _close(notice, actor=actor, reason=reason)
        _tell_addressees(notice, key=f"notice-closed:{notice.pk}", body=reason,
                         title=_("%(number)s closed") % {"number": notice.number})


def notice_ask_again(*, notice, text: str, actor: User, expected_version: int | None = None) -> NoticeStep:
    """The office finds the answer short and asks again, with what it wants and a new answer-by date; unanswered
    by then, the notice escalates as a first one does."""
    if not can_decide_notice(actor):
        raise PermissionDenied(_("Only the provincial office asks again."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what the unit must add.")})
    with transaction.atomic():
        notice = _locked(notice, expected_version)
        if notice.state != NoticeState.ANSWERED:
            raise ValidationError(_("Only an answered notice can be asked again; reload the page."))
        notice.state = NoticeState.AWAITING
        notice.answer_by = add_working_days(timezone.localdate(), settings.SUPERVISION_NOTICE_ANSWER_DAYS)
        notice.version += 1
        notice.save(update_fields=["state", "answer_by", "version"])
        step = NoticeStep.objects.create(notice=notice, kind=StepKind.ASK_AGAIN, text=text,
                                         answer_by=notice.answer_by, by=actor, at=timezone.now())
        _tell_addressees(notice, key=f"notice-again:{step.pk}", body=text, urgent=True,
                         title=_("%(number)s: asked again, answer by %(date)s") % {
                             "number": notice.number, "date": f"{notice.answer_by:%Y-%m-%d}"})
    return step


def _tell_addressees(notice, *, key, title, body, urgent=False) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify_on_commit(list(notice.addressees.filter(is_active=True)), key=key, title=str(title), body=body,
                         url=notice_url(notice), urgent=urgent)


def unit_contact_save(*, agency, contact: User | None, leader: User | None, actor: User) -> UnitContact:
    """The office names a unit's contact (who answers its notices) and leadership contact (told of a second
    notice): active users of that unit; the contact one who answers for it."""
    if not can_set_contacts(actor):
        raise PermissionDenied(_("Only the provincial office names the units' contacts."))
    errors = {}
    if contact is not None and not (contact.is_active and acts_for_unit(contact, agency)):
        errors["contact"] = _("The contact person must be an active user of %(unit)s who answers for it (its "
                              "editors or reporters).") % {"unit": agency}
    if leader is not None and not (leader.is_active and leader.agency_id == agency.pk
                                   and not leader.has_role(*ADMINISTRATOR_ROLES)):
        errors["leader"] = _("The leadership contact must be an active user of %(unit)s.") % {"unit": agency}
    if errors:
        raise ValidationError(errors)
    contacts, _created = UnitContact.objects.update_or_create(agency=agency,
                                                              defaults={"contact": contact, "leader": leader})
    return contacts
