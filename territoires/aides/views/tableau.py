"""The aides dashboard."""

from django.conf import settings
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from territoires.core.access import rule_required
from territoires.referentiel import maps

from .. import selectors
from ..selectors.tableau_cache import en_cache


def _carte_des_communes(annee: int, par_commune: dict) -> str:
    """The map of the amounts granted per commune (empty without a grant)."""
    if not par_commune:
        return ""
    carte = maps.carte_communes_context(
        par_commune,
        titre=f"Subventions attribuées en {annee} par commune",
        unite="€",
        departement=settings.TERRITOIRES_DEPARTEMENT,
    )
    return render_to_string("referentiel/components/carte_communes.html", carte)


def _annee(annee: int) -> str:
    """The year's dashboard below its selector (figures, envelopes, EPCI, map), rendered once
    per state of what it reads: nothing in it depends on the reader, and from the cache the
    page pays neither the aggregates nor the map nor the tables (a string, not the objects)."""
    data = selectors.tableau_de_bord(annee)
    return render_to_string(
        "aides/_tableau_annee.html",
        {**data, "carte_html": _carte_des_communes(annee, data["par_commune"])},
    )


@rule_required("aides.view_tableau")
def tableau(request):
    try:
        annee = int(request.GET.get("annee", ""))
    except ValueError:
        annee = timezone.localdate().year
    return render(
        request,
        "aides/tableau.html",
        {
            "annee": annee,
            "contenu": en_cache("annee", annee, lambda: _annee(annee)),
            "annees": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            "breadcrumb_items": [("Tableau de bord des aides", None)],
        },
    )
