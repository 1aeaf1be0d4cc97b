"""A request body above `REQUETE_TAILLE_MAX` is refused (413) before it is read whole.

With a `Content-Length`, the length alone decides: nothing is read. A chunked body has no
length, and Django would then read none of it: it is read here in bounded chunks into a
temporary file, up to the limit and no further, then handed to Django with its length.
URLs that take bigger files (open-data uploads) have their own limit in
`REQUETE_TAILLE_MAX_PAR_CHEMIN` (path prefix → limit).
The front proxy should refuse first (`client_max_body_size` of nginx, README « Mise en
production »); this is the application's own guard.
"""

import tempfile

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from .zipguard import taille_lisible

CHUNK = 64 * 1024


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def limit_for(path: str) -> int:
        for prefix, limit in getattr(settings, "REQUETE_TAILLE_MAX_PAR_CHEMIN", {}).items():
            if path.startswith(prefix):
                return max(limit, settings.REQUETE_TAILLE_MAX)
        return settings.REQUETE_TAILLE_MAX

    def __call__(self, request):
        limit = self.limit_for(request.path_info)
        length = request.META.get("CONTENT_LENGTH")
        if length:
            try:
                too_big = int(length) > limit
            except ValueError:
                too_big = False  # Django then reads nothing
            if too_big:
                return self.refuse(request)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = self._buffer_chunked(request, limit)
            if body is None:
                return self.refuse(request)
            with body:
                return self.get_response(request)
        return self.get_response(request)

    @staticmethod
    def _buffer_chunked(request, limit: int):
        """The body in a temporary file, or None beyond the limit (then read no further)."""
        body = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
        source = request.META.get("wsgi.input")
        size = 0
        while source is not None and (chunk := source.read(min(CHUNK, limit + 1 - size))):
            size += len(chunk)
            if size > limit:
                body.close()
                return None
            body.write(chunk)
        body.seek(0)
        request.META["CONTENT_LENGTH"] = str(size)
        # WSGIRequest reads its body from `_stream`, built at construction from the length.
        request._stream = LimitedStream(body, size)
        return body

    @staticmethod
    def refuse(request):
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = ""
        response = render(
            request,
            "core/requete_trop_grosse.html",
            {
                "limite": taille_lisible(RequestBodyLimitMiddleware.limit_for(request.path_info)),
                "retour": back,
            },
            status=413,
        )
        # The unread body must not be taken for the next request on this connection.
        response["Connection"] = "close"
        return response
