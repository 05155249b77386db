"""Writes of bulletins: draft one from the snapshot, edit its paragraphs, approve, issue it with a number (then it
never changes), and build its Word and PDF in the background."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import PLAN_ROLES, User
from bulletins.documents import bulletin_docx
from bulletins.figures import bulletin_figures, default_paragraphs, period_of
from bulletins.models import BUILD_STALE_AFTER, BuildState, Bulletin, BulletinState
from bulletins.permissions import can_manage_bulletins
from core.documents import docx_to_pdf
from core.errors import StaleVersionError
from core.jobs import job_on_commit
from notifications.services import notify

logger = logging.getLogger(__name__)

BUILD_JOB = "bulletins.jobs.bulletin_build_job"
PARAGRAPHS = ("overview", "praise", "criticism", "requirements")
PARAGRAPH_LIMIT = 5000
# PostgreSQL advisory lock key (any number of this project's own): one writer numbers bulletins at a time.
BULLETIN_NUMBERING = 0x7462_6C74  # "tblt"


def _require_office(actor: User) -> None:
    if not can_manage_bulletins(actor):
        raise PermissionDenied(_("Only the provincial office drafts and issues bulletins."))


def _locked(bulletin: Bulletin, expected_version: int) -> Bulletin:
    locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if locked.is_issued:
        raise ValidationError(_("%(bulletin)s was issued on %(day)s and no longer changes.") % {
            "bulletin": locked, "day": f"{timezone.localtime(locked.issued_at):%Y-%m-%d}"})
    if locked.version != expected_version:
        raise StaleVersionError(item=locked, expected_version=expected_version, changes=[])
    return locked


def bulletin_draft(*, kind: str, year: int, number: int, actor: User) -> Bulletin:
    """A draft filled from the snapshot of the period's last day (or today's, while the period runs): the figures
    are kept as read now, the paragraphs start from them."""
    _require_office(actor)
    today = timezone.localdate()
    figures = bulletin_figures(kind, year, number, today=today)
    _start, end, title = period_of(kind, year, number)
    return Bulletin.objects.create(kind=kind, year=year, number=number, as_of=min(end, today), title=title,
                                   figures=figures, created_by=actor, **default_paragraphs(figures))


def bulletin_edit(*, bulletin: Bulletin, paragraphs: dict, actor: User, expected_version: int) -> Bulletin:
    """The office's paragraphs of a draft (an approved one goes back to draft); an issued one is refused."""
    _require_office(actor)
    errors = {name: _("At most %(n)d characters.") % {"n": PARAGRAPH_LIMIT}
              for name, text in paragraphs.items() if name in PARAGRAPHS and len(text or "") > PARAGRAPH_LIMIT}
    if not (paragraphs.get("overview", bulletin.overview) or "").strip():
        errors["overview"] = _("Say how the plan stands (总体情况).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(bulletin, expected_version)
        changed = {name: (paragraphs[name] or "").strip() for name in PARAGRAPHS if name in paragraphs}
        if all(getattr(locked, name) == text for name, text in changed.items()):
            return locked  # nothing changed: an approval stands
        for name, text in changed.items():
            setattr(locked, name, text)
        locked.state, locked.approved_by, locked.approved_at = BulletinState.DRAFT, None, None
        locked.version += 1
        locked.save()
    return locked


def bulletin_approve(*, bulletin: Bulletin, actor: User, expected_version: int) -> Bulletin:
    """审核: the draft is ready to issue."""
    _require_office(actor)
    with transaction.atomic():
        locked = _locked(bulletin, expected_version)
        if locked.state != BulletinState.DRAFT:
            raise ValidationError(_("Only a draft is approved."))
        locked.state, locked.approved_by, locked.approved_at = BulletinState.APPROVED, actor, timezone.now()
        locked.version += 1
        locked.save()
    return locked


def bulletin_issue(*, bulletin: Bulletin, actor: User, expected_version: int) -> Bulletin:
    """印发: an approved bulletin gets the year's next number, never changes again, is sent to every unit, and its
    Word and PDF are built in the background."""
    _require_office(actor)
    with transaction.atomic():
        locked = _locked(bulletin, expected_version)
        if locked.state != BulletinState.APPROVED:
            raise ValidationError(_("Approve the bulletin before it is issued."))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BULLETIN_NUMBERING])
        now = timezone.now()
        year = timezone.localtime(now).year
        last = Bulletin.objects.filter(doc_year=year).aggregate(n=Max("doc_sequence"))["n"] or 0
        locked.doc_year, locked.doc_sequence = year, last + 1
        locked.state, locked.issued_by, locked.issued_at = BulletinState.ISSUED, actor, now
        locked.build, locked.build_started_at, locked.version = BuildState.PENDING, now, locked.version + 1
        locked.save()
        readers = User.objects.filter(is_active=True, role_assignments__role__in=PLAN_ROLES).distinct()
        notify(readers, key=f"bulletin-issued:{locked.pk}", title=f"印发通报：{locked}",
               body=f"{settings.SUPERVISION_NOTICE_ISSUER}印发{locked.title}，请查阅并对照落实。",
               url=reverse("bulletins:detail", args=[locked.pk]))
        job_on_commit(BUILD_JOB, args=(locked.pk,), on_failure=lambda: _not_queued(locked.pk))
    return locked


