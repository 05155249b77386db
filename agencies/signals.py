"""Account and role changes into the security audit log, however they are made (administration, command, API);
and, at sign-in, whether the user has set up two-factor sign-in (agencies.middleware)."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from agencies.middleware import remember_enrolment, session_renewed
from agencies.models import RoleAssignment, User
from audit.models import AuditEvent
from audit.services import audit_record


@receiver(post_save, sender=User, dispatch_uid="agencies.account_audited")
def _account_changed(sender, instance, created, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # a sign-in's timestamp, or a password (its own event): not a change of the account
    if created:
        detail = "created"
    else:
        records = list(instance.history.order_by("-history_date", "-history_id")[:2])
        changed = records[0].diff_against(records[1]).changed_fields if len(records) == 2 else []
        if not changed:
            return
        detail = "changed: " + ", ".join(sorted(changed))
    audit_record(AuditEvent.ACCOUNT_CHANGED, object=f"user {instance.get_username()}", detail=detail)


@receiver(post_save, sender=RoleAssignment, dispatch_uid="agencies.role_granted_audited")
def _role_granted(sender, instance, created, **kwargs):
    if created:
        audit_record(AuditEvent.ROLE_CHANGED, object=f"user {instance.user.get_username()}",
                     detail=f"granted {instance.role}")


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="agencies.role_withdrawn_audited")
def _role_withdrawn(sender, instance, **kwargs):
    audit_record(AuditEvent.ROLE_CHANGED, object=f"user {instance.user.get_username()}",
                 detail=f"withdrawn {instance.role}")


@receiver(user_logged_in, dispatch_uid="agencies.enrolment_remembered")
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_enrolment(request, user)
        session_renewed(request)  # saved with the sign-in itself: the next request has nothing to renew
