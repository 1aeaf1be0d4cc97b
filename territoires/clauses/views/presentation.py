"""The public page of the social clauses: what they are, who helps, where to look further."""

from django.shortcuts import render
from django.utils import timezone

from territoires.core.access import public

from ..models import ConfigurationClauses
from ..selectors.bilan import bilan_annuel


@public
def presentation(request):
    annee = timezone.localdate().year - 1  # the last full year
    bilan = bilan_annuel(annee, masquer=True)
    return render(
        request,
        "clauses/presentation.html",
        {
            "annee": annee,
            "bilan": bilan,
            "seuil": ConfigurationClauses.courante().seuil_secret_statistique,
            "breadcrumb_items": [("Clauses sociales", None)],
        },
    )
