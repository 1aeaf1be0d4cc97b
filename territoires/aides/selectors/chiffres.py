"""Grants by scheme over a period, with their average and highest rate (the seeds: « son
soutien va jusqu'à 80 % du financement des projets des communes rurales et s'élève à 40 % en
moyenne »), read by the Département's key figures (`pilotage.chiffres`).

A dossier's rate is the dashboard's (`tableau_de_bord`): amount granted over the cost before
tax, dossiers without a cost left out of the rates; the years are those of the decision.
"""

import datetime
from decimal import Decimal

from django.db.models import Avg, Count, F, FloatField, Max, Sum
from django.db.models.functions import Cast, NullIf

from ..models import Dossier


def _taux_dossier():
    return Cast("montant_attribue", FloatField()) / NullIf(Cast("cout_ht", FloatField()), 0.0)


def _arrondi(taux) -> Decimal:
    return Decimal(str(round(taux or 0, 4)))


def subventions_par_dispositif(*, depuis: int, jusqu_a: int) -> dict:
    """Granted dossiers decided in the years [depuis, jusqu_a] (inclusive): overall and by
    scheme, their number, the amount granted, the mean of each dossier's rate and the highest
    rate. Two queries, whatever the number of dossiers or schemes.

    On one year, `nombre`, `taux_moyen` and `taux_max` equal the aid dashboard's `nombre`,
    `taux_moyen_dossier` and `taux_max`.
    """
    attribues = Dossier.objects.filter(
        statut__in=Dossier.STATUTS_ATTRIBUES,
        decide_le__gte=datetime.date(depuis, 1, 1),
        decide_le__lt=datetime.date(jusqu_a + 1, 1, 1),
    )
    mesures = {
        "nombre": Count("pk"),
        "montant": Sum("montant_attribue"),
        "moyenne": Avg(_taux_dossier()),
        "maximum": Max(_taux_dossier()),
    }
    total = attribues.aggregate(**mesures)
    lignes = (
        attribues.values("dispositif_id", nom=F("dispositif__nom"))
        .annotate(**mesures)
        .order_by("-montant", "nom")
    )
    return {
        "nombre": total["nombre"],
        "montant": total["montant"] or Decimal(0),
        "taux_moyen": _arrondi(total["moyenne"]),
        "taux_max": _arrondi(total["maximum"]),
        "dispositifs": [
            {
                "dispositif_id": ligne["dispositif_id"],
                "nom": ligne["nom"],
                "nombre": ligne["nombre"],
                "montant": ligne["montant"] or Decimal(0),
                "taux_moyen": _arrondi(ligne["moyenne"]),
                "taux_max": _arrondi(ligne["maximum"]),
            }
            for ligne in lignes
        ],
    }
