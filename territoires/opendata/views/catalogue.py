"""The catalogue `/donnees/`: search, facets with their counts, sort, pagination by links."""

from django.core.paginator import Paginator
from django.shortcuts import render

from territoires.core.access import public

from .. import selectors
from ..filters import CatalogueFilter

PAR_PAGE = 20

#: Facets in the order of the page: URL parameter → heading.
FACETTES = {
    "producteur": "Producteur",
    "theme": "Thème",
    "territoire": "Territoire couvert",
    "format": "Format",
    "schema": "Schéma",
}


def _facet_groups(request, facettes: dict) -> list[dict]:
    """Each facet with, per value, the link that applies (or removes) it."""
    groups = []
    for name, titre in FACETTES.items():
        active = request.GET.get(name, "")
        items = []
        for facette in facettes[name]:
            params = request.GET.copy()
            params.pop("page", None)
            choisie = facette.valeur == active
            if choisie:
                params.pop(name, None)
            else:
                params[name] = facette.valeur
            items.append({"facette": facette, "active": choisie, "url": "?" + params.urlencode()})
        if items:
            groups.append({"nom": name, "titre": titre, "items": items})
    return groups


@public
def catalogue(request):
    filterset = CatalogueFilter(request.GET, queryset=selectors.datasets_published())
    trouves = filterset.qs
    paginator = Paginator(selectors.catalogue_page_objects(trouves), PAR_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    facettes = selectors.catalogue_facets(filterset.found)
    return render(
        request,
        "opendata/catalogue/catalogue.html",
        {
            "filtre_form": filterset.form,
            "page_obj": page_obj,
            "facettes": _facet_groups(request, facettes),
            "recherche": request.GET.get("q", ""),
            "filtre_actif": any(request.GET.get(name) for name in FACETTES),
            "breadcrumb_items": [("Données ouvertes", None)],
        },
    )
