"""Every view declares who may open it.

- `@public` : open to anyone (catalogue, commune pages, legal pages).
- `@rule_required("app.perm")` : a `rules` permission without object; an anonymous visitor
  is sent to the login page, a logged-in user without the permission gets 403.
- `@object_rule_required("app.perm", get_object)` : `get_object(request, **kwargs)` loads the
  object (404 when missing) and the permission is checked on it; when it is denied the answer
  is 404, so that another organisation's objects cannot even be detected.

The view receives the object as `obj` in its keyword arguments for the object variant.
The permission-matrix test (tests/comptes/test_permission_matrix.py) fails on any URL whose
view carries none of these marks.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

PUBLIC = "public"


def public(view: Callable) -> Callable:
    view.access_rule = PUBLIC
    return view


def otp_exempt(view: Callable) -> Callable:
    """Reachable by a staff member who has typed their password but not yet their TOTP code
    (login, OTP steps, logout, password reset). Apply it outside the access decorator."""
    view.otp_exempt = True
    return view


def _login_redirect(request):
    return redirect_to_login(request.get_full_path())


def rule_required(perm: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return _login_redirect(request)
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.access_rule = perm
        wrapped.access_object = False
        return wrapped

    return decorator


def object_rule_required(perm: str, get_object: Callable) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return _login_redirect(request)
            obj = get_object(request, **kwargs)
            if not request.user.has_perm(perm, obj):
                raise Http404("Objet introuvable.")
            return view(request, *args, obj=obj, **kwargs)

        wrapped.access_rule = perm
        # The permission-matrix test loads the object the same way to know the expected answer.
        wrapped.access_object = True
        wrapped.access_get_object = get_object
        return wrapped

    return decorator
