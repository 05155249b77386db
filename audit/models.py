"""The security audit log (等保2.0 安全审计): who did what, from where, to what, with what result. Append-only for
the application and tamper-evident: each record carries a hash over the previous record's hash and its own content,
so a record changed or removed in the database breaks the chain at that record (`manage.py audit_verify`)."""

import hashlib
import json

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The hash the first record chains to.
GENESIS = "0" * 64


class AuditEvent(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in refused")
    SIGN_OUT = "sign_out", _("Signed out")
    PASSWORD_CHANGED = "password_changed", _("Password changed or reset")
    ACCOUNT_CHANGED = "account_changed", _("Account created or changed")
    ROLE_CHANGED = "role_changed", _("Role granted or withdrawn")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    TOKEN_USED = "token_used", _("API token used")
    EXPORT = "export", _("Evaluation workbook exported")
    EVIDENCE_DOWNLOADED = "evidence_downloaded", _("Evidence downloaded")
    ADMIN_CHANGE = "admin_change", _("Change in the administration")
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", _("Two-factor sign-in set up")
    TWO_FACTOR_VERIFIED = "two_factor_verified", _("Second factor accepted")
    TWO_FACTOR_FAILED = "two_factor_failed", _("Second factor refused")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    TWO_FACTOR_RESET = "two_factor_reset", _("Two-factor sign-in reset by the security administrator")
    SIGN_IN_UNLOCKED = "sign_in_unlocked", _("Locked sign-in unlocked by the security administrator")
    SCORE_ADJUSTED = "score_adjusted", _("Annual score adjusted")


class AuditResult(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit record through the application."""


class AuditRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit records are never changed")

    def delete(self):
        raise AppendOnlyError("audit records are never deleted")


class AuditRecord(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    event = models.CharField(_("event"), max_length=30, choices=AuditEvent.choices, db_index=True)
    # The user as it was: id and name kept as text, so a record outlives any change to the account.
    user_id = models.PositiveBigIntegerField(_("user id"), null=True, blank=True, db_index=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    address = models.CharField(_("source address"), max_length=45, blank=True)  # kept as received: hashed as is
    object = models.CharField(_("object"), max_length=300, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=AuditResult.choices, default=AuditResult.SUCCESS)
    detail = models.TextField(_("detail"), blank=True)
    previous_hash = models.CharField(_("previous record's hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.event} {self.result}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit records are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit records are never deleted")

    def content(self) -> str:
        """What the hash covers: every field but the hash and the id (given by the database only on insert; the
        chain of previous hashes fixes the order), in a fixed form."""
        return json.dumps({"at": self.at.isoformat(), "event": self.event, "user_id": self.user_id,
                           "username": self.username, "address": self.address, "object": self.object,
                           "result": self.result, "detail": self.detail, "previous": self.previous_hash},
                          ensure_ascii=False, sort_keys=True)

    def computed_hash(self) -> str:
        return hashlib.sha256(self.content().encode()).hexdigest()
