"""The engineering figures: requests to the mission by year, EPCI and domain.

The same counts as the module's figures (`ingenierie.selectors.statistiques`: merged
duplicates not counted), crossed in one table; requests come from public bodies, no person
is named.
"""

from collections.abc import Iterator

from territoires.ingenierie import selectors

from .base import JeuAutomatique, RessourceAutomatique, colonnes

COLONNES = colonnes(
    ("annee", "entier"),
    ("epci_siren", "texte"),
    ("epci", "texte"),
    ("domaine", "texte"),
    ("sollicitations", "entier"),
    ("terminees", "entier"),
)


def _lignes() -> Iterator[tuple]:
    for row in selectors.sollicitations_par_annee_epci_domaine():
        yield (
            row["annee"],
            row["epci__siren"] or "",
            row["epci__nom"] or "non renseigné",
            row["domaine__nom"],
            row["sollicitations"],
            row["terminees"],
        )


def _ressources() -> list[RessourceAutomatique]:
    return [
        RessourceAutomatique(
            titre="Sollicitations par année, intercommunalité et domaine",
            description=(
                "Nombre de sollicitations reçues par la mission d'ingénierie territoriale, "
                "par année de dépôt, intercommunalité de la collectivité demandeuse et "
                "domaine ; « terminees » compte celles qui ont abouti. Les doublons "
                "fusionnés ne sont pas comptés."
            ),
            colonnes=COLONNES,
            lignes=_lignes,
            nom_fichier="ingenierie-chiffres.csv",
        )
    ]


CHIFFRES = JeuAutomatique(
    code="ingenierie.chiffres",
    titre="Chiffres de l'ingénierie territoriale",
    description=(
        "L'activité de la mission d'ingénierie territoriale du Département auprès des "
        "communes et intercommunalités : sollicitations par année, intercommunalité et "
        "domaine (voirie, bâtiments, eau, urbanisme…). Mis à jour chaque jour."
    ),
    ressources=_ressources,
    themes=("amenagement", "administration"),
    mots_cles="ingénierie, sollicitations, communes, intercommunalités, statistiques",
    frequence="quotidienne",
)
