"""The clause figures: over the period the hours, the buyers, companies and people behind them,
each counted once (« 126 348 heures d'insertion réparties sur 12 donneurs d'ordres au
bénéfice de 377 personnes »); over several years, the hours of each year as `clauses bilan`."""

from django.urls import reverse

from territoires.clauses.selectors import bilan_annuel, effectifs_periode
from territoires.pilotage.chiffres.format import chiffre, n, nb, quand
from territoires.pilotage.chiffres.periode import annees

MASQUE = "petits effectifs masqués (secret statistique)"


def _effectif(valeur, seuil, singulier: str) -> str:
    return f"moins de {seuil} {singulier}s" if valeur is None else nb(valeur, singulier)


def _periode(periode, url: str) -> list[dict]:
    e = effectifs_periode(depuis=periode.depuis, jusqu_a=periode.jusqu_a, masquer=True)
    seuil = e["seuil_secret_statistique"]
    personnes = _effectif(e["participants"], seuil, "personne")
    entreprises = _effectif(e["entreprises"], seuil, "entreprise")
    donneurs = nb(e["donneurs_ordre"], "donneur d'ordre", "donneurs d'ordre")
    plusieurs_annees = periode.depuis != periode.jusqu_a
    precision = " (chacun compté une fois sur la période)" if plusieurs_annees else ""
    return [
        chiffre(
            "clauses.heures",
            f"{n(e['heures_realisees'])} heures d'insertion {quand(periode)}, réparties sur "
            f"{donneurs} au bénéfice de {personnes}",
            e["heures_realisees"],
            "heures",
            "Heures d'insertion réalisées dans la période sur les marchés à clause sociale.",
            url,
        ),
        chiffre(
            "clauses.donneurs_ordre",
            f"{donneurs} {quand(periode)}",
            e["donneurs_ordre"],
            "donneurs d'ordre",
            "Acheteurs distincts ayant notifié un marché à clause sociale ou dont les marchés ont "
            f"des heures d'insertion dans la période{precision}.",
            url,
        ),
        chiffre(
            "clauses.entreprises",
            f"{entreprises} avec des heures d'insertion {quand(periode)}",
            e["entreprises"],
            "entreprises",
            f"Entreprises distinctes ayant des heures d'insertion dans la période{precision} ; "
            f"{MASQUE}.",
            url,
        ),
        chiffre(
            "clauses.participants",
            f"{personnes} en insertion {quand(periode)}",
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
                f"{_effectif(bilan['entreprises'], seuil, 'entreprise')} pour "
                f"{_effectif(bilan['participants'], seuil, 'personne')}",
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
