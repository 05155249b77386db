"""Writing the audit log: one call, `audit_record`, from wherever an event happens (the auth signals, token and
password changes, exports, evidence downloads, the administration)."""

from django.db import connection, transaction
from simple_history.models import HistoricalRecords

from audit.models import GENESIS, AuditRecord, AuditResult
from core.text import clean_text

# PostgreSQL advisory lock key (any number of this project's own): one writer appends to the chain at a time, so
# each record's previous hash is the record before it.
AUDIT_CHAIN = 733_018_202


def client_address(request) -> str:
    """The address the request came from, as the sign-in lockout sees it (behind the proxy, its forwarded one)."""
    if request is None:
        return ""
    from axes.helpers import get_client_ip_address  # axes reads its own settings: imported when first needed

    return get_client_ip_address(request) or ""


def audit_record(event: str, *, request=None, user=None, username: str = "", object: str = "",
                 result: str = AuditResult.SUCCESS, detail: str = "") -> AuditRecord:
    """Append one event to the chain: who (the user, or the name tried), from where (the request), on what, with
    what result. Without a request, the one being served (if any) gives the address."""
    request = request or getattr(HistoricalRecords.context, "request", None)
    if user is None and request is not None and getattr(request, "user", None) is not None \
            and request.user.is_authenticated:
        user = request.user
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN])
        previous = AuditRecord.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
        # Cleaned as every save cleans text (core.text) before the hash is taken, so what is hashed is what is stored.
        record = AuditRecord(event=event, user_id=user.pk if user else None,
                             username=clean_text(user.get_username() if user else username)[:150],
                             address=clean_text(client_address(request))[:45], object=clean_text(str(object))[:300],
                             result=result, detail=clean_text(detail), previous_hash=previous)
        record.hash = record.computed_hash()
        record.save()
    return record


def audit_chain_broken() -> AuditRecord | None:
    """The first record whose hash does not match its content or does not follow the one before it (a change or a
    removal in the database), or None when the whole chain holds."""
    previous = GENESIS
    for record in AuditRecord.objects.order_by("id").iterator(chunk_size=2000):
        if record.previous_hash != previous or record.computed_hash() != record.hash:
            return record
        previous = record.hash
    return None
