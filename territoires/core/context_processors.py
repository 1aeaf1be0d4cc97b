from django.utils.functional import SimpleLazyObject

from .selectors import unread_notifications_count


def notifications(request):
    """`notifications_non_lues` for the header; counted only when a template prints it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_non_lues": 0}
    return {"notifications_non_lues": SimpleLazyObject(lambda: unread_notifications_count(user))}
