from django.utils.functional import SimpleLazyObject, new_method_proxy

from .selectors import unread_notifications_count


class LazyCount(SimpleLazyObject):
    """A number computed on first use; behaves as an int for filters such as `pluralize`."""

    __int__ = new_method_proxy(int)
    __float__ = new_method_proxy(float)
    __index__ = new_method_proxy(int)


def notifications(request):
    """`notifications_non_lues` for the header; counted only when a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_non_lues": 0}
    return {"notifications_non_lues": LazyCount(lambda: unread_notifications_count(user))}
