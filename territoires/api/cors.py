"""CORS open for reading: the API's own views answer any origin, on `/api/` only.

A simple GET needs only `Access-Control-Allow-Origin`; a preflight (OPTIONS, sent by a
browser for a request with its own headers) is answered here, for GET only.
"""

from functools import wraps

from django.http import HttpResponse

ALLOW_HEADERS = "Accept, Accept-Language, Content-Type"
PREFLIGHT_MAX_AGE = "86400"


def cors_open(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
            response["Access-Control-Allow-Headers"] = ALLOW_HEADERS
            response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "Retry-After"
        return response

    return wrapped
