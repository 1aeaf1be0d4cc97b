"""The mission's queue of requests and its exports."""

from django.http import Http404
from django.shortcuts import render

from territoires.core.access import rule_required
from territoires.core.pagination import ListePaginator

from .. import exports, selectors
from ..filters import SollicitationFilter
from ..models import ConfigurationIngenierie
from . import PAGE_SIZE

#: A text search counts its matches up to this many (a LIKE over every request otherwise).
PLAFOND_RECHERCHE = 1000


def _filterset(request) -> SollicitationFilter:
    return SollicitationFilter(
        request.GET or None, queryset=selectors.sollicitations_list(), request=request
    )


@rule_required("ingenierie.view_queue")
def file(request):
    filterset = _filterset(request)
    # The keys of the page first, sorted on narrow rows, then its 25 rows with their relations:
    # any sort of the national queue (200,000 requests) stays well under 300 ms. A search
    # counts up to a ceiling, as the instructors' list of aid dossiers.
    plafond = PLAFOND_RECHERCHE if request.GET.get("q") else None
    paginator = ListePaginator(filterset.qs, PAGE_SIZE, plafond=plafond)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    config = ConfigurationIngenierie.courante()
    return render(
        request,
        "ingenierie/file.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "sort": filterset.sort,
            "querystring": query.urlencode(),
            "tout_conseiller_prend": config.conseillers_prennent_en_charge,
            "peut_trier": request.user.has_perm("ingenierie.triage_sollicitation"),
            "breadcrumb_items": [("File des sollicitations", None)],
        },
    )


@rule_required("ingenierie.view_queue")
def file_export(request, format):
    queryset = _filterset(request).qs
    if format == "csv":
        return exports.sollicitations_csv(queryset)
    if format == "xlsx":
        return exports.sollicitations_xlsx(queryset)
    raise Http404
