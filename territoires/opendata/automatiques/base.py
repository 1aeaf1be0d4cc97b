"""What an automatic dataset declares: its metadata and resources built from the public
selectors of a module.

A source module defines one or more `JeuAutomatique`; each gives its resources as
`RessourceAutomatique(titre, colonnes, lignes)` where `lignes()` yields typed tuples (int,
Decimal, date, bool, str, None) streamed from the selectors: nothing is loaded whole. Files
that are not tables (pabulib's `.pb`) are `FichierAutomatique`s served by their module.
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
class FichierAutomatique:
    """A file of an automatic dataset that is not a table (a pabulib `.pb`), served as it is
    by its module's public page: the dataset lists it and the DCAT catalogue declares it."""

    titre: str
    nom_fichier: str
    url: str  # the module's public download (a path of this site)
    format: str  # what the file is, as its community names it (« pabulib »)
    media: str = "text/plain"
    norme: str = ""  # the address of its format's specification


def _aucun_fichier() -> list[FichierAutomatique]:
    return []


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
    fichiers: Callable[[], list[FichierAutomatique]] = _aucun_fichier


def colonnes(*specs: tuple[str, str]) -> list[Colonne]:
    """`colonnes(("code", "texte"), ("population", "entier"))`."""
    return [Colonne(nom=nom, type=type_) for nom, type_ in specs]
