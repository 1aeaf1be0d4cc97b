"""The aid figures: each year as the aid dashboard shows it, and over the period the grants by
scheme with their average and highest rate (« jusqu'à 80 %, 40 % en moyenne »)."""

from decimal import Decimal

from django.urls import reverse

from territoires.aides.selectors import tableau_de_bord
from territoires.aides.selectors.chiffres import subventions_par_dispositif
from territoires.pilotage.chiffres.format import chiffre, n, nb, pct, quand
from territoires.pilotage.chiffres.periode import annees

TAUX = (
    "le taux d'un dossier est le montant accordé rapporté à son coût hors taxe (dossiers sans "
    "coût exclus) ; la moyenne est celle des taux des dossiers, le maximum le plus haut d'entre eux"
)


def _annee(annee: int, url: str) -> list[dict]:
    tableau = tableau_de_bord(annee)
    accorde = sum((e["attribue"] for e in tableau["enveloppes"]), Decimal(0))
    sortie = [
        chiffre(
            f"aides.dossiers_votes.{annee}",
            f"{n(tableau['nombre'])} subventions accordées en {annee}",
            tableau["nombre"],
            "dossiers",
            f"Dossiers d'aide accordés (votés, engagés ou payés) décidés en {annee}.",
            url,
        ),
        chiffre(
            f"aides.montant_accorde.{annee}",
            f"{n(accorde)} € accordés en {annee}",
            accorde,
            "€",
            f"Montants attribués sur les enveloppes {annee} de tous les dispositifs.",
            url,
        ),
        chiffre(
            f"aides.taux_moyen.{annee}",
            f"Une aide de {pct(tableau['taux_moyen_dossier'])} du coût en moyenne "
            f"et jusqu'à {pct(tableau['taux_max'])} en {annee}",
            tableau["taux_moyen_dossier"],
            "taux",
            f"Dossiers accordés décidés en {annee} : {TAUX}.",
            url,
        ),
    ]
    for situation in tableau["enveloppes"]:
        if not situation["attribue"]:
            continue
        dispositif = situation["enveloppe"].dispositif
        sortie.append(
            chiffre(
                f"aides.dispositif.{dispositif.pk}.{annee}",
                f"{dispositif.nom} : {n(situation['attribue'])} € accordés en {annee}",
                situation["attribue"],
                "€",
                f"Montants attribués sur l'enveloppe {annee} du dispositif.",
                url,
            )
        )
    return sortie


def _dispositifs(periode, url: str) -> list[dict]:
    """Over the whole period: the rates overall (several years only, one year is above) and
    by scheme."""
    donnees = subventions_par_dispositif(depuis=periode.depuis, jusqu_a=periode.jusqu_a)
    sortie = []
    if periode.depuis != periode.jusqu_a and donnees["nombre"]:
        sortie.append(
            chiffre(
                "aides.taux_moyen",
                f"Une aide de {pct(donnees['taux_moyen'])} du coût en moyenne et jusqu'à "
                f"{pct(donnees['taux_max'])} {quand(periode)}",
                donnees["taux_moyen"],
                "taux",
                f"Dossiers accordés décidés dans la période : {TAUX}.",
                url,
            )
        )
    for ligne in donnees["dispositifs"]:
        accordees = nb(ligne["nombre"], "subvention accordée", "subventions accordées")
        sortie.append(
            chiffre(
                f"aides.dispositif_taux.{ligne['dispositif_id']}",
                f"{ligne['nom']} : {accordees} {quand(periode)}, "
                f"{pct(ligne['taux_moyen'])} du coût en moyenne, jusqu'à "
                f"{pct(ligne['taux_max'])}",
                ligne["taux_moyen"],
                "taux",
                f"Dossiers du dispositif accordés et décidés dans la période ; {TAUX}.",
                url,
            )
        )
    return sortie


def chiffres_aides(periode) -> list[dict]:
    url = reverse("aides:tableau")
    sortie = []
    for annee in annees(periode):
        sortie += _annee(annee, url)
    return sortie + _dispositifs(periode, url)
