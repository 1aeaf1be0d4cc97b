"""ProConnect (OIDC) login. Placeholder, completed by the comptes work."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView


class ProConnectBackend(OIDCAuthenticationBackend):
    pass


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    pass


def provider_logout(request):
    return "/"
