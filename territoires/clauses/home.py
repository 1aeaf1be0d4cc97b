"""Home-page sections of the clauses module (facilitator)."""

from . import selectors, services
from .models import ImportClauses, Marche


def suivi(request) -> dict:
    services.anonymisation_quotidienne()
    return {
        "lots_en_retard": selectors.lots_en_retard(),
        "contrats_finissant": list(selectors.contrats_finissant_avec_heures_dues()),
        "marches_en_cours": Marche.objects.exclude(etape="bilan").count(),
    }


def imports(request) -> dict:
    return {"imports": ImportClauses.objects.select_related("fichier")[:3]}
