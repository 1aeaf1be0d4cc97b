"""The key figures computed from the data, each from the module's own selector.

The aid dashboard and the clause report are yearly: over a period, their figures are given year
by year (each equal to that year's dashboard or report) and the additive ones (amounts, hours)
also summed. The engineering figures and the participatory budget are read over the whole period.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.formats import number_format

from territoires.aides.selectors import tableau_de_bord
from territoires.clauses.selectors import bilan_annuel
from territoires.ingenierie.selectors import statistiques
from territoires.participation.selectors import chiffres_periode
from territoires.pilotage.chiffres.periode import annees


def _n(valeur) -> str:
    return number_format(valeur, decimal_pos=0, use_l10n=True, force_grouping=True)


def _pct(taux) -> str:
    return f"{_n(Decimal(taux) * 100)} %"


def _libelle(periode) -> str:
    if periode.depuis == periode.jusqu_a:
        return f"en {periode.depuis}"
    return f"entre {periode.depuis} et {periode.jusqu_a}"


def _chiffre(cle, phrase, valeur, unite, definition, url) -> dict:
    return {
        "cle": cle,
        "phrase": phrase,
        "valeur": valeur,
        "unite": unite,
        "definition": definition,
        "url_module": url,
    }


def _ingenierie(periode) -> list[dict]:
    stats = statistiques(depuis=periode.depuis, jusqu_a=periode.jusqu_a)
    url = reverse("ingenierie:tableau_de_bord")
    communes, epcis = stats["communes"], stats["epcis"]
    quand = _libelle(periode)
    sortie = [
        _chiffre(
            "ingenierie.communes_servies_pct",
            f"{communes['part_pourcent'] or 0} % des communes ont sollicité l'ingénierie "
            f"territoriale {quand}",
            communes["part_pourcent"],
            "%",
            "Communes actuelles du département nommées par au moins une sollicitation déposée "
            "dans la période, rapportées à toutes les communes actuelles du département.",
            url,
        ),
        _chiffre(
            "ingenierie.epcis_servis_pct",
            f"{epcis['part_pourcent'] or 0} % des intercommunalités ont sollicité l'ingénierie "
            f"territoriale {quand}",
            epcis["part_pourcent"],
            "%",
            "EPCI du département ayant déposé au moins une sollicitation dans la période, "
            "rapportés à tous les EPCI du département.",
            url,
        ),
        _chiffre(
            "ingenierie.demandes",
            f"{_n(stats['total'])} demandes d'ingénierie {quand}",
            stats["total"],
            "demandes",
            "Sollicitations déposées dans la période (les doublons fusionnés ne comptent pas).",
            url,
        ),
    ]
    for ligne in stats["par_annee"]:
        annee = ligne["annee"]
        sortie.append(
            _chiffre(
                f"ingenierie.demandes.{annee}",
                f"{_n(ligne['sollicitations'])} demandes en {annee}",
                ligne["sollicitations"],
                "demandes",
                f"Sollicitations déposées en {annee}.",
                url,
            )
        )
    return sortie


def _aides(periode) -> list[dict]:
    url = reverse("aides:tableau")
    sortie = []
    for annee in annees(periode):
        tableau = tableau_de_bord(annee)
        accorde = sum((e["attribue"] for e in tableau["enveloppes"]), Decimal(0))
        sortie += [
            _chiffre(
                f"aides.dossiers_votes.{annee}",
                f"{_n(tableau['nombre'])} subventions accordées en {annee}",
                tableau["nombre"],
                "dossiers",
                f"Dossiers d'aide accordés (votés, engagés ou payés) décidés en {annee}.",
                url,
            ),
            _chiffre(
                f"aides.montant_accorde.{annee}",
                f"{_n(accorde)} € accordés en {annee}",
                accorde,
                "€",
                f"Montants attribués sur les enveloppes {annee} de tous les dispositifs.",
                url,
            ),
            _chiffre(
                f"aides.taux_moyen.{annee}",
                f"Une aide de {_pct(tableau['taux_moyen_dossier'])} du coût en moyenne "
                f"et jusqu'à {_pct(tableau['taux_max'])} en {annee}",
                tableau["taux_moyen_dossier"],
                "taux",
                "Moyenne, sur les dossiers accordés de l'année, du montant attribué rapporté au "
                "coût hors taxe ; le taux maximal est le plus haut de ces rapports.",
                url,
            ),
        ]
        for situation in tableau["enveloppes"]:
            if not situation["attribue"]:
                continue
            dispositif = situation["enveloppe"].dispositif
            sortie.append(
                _chiffre(
                    f"aides.dispositif.{dispositif.pk}.{annee}",
                    f"{dispositif.nom} : {_n(situation['attribue'])} € accordés en {annee}",
                    situation["attribue"],
                    "€",
                    f"Montants attribués sur l'enveloppe {annee} du dispositif.",
                    url,
                )
            )
    return sortie


def _clauses(periode) -> list[dict]:
    url = reverse("clauses:chiffres")
    sortie = []
    total = Decimal(0)
    for annee in annees(periode):
        bilan = bilan_annuel(annee, masquer=True)
        total += Decimal(str(bilan["heures_realisees"]))
        sortie.append(
            _chiffre(
                f"clauses.heures.{annee}",
                f"{_n(bilan['heures_realisees'])} heures d'insertion en {annee}, "
                f"par {_n(bilan['entreprises'] or 0)} entreprises pour "
                f"{_n(bilan['participants'] or 0)} personnes",
                bilan["heures_realisees"],
                "heures",
                "Heures d'insertion réalisées dans l'année sur les marchés à clause sociale ; "
                "entreprises et personnes distinctes qui les ont réalisées (petits effectifs "
                "masqués).",
                url,
            )
        )
        for cle, unite in (("entreprises", "entreprises"), ("participants", "personnes")):
            sortie.append(
                _chiffre(
                    f"clauses.{cle}.{annee}",
                    f"{_n(bilan[cle] or 0)} {unite} en {annee}",
                    bilan[cle],
                    unite,
                    f"{unite.capitalize()} distinctes ayant des heures d'insertion en {annee}.",
                    url,
                )
            )
    sortie.insert(
        0,
        _chiffre(
            "clauses.heures",
            f"{_n(total)} heures d'insertion {_libelle(periode)}",
            total,
            "heures",
            "Somme des heures d'insertion réalisées de chaque année de la période.",
            url,
        ),
    )
    return sortie


def _participation(periode) -> list[dict]:
    chiffres = chiffres_periode(depuis=periode.depuis, jusqu_a=periode.jusqu_a)
    url = reverse("participation:campagnes")
    quand = _libelle(periode)
    return [
        _chiffre(
            "participation.votants",
            f"{_n(chiffres['votants'])} votants au budget participatif {quand}",
            chiffres["votants"],
            "votants",
            "Votants des campagnes dont le vote a clos dans la période.",
            url,
        ),
        _chiffre(
            "participation.projets_realises",
            f"{_n(chiffres['projets_realises'])} projets du budget participatif réalisés",
            chiffres["projets_realises"],
            "projets",
            "Projets lauréats des campagnes de la période dont la réalisation est terminée.",
            url,
        ),
    ]


def chiffres_cles(periode) -> list[dict]:
    """Every module's key figures over `periode` (a `pilotage.indicateurs.Periode`)."""
    return _ingenierie(periode) + _aides(periode) + _clauses(periode) + _participation(periode)
