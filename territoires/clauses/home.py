"""Home-page sections of the clauses module (facilitator)."""

from .models import ImportClauses, Marche
from .selectors.alertes import contrats_finissant_avec_heures_dues, lots_en_retard


def suivi(request) -> dict:
    return {
        "lots_en_retard": lots_en_retard(),
        "contrats_finissant": list(contrats_finissant_avec_heures_dues()),
        "marches_en_cours": Marche.objects.exclude(statut="bilan").count(),
    }


def imports(request) -> dict:
    return {"imports": ImportClauses.objects.select_related("fichier")[:3]}
