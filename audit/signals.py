"""Receivers of Django's own events: sign-in, failed sign-in, sign-out, and every change made in the
administration (configuration, accounts, roles: the admin's LogEntry)."""

from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from audit.models import AuditEvent, AuditResult
from audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="audit.sign_in")
def _signed_in(sender, request, user, **kwargs):
    audit_record(AuditEvent.SIGN_IN, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit.sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    audit_record(AuditEvent.SIGN_IN_FAILED, request=request, username=str(credentials.get("username", "")),
                 result=AuditResult.FAILURE)


@receiver(user_logged_out, dispatch_uid="audit.sign_out")
def _signed_out(sender, request, user, **kwargs):
    audit_record(AuditEvent.SIGN_OUT, request=request, user=user)


@receiver(post_save, sender=LogEntry, dispatch_uid="audit.admin_change")
def _admin_change(sender, instance, created, **kwargs):
    if created:
        audit_record(AuditEvent.ADMIN_CHANGE, user=instance.user,
                     object=f"{instance.content_type.app_label}.{instance.content_type.model}#{instance.object_id} "
                            f"{instance.object_repr}",
                     detail=f"{instance.get_action_flag_display()}: {instance.get_change_message()}")
