"""Files of the clauses module: the import template, the yearly report in XLSX and PDF."""

from territoires.core.exports.pdf import template_to_pdf
from territoires.core.exports.spreadsheets import Sheet, xlsx_bytes
from territoires.ui.branding import get_branding
from territoires.ui.charts import bar_chart

from .imports.colonnes import (
    COLONNES_HEURES,
    COLONNES_HEURES_FACULTATIVES,
    COLONNES_MARCHES,
    EXPLICATIONS,
)
from .models import ConfigurationClauses
from .selectors.chiffres import CLES_EFFECTIFS

#: Labels of the headline figures, in the order of the report (also the XLSX sheet).
LIBELLES = [
    ("annee", "Année"),
    ("heures_prescrites", "Heures d'insertion prescrites (marchés notifiés dans l'année)"),
    ("heures_prescrites_annee_precedente", "Heures prescrites l'année précédente"),
    ("evolution_heures_prescrites_pct", "Évolution des heures prescrites (%)"),
    ("heures_realisees", "Heures réalisées dans l'année"),
    ("base_etp", "Base d'un ETP (heures)"),
    ("etp", "Équivalents temps plein (ETP)"),
    ("entreprises", "Entreprises avec des heures dans l'année"),
    ("entreprises_annee_precedente", "Entreprises l'année précédente"),
    ("entreprises_departement", "Entreprises du Département"),
    ("entreprises_moins_20", "Entreprises de moins de 20 salariés"),
    ("entreprises_moins_5", "Entreprises de moins de 5 salariés"),
    ("participants", "Personnes bénéficiaires"),
    ("participants_annee_precedente", "Personnes bénéficiaires l'année précédente"),
    ("femmes", "Femmes"),
    ("residents_departement_pct", "Résidents du Département (%)"),
    ("donneurs_ordre", "Donneurs d'ordre"),
    ("nouveaux_donneurs_ordre", "Nouveaux donneurs d'ordre"),
    ("marches_suivis", "Marchés suivis (notifiés ou avec des heures dans l'année)"),
    ("marches_environnementaux", "Dont marchés avec une clause ou un critère environnemental"),
    ("chantiers_suivis", "Chantiers suivis"),
    ("reunions_chantier", "Réunions de chantier"),
    ("conventions_signees", "Conventions d'accompagnement signées"),
    # Seed 004 (issue 15): longer contracts, several sites, requests for support.
    ("participants_contrats_longs", "Personnes en contrat long"),
    ("participants_contrats_longs_pct", "Part des personnes en contrat long (%)"),
    (
        "participants_contrats_longs_annee_precedente",
        "Personnes en contrat long l'année précédente",
    ),
    ("heures_par_participant", "Heures réalisées par personne"),
    ("heures_par_participant_annee_precedente", "Heures par personne l'année précédente"),
    ("participants_plusieurs_chantiers", "Personnes sur plusieurs chantiers à clause"),
    ("participants_plusieurs_chantiers_pct", "Part des personnes sur plusieurs chantiers (%)"),
    ("demandes_accompagnement", "Demandes d'accompagnement reçues"),
    ("demandes_accompagnement_annee_precedente", "Demandes reçues l'année précédente"),
]


def modele_xlsx() -> bytes:
    """The empty workbook to fill: sheets `marches` and `heures`, and an explanation sheet."""
    explications = [
        [feuille, colonne, texte]
        for feuille, colonnes in EXPLICATIONS.items()
        for colonne, texte in colonnes.items()
    ]
    explications += [
        [],
        [
            "",
            "",
            "Une ligne invalide fait refuser tout le fichier, avec la liste de toutes les "
            "lignes en erreur : rien n'est enregistré. Réimporter le même fichier ne change rien.",
        ],
    ]
    return xlsx_bytes(
        [
            Sheet("marches", COLONNES_MARCHES),
            Sheet("heures", COLONNES_HEURES + COLONNES_HEURES_FACULTATIVES),
            Sheet(
                "explications",
                ["feuille", "colonne", "contenu attendu"],
                explications,
                widths={"B": 24, "C": 100},
            ),
        ]
    )


