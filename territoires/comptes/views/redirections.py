"""Where a view sends the visitor next: a `next` of this site only."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str | None = None) -> str:
    """The `next` of the form or query string when it is on this site, else `default`."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


def next_query(url: str) -> str:
    """`next=<url>`, to append to the URL of a step (login, second factor)."""
    return urlencode({"next": url})


def local_next(request) -> str:
    """The `next` of the query string when it is a path of this site, else ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}
    ):
        return candidate
    return ""
