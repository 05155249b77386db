from notifications.selectors import unread_notification_count


def notifications(request):
    """The unread count for the bell in the navigation bar (one query, only for signed-in users)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_notification_count(user)}
