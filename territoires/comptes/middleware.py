"""The current organisation of the user, and the TOTP step required of Département staff."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

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


class StaffOTPRequiredMiddleware:
    """Staff who typed their password but not their TOTP code only reach the OTP pages.

    Every other view (including public pages, whose content may depend on the role, and the
    Django admin) redirects them to the OTP step. Static files never reach the URL resolver.
    """

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
        if getattr(view_func, "otp_exempt", False) or not needs_otp(user):
            return None
        if request.path.startswith(settings.STATIC_URL if settings.STATIC_URL else "/static/"):
            return None
        url = reverse("comptes:otp")
        return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
