"""What an automatic dataset declares: its metadata and resources built from the public
selectors of a module.

A source module defines one or more `JeuAutomatique`; each gives its resources as
`RessourceAutomatique(titre, colonnes, lignes)` where `lignes()` yields typed tuples (int,
Decimal, date, bool, str, None) streamed from the selectors: nothing is loaded whole.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from territoires.opendata.tabulaire import Colonne


@dataclass(frozen=True)
class RessourceAutomatique:
    """A resource of an automatic dataset; `titre` identifies it inside its dataset."""

    titre: str
    colonnes: list[Colonne]
    lignes: Callable[[], Iterator[tuple]]
    description: str = ""
    schema: str = ""
    nom_fichier: str = ""


@dataclass(frozen=True)
class JeuAutomatique:
    """An automatic dataset: `code` is its stable `JeuDeDonnees.source_module`."""

    code: str
    titre: str
    description: str
    ressources: Callable[[], list[RessourceAutomatique]]
    themes: tuple[str, ...] = ()
    mots_cles: str = ""
    licence: str = "lo-2.0"
    frequence: str = "quotidienne"


def colonnes(*specs: tuple[str, str]) -> list[Colonne]:
    """`colonnes(("code", "texte"), ("population", "entier"))`."""
    return [Colonne(nom=nom, type=type_) for nom, type_ in specs]
