"""PDF of every module: one WeasyPrint call, which fetches nothing from the network."""

from __future__ import annotations

import logging
from typing import Any

from django.template.loader import render_to_string


def html_to_pdf(html: str) -> bytes:
    """The PDF of a full HTML document. Styles are in the document; images are `data:` URLs
    (a Word model's pictures): WeasyPrint may fetch nothing else, neither a URL (no request
    leaves the server, none loops back to it) nor a local file."""
    # WeasyPrint narrates every rendering step at INFO level (its import parses the default
    # style sheets too): keep the console readable. Imported late for the same cost.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML, URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def template_to_pdf(template: str, context: dict[str, Any], *, request=None) -> bytes:
    return html_to_pdf(render_to_string(template, context, request=request))
