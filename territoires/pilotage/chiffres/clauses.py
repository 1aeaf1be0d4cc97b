"""The clause figures: over the period the hours, the buyers, companies and people behind them,
each counted once (« 126 348 heures d'insertion réparties sur 12 donneurs d'ordres au
bénéfice de 377 personnes »); over several years, the hours of each year as `clauses bilan`."""

from django.urls import reverse

from territoires.clauses.selectors import bilan_annuel, effectifs_periode
from territoires.pilotage.chiffres.format import chiffre, n, quand
from territoires.pilotage.chiffres.periode import annees

MASQUE = "petits effectifs masqués (secret statistique)"


def _effectif(valeur, seuil) -> str:
    return f"moins de {seuil}" if valeur is None else n(valeur)


def _periode(periode, url: str) -> list[dict]:
    e = effectifs_periode(depuis=periode.depuis, jusqu_a=periode.jusqu_a, masquer=True)
    seuil = e["seuil_secret_statistique"]
    personnes, entreprises = _effectif(e["participants"], seuil), _effectif(e["entreprises"], seuil)
    plusieurs_annees = periode.depuis != periode.jusqu_a
    precision = " (chacun compté une fois sur la période)" if plusieurs_annees else ""
    return [
        chiffre(
            "clauses.heures",
            f"{n(e['heures_realisees'])} heures d'insertion {quand(periode)}, réparties sur "
            f"{n(e['donneurs_ordre'])} donneurs d'ordre au bénéfice de {personnes} personnes",
            e["heures_realisees"],
            "heures",
            "Heures d'insertion réalisées dans la période sur les marchés à clause sociale.",
            url,
        ),
        chiffre(
            "clauses.donneurs_ordre",
            f"{n(e['donneurs_ordre'])} donneurs d'ordre {quand(periode)}",
            e["donneurs_ordre"],
            "donneurs d'ordre",
            "Acheteurs distincts ayant notifié un marché à clause sociale ou dont les marchés ont "
            f"des heures d'insertion dans la période{precision}.",
            url,
        ),
        chiffre(
            "clauses.entreprises",
            f"{entreprises} entreprises ont réalisé des heures d'insertion {quand(periode)}",
            e["entreprises"],
            "entreprises",
            f"Entreprises distinctes ayant des heures d'insertion dans la période{precision} ; "
            f"{MASQUE}.",
            url,
        ),
        chiffre(
            "clauses.participants",
            f"{personnes} personnes en insertion {quand(periode)}",
            e["participants"],
            "personnes",
            f"Personnes distinctes ayant des heures d'insertion dans la période{precision} ; "
            f"{MASQUE}.",
            url,
        ),
    ]


def _annees(periode, url: str) -> list[dict]:
    if periode.depuis == periode.jusqu_a:
        return []  # the period's figures are the year's
    sortie = []
    for annee in annees(periode):
        bilan = bilan_annuel(annee, masquer=True)
        seuil = bilan["seuil_secret_statistique"]
        sortie.append(
            chiffre(
                f"clauses.heures.{annee}",
                f"{n(bilan['heures_realisees'])} heures d'insertion en {annee}, par "
                f"{_effectif(bilan['entreprises'], seuil)} entreprises pour "
                f"{_effectif(bilan['participants'], seuil)} personnes",
                bilan["heures_realisees"],
                "heures",
                f"Heures d'insertion réalisées en {annee} (le bilan de l'année) ; entreprises et "
                f"personnes distinctes de l'année ; {MASQUE}.",
                url,
            )
        )
    return sortie


def chiffres_clauses(periode) -> list[dict]:
    url = reverse("clauses:chiffres")
    return _periode(periode, url) + _annees(periode, url)
