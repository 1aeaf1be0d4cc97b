"""The client's address, also behind the HTTPS reverse proxy of production.

Behind nginx every request comes from the proxy: counting login failures or sign-ups by
REMOTE_ADDR would then lock out the whole Département at once. nginx's
`proxy_add_x_forwarded_for` appends the address it saw to X-Forwarded-For, so with one trusted
proxy the last entry is the client's; the earlier entries are whatever the client sent.
"""

from django.conf import settings


def client_ip(request) -> str:
    if getattr(settings, "TERRITOIRES_BEHIND_PROXY", False):
        transmis = request.META.get("HTTP_X_FORWARDED_FOR", "")
        dernier = transmis.split(",")[-1].strip()
        if dernier:
            return dernier
    return request.META.get("REMOTE_ADDR", "")
