from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from territoires.core.access import public

from . import selectors

RESULTS_PER_PAGE = 20


def _breadcrumb(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Territoires", reverse("referentiel:recherche")), *items]


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
