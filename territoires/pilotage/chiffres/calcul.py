"""The key figures computed from the data, each from the module's own selector.

The aid dashboard is yearly: its figures are given year by year (each equal to that year's
dashboard), the rates by scheme over the period. The clause figures count each company and
person once over the period (one year: the yearly report). The engineering figures, the agency
and the participatory budget are read over the whole period.
"""

from __future__ import annotations

from django.urls import reverse

from territoires.ingenierie.agence.selectors import chiffres_agence
from territoires.ingenierie.selectors import statistiques
from territoires.opendata.selectors import chiffres_publication
from territoires.participation.selectors import chiffres_periode
from territoires.pilotage.chiffres.aides import chiffres_aides
from territoires.pilotage.chiffres.clauses import chiffres_clauses
from territoires.pilotage.chiffres.format import chiffre, n, nb, quand


def _ingenierie(periode) -> list[dict]:
    stats = statistiques(depuis=periode.depuis, jusqu_a=periode.jusqu_a)
    url = reverse("ingenierie:tableau_de_bord")
    communes, epcis = stats["communes"], stats["epcis"]
    sortie = [
        chiffre(
            "ingenierie.communes_servies_pct",
            f"{communes['part_pourcent'] or 0} % des communes ont sollicité l'ingénierie "
            f"territoriale {quand(periode)}",
            communes["part_pourcent"],
            "%",
            "Communes actuelles du département nommées par au moins une sollicitation déposée "
            "dans la période, rapportées à toutes les communes actuelles du département.",
            url,
        ),
        chiffre(
            "ingenierie.epcis_servis_pct",
            f"{epcis['part_pourcent'] or 0} % des intercommunalités ont sollicité l'ingénierie "
            f"territoriale {quand(periode)}",
            epcis["part_pourcent"],
            "%",
            "EPCI du département ayant déposé au moins une sollicitation dans la période, "
            "rapportés à tous les EPCI du département.",
            url,
        ),
        chiffre(
            "ingenierie.demandes",
            f"{n(stats['total'])} demandes d'ingénierie {quand(periode)}",
            stats["total"],
            "demandes",
            "Sollicitations déposées dans la période (les doublons fusionnés ne comptent pas).",
            url,
        ),
    ]
    for ligne in stats["par_annee"]:
        annee = ligne["annee"]
        sortie.append(
            chiffre(
                f"ingenierie.demandes.{annee}",
                f"{n(ligne['sollicitations'])} demandes en {annee}",
                ligne["sollicitations"],
                "demandes",
                f"Sollicitations déposées en {annee}.",
                url,
            )
        )
    return sortie + _agence(periode, url)


def _agence(periode, url: str) -> list[dict]:
    """« Depuis 3 ans : 622 projets suivis et 230 adhérents » (Hérault Ingénierie)."""
    agence = chiffres_agence(depuis=periode.depuis, jusqu_a=periode.jusqu_a)
    sortie = [
        chiffre(
            "ingenierie.projets_suivis",
            f"{nb(agence['projets_suivis'], 'projet suivi', 'projets suivis')} {quand(periode)}",
            agence["projets_suivis"],
            "projets",
            "Sollicitations déposées dans la période et acceptées par la mission, qu'elles "
            "soient en cours, en attente de la collectivité, terminées ou abandonnées depuis "
            "(les demandes redirigées, déclinées, fusionnées ou pas encore triées ne comptent "
            "pas).",
            url,
        )
    ]
    if agence["adherents"] is not None:
        sortie.append(
            chiffre(
                "ingenierie.adherents",
                f"{nb(agence['adherents'], 'collectivité adhérente', 'collectivités adhérentes')} "
                f"{quand(periode)}",
                agence["adherents"],
                "adhérents",
                "Collectivités dont l'adhésion annuelle à l'agence d'une année de la période est "
                "payée, chacune comptée une fois quel que soit le nombre d'années.",
                url,
            )
        )
    return sortie


def _participation(periode) -> list[dict]:
    chiffres = chiffres_periode(depuis=periode.depuis, jusqu_a=periode.jusqu_a)
    url = reverse("participation:campagnes")
    return [
        chiffre(
            "participation.votants",
            f"{n(chiffres['votants'])} votants au budget participatif {quand(periode)}",
            chiffres["votants"],
            "votants",
            "Votants des campagnes dont le vote a clos dans la période.",
            url,
        ),
        chiffre(
            "participation.projets_realises",
            f"{n(chiffres['projets_realises'])} projets du budget participatif réalisés",
            chiffres["projets_realises"],
            "projets",
            "Projets lauréats des campagnes de la période dont la réalisation est terminée.",
            url,
        ),
    ]


def _donnees(periode) -> list[dict]:
    """« 38 territoires participants et 218 jeux de données » (Hérault Data)."""
    chiffres = chiffres_publication(depuis=periode.depuis, jusqu_a=periode.jusqu_a)
    url = reverse("opendata:catalogue")
    jeux = nb(chiffres["jeux"], "jeu de données publié", "jeux de données publiés")
    producteurs = nb(chiffres["producteurs"], "organisation", "organisations")
    return [
        chiffre(
            "donnees.jeux",
            f"{jeux} par {producteurs} à la fin de {periode.jusqu_a}",
            chiffres["jeux"],
            "jeux de données",
            "Jeux de données en ligne aujourd'hui sur le portail et déjà publiés à la fin de "
            "la période, toutes organisations confondues (Département, communes, EPCI).",
            url,
        ),
        chiffre(
            "donnees.producteurs",
            f"{producteurs} {'publie' if chiffres['producteurs'] == 1 else 'publient'} "
            f"leurs données sur le portail",
            chiffres["producteurs"],
            "organisations",
            "Organisations ayant au moins un jeu de données en ligne publié avant la fin de la "
            "période.",
            url,
        ),
        chiffre(
            "donnees.nouveaux",
            f"{nb(chiffres['nouveaux'], 'nouveau jeu de données', 'nouveaux jeux de données')} "
            f"{quand(periode)}",
            chiffres["nouveaux"],
            "jeux de données",
            "Jeux de données en ligne dont la première publication date de la période.",
            url,
        ),
    ]


def chiffres_cles(periode) -> list[dict]:
    """Every module's key figures over `periode` (a `pilotage.indicateurs.Periode`)."""
    return (
        _ingenierie(periode)
        + chiffres_aides(periode)
        + chiffres_clauses(periode)
        + _participation(periode)
        + _donnees(periode)
    )
