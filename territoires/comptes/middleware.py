"""The current organisation of the user, and the TOTP step required of Département staff."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import LazyObject, empty

from territoires.core.access import PUBLIC

from .rules import needs_otp

SESSION_ORGANISATION_KEY = "organisation_courante"


class CurrentOrganisationMiddleware:
    """Expose `request.membres` (active memberships), `request.membre` and
    `request.organisation` (the one chosen in the header, else the first membership)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = None
        request.membre = None
        request.membres = []
        user = getattr(request, "user", None)
        if user is not None:
            # The lazy wrappers of auth and django_otp, resolved here once: the menu, the rules
            # and the templates then read the user itself (hundreds of reads on a page).
            user = request.user = _resolved(user)
        if user is not None and user.is_authenticated:
            membres = list(user.membres.actifs().select_related("organisation"))
            # rules predicates reuse this list instead of querying again.
            user._membres_actifs_cache = membres
            request.membres = membres
            chosen = request.session.get(SESSION_ORGANISATION_KEY)
            membre = next((m for m in membres if m.organisation_id == chosen), None)
            if membre is None and membres:
                membre = membres[0]
            if membre is not None:
                request.membre = membre
                request.organisation = membre.organisation
        return self.get_response(request)


def _resolved(user):
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


class StaffOTPRequiredMiddleware:
    """Staff who typed their password but not yet their TOTP code are not logged in as staff.

    - the OTP steps, login, logout and password reset (views marked `otp_exempt`) see them;
    - public pages (legal notice, territories, stylesheet…) stay reachable, but are served as
      to an anonymous visitor, so that no content depending on the role shows;
    - every other view, the Django admin and the home page (where a login lands) redirect to
      the OTP step.
    Static files never reach the URL resolver.
    """

    LANDING_URL_NAMES = frozenset({"ui:home"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.TERRITOIRES_OTP_REQUIRED:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        view_class = getattr(view_func, "view_class", None)
        marks = (view_func, view_class)
        if any(getattr(mark, "otp_exempt", False) for mark in marks) or not needs_otp(user):
            return None
        match = getattr(request, "resolver_match", None)
        landing = match is not None and match.view_name in self.LANDING_URL_NAMES
        if not landing and any(getattr(mark, "access_rule", None) == PUBLIC for mark in marks):
            request.user = _UnverifiedAnonymousUser()
            request.organisation = None
            request.membre = None
            request.membres = []
            return None
        url = reverse("comptes:otp")
        return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


class _UnverifiedAnonymousUser(AnonymousUser):
    def is_verified(self) -> bool:
        return False
