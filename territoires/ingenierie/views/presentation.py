"""The public page of the service: what the mission does, for whom, and how to ask."""

from django.shortcuts import render
from django.utils import timezone

from territoires.core.access import public

from ..models import ConfigurationIngenierie, Domaine, Nature
from ..selectors import statistiques
from ..statistiques import en_cache


@public
def presentation(request):
    annee = timezone.localdate().year - 1  # the last full year
    chiffres = en_cache(statistiques, depuis=annee, jusqu_a=annee)
    config = ConfigurationIngenierie.courante()
    return render(
        request,
        "ingenierie/presentation.html",
        {
            "mission": config.mission,
            "adhesions": config.activer_adhesions,
            # Texts of the administration; empty, the page's own wording is shown.
            "presentation_publique": config.presentation_publique.strip(),
            "comment_solliciter": config.comment_solliciter.strip(),
            "domaines": Domaine.objects.filter(actif=True).order_by("ordre", "nom"),
            "natures": Nature.objects.filter(actif=True).order_by("ordre", "nom"),
            "annee": annee,
            "demandes": chiffres["total"],
            "communes_pct": chiffres["communes"]["part_pourcent"],
            "peut_demander": request.user.has_perm("ingenierie.add_sollicitation"),
            "breadcrumb_items": [("Ingénierie territoriale", None)],
        },
    )