#: The report's tables, one sheet each: (sheet title, key in the report, columns).
TABLES = [
    ("Par type de contrat", "par_type_contrat",
     ["type_contrat", "libelle", "participants", "heures"]),
    ("Par critère", "par_critere", ["critere", "libelle", "participants"]),
    ("Demandes par suite", "demandes_par_suite", ["suite", "libelle", "demandes"]),
    (
        "Par donneur d'ordre",
        "par_donneur_ordre",
        ["siret", "nom", "categorie", "marches", "marches_environnementaux", "heures_prescrites",
         "heures_realisees"],
    ),
    (
        "Par catégorie",
        "par_categorie",
        ["categorie", "libelle", "donneurs_ordre", "marches", "marches_environnementaux",
         "heures_prescrites", "heures_realisees"],
    ),
]  # fmt: skip


def bilan_xlsx(bilan: dict) -> bytes:
    definitions = bilan.get("definitions", {})
    synthese = [
        [cle, libelle, _cellule(bilan, cle, bilan[cle]), _definition(definitions, cle)]
        for cle, libelle in LIBELLES
    ]
    if "seuil_secret_statistique" in bilan:
        synthese.append(
            [
                "seuil_secret_statistique",
                "Secret statistique : effectifs inférieurs à ce seuil masqués",
                bilan["seuil_secret_statistique"],
            ]
        )
    sheets = [
        Sheet(
            "Synthèse",
            ["indicateur", "libellé", "valeur", "définition"],
            synthese,
            widths={"A": 36, "B": 64, "D": 100},
        )
    ]
    for titre, cle, colonnes in TABLES:
        lignes = [[_cellule(bilan, c, row[c]) for c in colonnes] for row in bilan[cle]]
        sheets.append(Sheet(titre, colonnes, lignes))
    return xlsx_bytes(sheets)


def _definition(definitions: dict, cle: str) -> str:
    """The definition of a figure, shared by the figures derived from it (share, last year)."""
    for suffixe in ("_pct", "_annee_precedente"):
        if cle.endswith(suffixe):
            return definitions.get(cle.removesuffix(suffixe), "")
    return definitions.get(cle, "")


def _seuil(bilan: dict) -> int:
    seuil = bilan.get("seuil_secret_statistique")
    return seuil or ConfigurationClauses.courante().seuil_secret_statistique


def bilan_graphiques(bilan: dict) -> dict:
    criteres = bar_chart(bilan["par_critere"], libelle="libelle", valeur="participants")
    for barre in criteres["barres"]:
        if barre.valeur is None:  # the same words as the tables: « < 5 »
            barre.texte = f"< {_seuil(bilan)}"
    return {
        "graphique_contrats": bar_chart(
            bilan["par_type_contrat"], libelle="libelle", valeur="heures", unite="h"
        ),
        "graphique_criteres": criteres,
    }


def _cellule(bilan: dict, cle: str, valeur):
    """A masked count reads « < 5 » in the spreadsheet too (None in JSON)."""
    if valeur is None and cle in CLES_EFFECTIFS and "seuil_secret_statistique" in bilan:
        return f"< {bilan['seuil_secret_statistique']}"
    return valeur


def bilan_contexte(bilan: dict) -> dict:
    return {
        "bilan": bilan,
        "libelles": LIBELLES,
        "seuil": _seuil(bilan),
        "organisation": get_branding().organisation,
        "taux_realisation": (
            round(bilan["heures_realisees"] * 100 / bilan["heures_prescrites"])
            if bilan["heures_prescrites"]
            else None
        ),
        **bilan_graphiques(bilan),
    }


def bilan_pdf(bilan: dict) -> bytes:
    return template_to_pdf("clauses/bilan_pdf.html", bilan_contexte(bilan))
