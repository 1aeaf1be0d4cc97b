"""The aides dashboard."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from territoires.core.access import rule_required
from territoires.referentiel import maps

from ..selectors.tableau_cache import tableau_en_cache


@rule_required("aides.view_tableau")
def tableau(request):
    try:
        annee = int(request.GET.get("annee", ""))
    except ValueError:
        annee = timezone.localdate().year
    data = tableau_en_cache(annee)
    carte = None
    if data["par_commune"]:
        carte = maps.carte_communes_context(
            data["par_commune"],
            titre=f"Subventions attribuées en {annee} par commune",
            unite="€",
            departement=settings.TERRITOIRES_DEPARTEMENT,
        )["carte"]
    return render(
        request,
        "aides/tableau.html",
        {
            **data,
            "carte": carte,
            "annees": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            "breadcrumb_items": [("Tableau de bord des aides", None)],
        },
    )
