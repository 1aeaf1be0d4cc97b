"""A database that went away answers a French 503 page, not a traceback or a 500."""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

logger = logging.getLogger(__name__)

# Django's own wrappers of the driver's errors: connection refused, lost, server restarting.
DATABASE_DOWN = (OperationalError, InterfaceError)


def database_down(exception: BaseException | None) -> bool:
    return isinstance(exception, DATABASE_DOWN)


def _plain_unavailable_page() -> str:
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        "<title>Service momentanément indisponible</title></head><body>"
        "<h1>Service momentanément indisponible</h1>"
        "<p>La base de données ne répond pas pour le moment. Réessayez dans quelques instants."
        "</p></body></html>"
    )


_unavailable_page: Callable[[], str] = _plain_unavailable_page


def unavailable_page_register(render: Callable[[], str]) -> None:
    """Give the 503 page its look: `render()` returns its HTML without any query.

    The ui app registers the Département's page (core knows no app above it); without it the
    page is plain.
    """
    global _unavailable_page
    _unavailable_page = render


def database_unavailable_response() -> HttpResponse:
    """A static page: no context processor, no query (the database is what failed)."""
    response = HttpResponse(_unavailable_page(), status=503)
    response["Retry-After"] = "30"
    return response


class DatabaseUnavailableMiddleware:
    """Errors of the database in a view (the 500 handler covers the other middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_down(exception):
            return None
        # The transaction of the request, if any, was never committed: nothing is half-written.
        logger.error("Base de données indisponible pendant %s", request.path, exc_info=exception)
        return database_unavailable_response()
