"""Links: stored to be followed later (notifications, task results), local paths only; and
absolute, for e-mails."""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def absolute_url(path: str) -> str:
    """The address of a path of this site for an e-mail (`TERRITOIRES_BASE_URL`); "" for ""."""
    return settings.TERRITOIRES_BASE_URL.rstrip("/") + path if path else ""


def safe_local_url(url: str) -> str:
    """`url` when it is a path of this site (or empty); ValueError otherwise."""
    if not url:
        return ""
    if (
        not url.startswith("/")
        or url.startswith("//")
        or not url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    ):
        raise ValueError(f"Le lien d'une notification doit être un chemin local : {url!r}")
    return url
