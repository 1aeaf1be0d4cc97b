"""Datasets that publish themselves: the modules' public data, refreshed by
`refresh.datasets_refresh` (command `territoires donnees actualiser`, scheduled by cron, and
the « Actualiser maintenant » button of `/donnees/automatiques/`).

One module per source; each declares `JeuAutomatique`s (`base.py`) built from the public
selectors of its domain, never its services. The registry below lists them by their stable
code (`JeuDeDonnees.source_module`).
"""

from . import aides, appels, clauses, ingenierie, participation, referentiel
from .base import FichierAutomatique, JeuAutomatique, RessourceAutomatique

REGISTRE: dict[str, JeuAutomatique] = {
    jeu.code: jeu
    for jeu in (
        aides.SUBVENTIONS,
        aides.DISPOSITIFS,
        ingenierie.CHIFFRES,
        clauses.CHIFFRES,
        participation.PROJETS,
        participation.RESULTATS,
        referentiel.COMMUNES,
        referentiel.EPCIS,
        appels.APPELS,
    )
}


def jeux_automatiques(codes=None) -> list[JeuAutomatique]:
    """The automatic datasets, all or those of `codes`; an unknown code is a French error."""
    if not codes:
        return list(REGISTRE.values())
    inconnus = [c for c in codes if c not in REGISTRE]
    if inconnus:
        raise ValueError(
            f"Jeu automatique inconnu : {', '.join(inconnus)}. Jeux possibles : "
            f"{', '.join(REGISTRE)}."
        )
    return [REGISTRE[c] for c in codes]


def fichiers_du_jeu(jeu) -> list[FichierAutomatique]:
    """The non-tabular files of an automatic dataset (none for a producer's own dataset)."""
    auto = REGISTRE.get(jeu.source_module or "")
    return auto.fichiers() if auto else []


__all__ = [
    "REGISTRE",
    "FichierAutomatique",
    "JeuAutomatique",
    "RessourceAutomatique",
    "fichiers_du_jeu",
    "jeux_automatiques",
]
