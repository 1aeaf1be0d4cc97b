"""Links stored to be followed later (notifications, task results): local paths only."""

from django.utils.http import url_has_allowed_host_and_scheme


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
