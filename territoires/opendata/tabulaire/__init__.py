"""Where the rows of a resource version are stored and queried.

The interface below is what `opendata` services, views and the API call; the storage behind
it is chosen by docs/adr (benchmark in bench/). Errors are `ValueError` with a French message
(unknown column or operator, badly typed value).
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

OPERATEURS = ("eq", "contains", "gt", "gte", "lt", "lte", "in")


@dataclass(frozen=True)
class Colonne:
    nom: str
    type: str  # VersionRessource.TYPES_COLONNE


@dataclass(frozen=True)
class Filtre:
    colonne: str
    operateur: str  # OPERATEURS
    valeur: Any


@dataclass
class Page:
    lignes: list[dict]
    suivant: str | None
    total: int | None


def table_create(*, cle: str, colonnes: list[Colonne]) -> None:
    raise NotImplementedError


def rows_load(
    *, cle: str, colonnes: list[Colonne], lignes: Iterable[Sequence], on_progress=None
) -> int:
    raise NotImplementedError


def table_drop(*, cle: str) -> None:
    raise NotImplementedError


def rows_query(
    *,
    cle: str,
    colonnes: list[Colonne],
    filtres: Sequence[Filtre] = (),
    tri: Sequence[str] = (),
    champs: list[str] | None = None,
    curseur: str | None = None,
    taille: int = 50,
) -> Page:
    raise NotImplementedError


def rows_stream(
    *,
    cle: str,
    colonnes: list[Colonne],
    filtres: Sequence[Filtre] = (),
    tri: Sequence[str] = (),
    champs: list[str] | None = None,
) -> Iterator[tuple]:
    raise NotImplementedError


def rows_count(*, cle: str, colonnes: list[Colonne], filtres: Sequence[Filtre] = ()) -> int:
    raise NotImplementedError
