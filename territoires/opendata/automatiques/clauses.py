"""The public figures of the social-clause report, year by year.

Exactly what `/clauses/chiffres/` and its `donnees.json` publish: `bilan_annuel(annee,
masquer=True)`, counts of people or companies under the statistical threshold left empty
(secret statistique), hours exact. Never the facilitator's unmasked figures.
"""

from collections.abc import Iterator
from decimal import Decimal
from functools import partial

from territoires.clauses import selectors

from .base import JeuAutomatique, RessourceAutomatique, colonnes

SYNTHESE = (
    ("heures_prescrites", "decimal"),
    ("heures_realisees", "decimal"),
    ("etp", "decimal"),
    ("entreprises", "entier"),
    ("entreprises_departement", "entier"),
    ("entreprises_moins_20", "entier"),
    ("entreprises_moins_5", "entier"),
    ("participants", "entier"),
    ("femmes", "entier"),
    ("residents_departement_pct", "decimal"),
    ("donneurs_ordre", "entier"),
    ("nouveaux_donneurs_ordre", "entier"),
    ("chantiers_suivis", "entier"),
    ("reunions_chantier", "entier"),
    ("conventions_signees", "entier"),
    ("seuil_secret_statistique", "entier"),
)


def _valeur(valeur, type_: str):
    if valeur is None:
        return None
    return Decimal(str(valeur)) if type_ == "decimal" else valeur


def _bilans() -> list[dict]:
    """One masked report per year (a few small dicts, SQL aggregates), shared by the tables."""
    return [selectors.bilan_annuel(a, masquer=True) for a in sorted(selectors.annees_disponibles())]


def _synthese(bilans: list[dict]) -> Iterator[tuple]:
    for bilan in bilans:
        yield (bilan["annee"], *(_valeur(bilan[cle], t) for cle, t in SYNTHESE))


def _par_type_contrat(bilans: list[dict]) -> Iterator[tuple]:
    for bilan in bilans:
        for row in bilan["par_type_contrat"]:
            yield (
                bilan["annee"],
                row["type_contrat"],
                row["libelle"],
                row["participants"],
                _valeur(row["heures"], "decimal"),
            )


def _par_critere(bilans: list[dict]) -> Iterator[tuple]:
    for bilan in bilans:
        for row in bilan["par_critere"]:
            yield (bilan["annee"], row["critere"], row["libelle"], row["participants"])


def _par_acheteur(bilans: list[dict]) -> Iterator[tuple]:
    for bilan in bilans:
        for row in bilan["par_donneur_ordre"]:
            yield (
                bilan["annee"],
                row["siret"],
                row["nom"],
                row["categorie_libelle"],
                row["marches"],
                _valeur(row["heures_prescrites"], "decimal"),
                _valeur(row["heures_realisees"], "decimal"),
            )


MASQUE = (
    " Un effectif de personnes ou d'entreprises inférieur au seuil du secret statistique "
    "(colonne ou jeu « seuil_secret_statistique ») est laissé vide."
)


def _ressources() -> list[RessourceAutomatique]:
    bilans = _bilans()
    return [
        RessourceAutomatique(
            titre="Synthèse annuelle",
            description="Les chiffres clés de chaque année : heures d'insertion prescrites et "
            "réalisées, équivalents temps plein, entreprises, participants, acheteurs." + MASQUE,
            colonnes=colonnes(("annee", "entier"), *SYNTHESE),
            lignes=partial(_synthese, bilans),
            nom_fichier="clauses-synthese.csv",
        ),
        RessourceAutomatique(
            titre="Participants et heures par type de contrat",
            description="Par année et type de contrat des participants." + MASQUE,
            colonnes=colonnes(
                ("annee", "entier"),
                ("type_contrat", "texte"),
                ("libelle", "texte"),
                ("participants", "entier"),
                ("heures", "decimal"),
            ),
            lignes=partial(_par_type_contrat, bilans),
            nom_fichier="clauses-types-contrat.csv",
        ),
        RessourceAutomatique(
            titre="Participants par critère d'éligibilité",
            description="Par année et critère d'éligibilité à l'insertion." + MASQUE,
            colonnes=colonnes(
                ("annee", "entier"),
                ("critere", "texte"),
                ("libelle", "texte"),
                ("participants", "entier"),
            ),
            lignes=partial(_par_critere, bilans),
            nom_fichier="clauses-criteres.csv",
        ),
        RessourceAutomatique(
            titre="Heures par acheteur public",
            description="Par année et acheteur public (donneur d'ordre) : marchés suivis, "
            "heures prescrites et réalisées.",
            colonnes=colonnes(
                ("annee", "entier"),
                ("siret", "texte"),
                ("acheteur", "texte"),
                ("categorie", "texte"),
                ("marches", "entier"),
                ("heures_prescrites", "decimal"),
                ("heures_realisees", "decimal"),
            ),
            lignes=partial(_par_acheteur, bilans),
            nom_fichier="clauses-acheteurs.csv",
        ),
    ]


CHIFFRES = JeuAutomatique(
    code="clauses.chiffres",
    titre="Clauses sociales d'insertion : chiffres clés",
    description=(
        "Le bilan public de la facilitation des clauses sociales dans les marchés publics : "
        "heures d'insertion prescrites et réalisées, entreprises, participants, acheteurs, "
        "année par année. Les petits effectifs sont masqués (secret statistique). Mis à jour "
        "chaque jour."
    ),
    ressources=_ressources,
    themes=("economie",),
    mots_cles="clauses sociales, insertion, marchés publics, emploi, bilan",
    frequence="quotidienne",
)
