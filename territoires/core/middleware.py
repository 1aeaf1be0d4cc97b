"""A database that went away answers a French 503 page, not a traceback or a 500."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

# Django's own wrappers of the driver's errors: connection refused, lost, server restarting.
DATABASE_DOWN = (OperationalError, InterfaceError)


def database_down(exception: BaseException | None) -> bool:
    return isinstance(exception, DATABASE_DOWN)


def database_unavailable_response() -> HttpResponse:
    """A static page: no context processor, no query (the database is what failed)."""
    from territoires.ui.branding import get_branding
    from territoires.ui.context_processors import SOFTWARE_LICENCE, SOFTWARE_NAME

    context = {
        "branding": get_branding(),
        "software": {"name": SOFTWARE_NAME, "licence": SOFTWARE_LICENCE},
    }
    response = HttpResponse(loader.get_template("ui/503.html").render(context), status=503)
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
