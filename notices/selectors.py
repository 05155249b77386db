"""Reads of 督办单: the notices a user may read (lists and by id alike), with what each page shows of them."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from notices.models import NoticeAttachment, NoticeLine, NoticeState, NoticeStep, SupervisionNotice
from notices.permissions import visible_notices_q


def notice_list(*, user, state: str | None = None, colour: str | None = None,
                agency_id: int | None = None) -> QuerySet[SupervisionNotice]:
    notices = SupervisionNotice.objects.filter(visible_notices_q(user)).select_related("agency")
    if state == "open":
        notices = notices.filter(state__in=[NoticeState.AWAITING, NoticeState.ANSWERED])
    elif state:
        notices = notices.filter(state=state)
    if colour:
        notices = notices.filter(colour=colour)
    if agency_id:
        notices = notices.filter(agency_id=agency_id)
    return notices.prefetch_related(Prefetch("lines", queryset=NoticeLine.objects.select_related("part__agency")
                                             .prefetch_related("item").order_by("pk")))


def notice_detail(*, user, pk: int) -> SupervisionNotice:
    """One notice the user may read, with its lines (their items and parts), steps and addressees;
    SupervisionNotice.DoesNotExist for one they may not."""
    lines = NoticeLine.objects.select_related("part__agency").prefetch_related("item").order_by("pk")
    steps = NoticeStep.objects.select_related("by").prefetch_related("attachments")
    return (SupervisionNotice.objects.filter(visible_notices_q(user))
            .select_related("agency", "follows", "followed_by", "closed_by")
            .prefetch_related(Prefetch("lines", queryset=lines), Prefetch("steps", queryset=steps), "addressees")
            .get(pk=pk))


def attachment_for_download(*, user, pk: int) -> NoticeAttachment:
    """A file attached to an answer on a notice the user may read; NoticeAttachment.DoesNotExist otherwise."""
    return NoticeAttachment.objects.get(pk=pk, step__notice__in=SupervisionNotice.objects.filter(
        visible_notices_q(user)))


def listed_for_leadership() -> QuerySet[SupervisionNotice]:
    """Second notices left unanswered: their items are listed for provincial leadership (the dashboard)."""
    # Still awaiting and past its date: one answered and asked again waits for its new date first.
    return (SupervisionNotice.objects.filter(listed_for_leadership_at__isnull=False, state=NoticeState.AWAITING,
                                             answer_by__lt=timezone.localdate())
            .select_related("agency").prefetch_related(Prefetch("lines", queryset=NoticeLine.objects.filter(
                resolved_on__isnull=True).prefetch_related("item"))).order_by("listed_for_leadership_at", "pk"))