def _not_queued(bulletin_id: int) -> None:
    Bulletin.objects.filter(pk=bulletin_id, build=BuildState.PENDING).update(
        build=BuildState.FAILED, build_error=_("The background queue cannot be reached; build the documents again "
                                                "later."))


def _build_claimable() -> Q:
    """Documents waiting for a worker or failed, or whose writing began too long ago to be still under way."""
    return Q(build__in=[BuildState.PENDING, BuildState.FAILED]) | Q(
        build=BuildState.RUNNING, build_started_at__lt=timezone.now() - BUILD_STALE_AFTER)


def bulletin_rebuild(*, bulletin: Bulletin, actor: User) -> Bulletin:
    """Ask again for the documents of an issued bulletin whose build failed or was cut off (the bulletin itself
    does not change)."""
    _require_office(actor)
    if not bulletin.build_can_restart:
        raise ValidationError(_("Only the documents of an issued bulletin whose writing failed or was cut off are "
                                "written again."))
    Bulletin.objects.filter(pk=bulletin.pk).update(build=BuildState.PENDING, build_percent=0, build_error="",
                                                  build_started_at=timezone.now())
    job_on_commit(BUILD_JOB, args=(bulletin.pk,), on_failure=lambda: _not_queued(bulletin.pk))
    bulletin.refresh_from_db()
    return bulletin


def bulletin_files_dir():
    path = settings.MEDIA_ROOT / "bulletins"
    path.mkdir(parents=True, exist_ok=True)
    return path


def bulletin_build(*, bulletin_id: int) -> Bulletin:
    """Write the issued bulletin's Word document, then its PDF, saving the progress; idempotent (built documents
    are left as they are, a build under way is not started twice unless it was cut off). A failure is recorded for
    the page, then raised for the job to retry."""
    claimed = Bulletin.objects.filter(_build_claimable(), pk=bulletin_id, state=BulletinState.ISSUED).update(
        build=BuildState.RUNNING, build_percent=0, build_error="", build_started_at=timezone.now())
    bulletin = Bulletin.objects.get(pk=bulletin_id)
    if not claimed:
        return bulletin
    folder = bulletin_files_dir()
    try:
        docx = bulletin_docx(bulletin)
        (folder / f"bulletin-{bulletin.pk}.docx").write_bytes(docx)
        Bulletin.objects.filter(pk=bulletin.pk).update(docx=str(folder / f"bulletin-{bulletin.pk}.docx"),
                                                      build_percent=40)
        (folder / f"bulletin-{bulletin.pk}.pdf").write_bytes(docx_to_pdf(docx))
    except Exception as error:
        Bulletin.objects.filter(pk=bulletin.pk).update(build=BuildState.FAILED, build_error=str(error)[:2000])
        raise
    Bulletin.objects.filter(pk=bulletin.pk).update(pdf=str(folder / f"bulletin-{bulletin.pk}.pdf"),
                                                  build=BuildState.DONE, build_percent=100)
    logger.info("bulletin_build bulletin=%d bytes=%d", bulletin.pk, len(docx))
    bulletin.refresh_from_db()
    return bulletin
