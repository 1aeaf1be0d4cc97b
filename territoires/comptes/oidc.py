"""ProConnect login (OpenID Connect, through mozilla-django-oidc).

ProConnect answers the userinfo endpoint with a JWT signed by the provider (content type
`application/jwt`): it is verified with the provider's JWKS like the id_token. Users are matched
on their lower-cased e-mail; the `siret` claim is kept to propose the matching organisation.
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from territoires.core.access import PUBLIC

logger = logging.getLogger(__name__)


class ProConnectBackend(OIDCAuthenticationBackend):
    def get_user(self, user_id):
        """A deactivated account is signed out at its next page, as with a password: the
        library's `get_user` does not look at `is_active`."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def _verify_jws(self, payload, key):
        """Signature, algorithm, expiry, and also audience and issuer (the library skips them)."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("Algorithme de signature inattendu.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.PROCONNECT_ISSUER,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"Jeton ProConnect refusé : {error}") from error

    def get_userinfo(self, access_token, id_token, payload):
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            verify=self.get_settings("OIDC_VERIFY_SSL", True),
            timeout=self.get_settings("OIDC_TIMEOUT", 10),
            proxies=self.get_settings("OIDC_PROXY", None),
        )
        response.raise_for_status()
        content_type = response.headers.get("content-type", "").lower()
        if content_type.startswith("application/jwt"):
            # Signature checked against the JWKS; a bad signature raises SuspiciousOperation.
            claims = self.verify_token(response.text.strip())
        else:
            claims = response.json()
        if payload.get("sub") and claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("Le « sub » de userinfo ne correspond pas à l'id_token.")
        return claims

    def verify_claims(self, claims):
        return bool(claims.get("email")) and bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip().lower()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email)

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(
            claims["email"].strip().lower(),
            None,  # no local password: ProConnect only, until they set one by reset
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("usual_name") or "")[:150],
        )
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        user.proconnect_sub = claims.get("sub", "")
        user.proconnect_siret = "".join(
            ch for ch in str(claims.get("siret") or "") if ch.isdigit()
        )[:14]
        if not user.first_name and claims.get("given_name"):
            user.first_name = claims["given_name"][:150]
        if not user.last_name and claims.get("usual_name"):
            user.last_name = claims["usual_name"][:150]
        user.save(update_fields=["proconnect_sub", "proconnect_siret", "first_name", "last_name"])
        return user


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    access_rule = PUBLIC
    otp_exempt = True

    @property
    def success_url(self):
        user = self.request.user
        if user.is_authenticated and not user.membres.actifs().exists():
            # No organisation yet: propose the one matching the ProConnect SIRET.
            return reverse("comptes:rattachement")
        return super().success_url

    def login_failure(self):
        messages.error(
            self.request,
            "La connexion avec ProConnect n'a pas abouti. Réessayez ou connectez-vous "
            "avec votre adresse électronique et votre mot de passe.",
        )
        return HttpResponseRedirect(reverse("comptes:login"))


class ProConnectAuthenticateView(OIDCAuthenticationRequestView):
    access_rule = PUBLIC
    otp_exempt = True

    def get(self, request):
        if not settings.PROCONNECT_ENABLED:
            raise Http404("ProConnect n'est pas activé sur cette plateforme.")
        return super().get(request)


def provider_logout(request) -> str:
    """URL ending the ProConnect session too (`/session/end`), or the local logout target."""
    local = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    id_token = request.session.get("oidc_id_token")
    if not id_token:
        return local
    params = {
        "id_token_hint": id_token,
        "state": get_random_string(32),
        "post_logout_redirect_uri": local,
    }
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(params)}"
