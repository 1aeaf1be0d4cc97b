import logging
import sys

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_safe

from territoires.core.access import public
from territoires.core.middleware import database_down, database_unavailable_response
from territoires.instances import exemple_nom

from . import home as home_registry
from .branding import get_branding, get_theme
from .context_processors import SOFTWARE_LICENCE, SOFTWARE_NAME

logger = logging.getLogger(__name__)

# theme.css?v=<version>: the URL changes with the colours, so it may be cached for a year.
THEME_MAX_AGE = 60 * 60 * 24 * 365


@public
@require_safe
def home(request):
    audience = home_registry.audience_for(request)
    return render(
        request,
        "ui/home.html",
        {
            "audience": audience,
            "sections": home_registry.render_sections(request, audience),
            # A commune of the instance's own Département (its profile), never another's.
            "exemple_commune": exemple_nom() if audience == "anonyme" else "",
        },
    )


@public
@require_safe
@etag(lambda request: get_theme().version)
@cache_control(public=True, max_age=THEME_MAX_AGE)
def theme_css(request):
    return HttpResponse(get_theme().css(), content_type="text/css; charset=utf-8")


@public
@require_safe
def accessibilite(request):
    return render(
        request,
        "ui/accessibilite.html",
        {"breadcrumb_items": [("Déclaration d'accessibilité", None)]},
    )


@public
@require_safe
def mentions_legales(request):
    return render(
        request, "ui/mentions_legales.html", {"breadcrumb_items": [("Mentions légales", None)]}
    )


@public
@require_safe
def donnees_personnelles(request):
    return render(
        request,
        "ui/donnees_personnelles.html",
        {"breadcrumb_items": [("Données personnelles", None)]},
    )


@public
@require_safe
def plan_du_site(request):
    return render(request, "ui/plan_du_site.html", {"breadcrumb_items": [("Plan du site", None)]})


# --- Error pages (handlers declared in territoires/urls.py) ---------------------------------
@public
def page_not_found(request, exception=None):
    return render(request, "ui/404.html", status=404)


@public
def permission_denied(request, exception=None):
    return render(request, "ui/403.html", status=403)


@public
def csrf_failure(request, reason=""):
    return render(request, "ui/403_csrf.html", status=403)


def database_unavailable_page() -> str:
    """The 503 page of `core.middleware` (registered in `apps.py`): static, no query."""
    context = {
        "branding": get_branding(),
        "software": {"name": SOFTWARE_NAME, "licence": SOFTWARE_LICENCE},
    }
    return loader.get_template("ui/503.html").render(context)


@public
def server_error(request):
    """A static page: no context processor, no database (they may be what failed)."""
    if database_down(sys.exc_info()[1]):  # raised by a middleware: a 503, not a 500
        return database_unavailable_response()
    try:
        branding = get_branding()
    except Exception:  # the settings themselves may be broken
        logger.exception("Identité visuelle indisponible pour la page d'erreur")
        branding = None
    context = {
        "branding": branding,
        "software": {"name": SOFTWARE_NAME, "licence": SOFTWARE_LICENCE},
    }
    return HttpResponseServerError(loader.get_template("ui/500.html").render(context))
