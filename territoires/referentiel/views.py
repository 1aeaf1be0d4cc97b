from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from territoires.core.access import public

from . import selectors
from .maps import carte_communes_context

RESULTS_PER_PAGE = 20


def _breadcrumb(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Territoires", reverse("referentiel:recherche")), *items]


@public
@require_GET
def commune_detail(request, code):
    commune = selectors.commune_for_page(code)
    if commune is None:
        raise Http404("Aucune commune ne porte ce code.")
    membres, carte = [], None
    if commune.epci_id:
        membres = list(selectors.epci_communes(commune.epci))
        carte = carte_communes_context(
            {membre.code: membre.population for membre in membres},
            titre=f"Population municipale des communes — {commune.epci.nom}",
            unite="habitants",
            surligner=commune.code,
        )["carte"]
    return render(
        request,
        "referentiel/commune_detail.html",
        {
            "commune": commune,
            "breadcrumb_items": _breadcrumb(
                *([(commune.epci.nom, commune.epci.get_absolute_url())] if commune.epci else []),
                (commune.nom, None),
            ),
            "voisines": [membre for membre in membres if membre.code != commune.code],
            "carte": carte,
        },
    )


@public
@require_GET
def epci_detail(request, siren):
    epci = selectors.epci_for_page(siren)
    if epci is None:
        raise Http404("Aucun EPCI ne porte ce SIREN.")
    membres = list(selectors.epci_communes(epci))
    carte = carte_communes_context(
        {membre.code: membre.population for membre in membres},
        titre=f"Population municipale des communes — {epci.nom}",
        unite="habitants",
    )["carte"]
    return render(
        request,
        "referentiel/epci_detail.html",
        {
            "epci": epci,
            "membres": membres,
            "carte": carte,
            "breadcrumb_items": _breadcrumb((epci.nom, None)),
        },
    )


@public
@require_GET
def recherche(request):
    query = request.GET.get("q", "").strip()[:100]
    page_obj = None
    if query:
        paginator = Paginator(selectors.SearchResults(query), RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "referentiel/recherche.html",
        {
            "query": query,
            "page_obj": page_obj,
            "breadcrumb_items": [("Territoires", None)]
            if not query
            else _breadcrumb((f"Recherche « {query} »", None)),
        },
    )


@public
@require_GET
@cache_control(max_age=300, public=True)
def communes_autocomplete(request):
    query = request.GET.get("q", "").strip()[:100]
    return JsonResponse({"query": query, "results": selectors.communes_autocomplete(query)})
