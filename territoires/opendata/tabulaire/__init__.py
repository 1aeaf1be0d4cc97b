"""Where the rows of a resource version are stored and queried.

The interface below is what `opendata` services, views and the API call; the storage behind
it is chosen by docs/adr/0009-stockage-tabulaire.md (benchmark: bench/opendata_stockage.py):
one table per version in the application's database, typed columns, an index per filterable
column. Errors are `ValueError` with a French message (unknown column or operator, badly
typed value, invalid cursor or storage key).

Conventions:
- `cle` names the storage of a version: « v<pk of VersionRessource> » (lower-case letters,
  digits and _, at most 32 characters).
- `colonnes` gives names and types, in file order; a name may be anything (quotes, accents,
  spaces…): it never reaches SQL. Duplicate names are returned as « nom (2) », « nom (3) »
  (`column_names`).
- Text filters and sorts use the accent-free, lower-case form (`core.text.normalize_search`):
  `eq`, `contains`, `in` and the ranges on text ignore case, accents and punctuation.
- NULLs (empty cells) sort first in ascending order, last in descending order.
- `tri`: column names, `-` prefix for descending; the row's position in the file breaks ties.
- `curseur`: opaque, signed; pages are read by key (no OFFSET), so a page costs the same
  at the start and at the end of a million rows.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from . import reading, storage
from .columns import TYPES, column_names, columns_resolve

OPERATEURS = ("eq", "contains", "gt", "gte", "lt", "lte", "in")

__all__ = [
    "OPERATEURS",
    "TYPES",
    "Colonne",
    "Filtre",
    "Page",
    "column_names",
    "rows_count",
    "rows_count_bounded",
    "rows_diff",
    "rows_load",
    "rows_query",
    "rows_stream",
    "table_create",
    "table_drop",
    "tables_existing",
]


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
    #: False when counting stopped at `compter_max`: « more than `total` rows ».
    total_exact: bool = True


def table_create(*, cle: str, colonnes: list[Colonne]) -> None:
    """Create the (empty) storage of a version; nothing happens if it exists."""
    storage.create(cle, columns_resolve(colonnes))


def rows_load(
    *,
    cle: str,
    colonnes: list[Colonne],
    lignes: Iterable[Sequence],
    on_progress=None,
    on_indexing=None,
) -> int:
    """Append `lignes` (typed values, file order) in batches; return the number loaded.

    The iterator is consumed lazily (memory stays flat); `on_progress(n)` is called with the
    number of rows loaded so far every few thousand rows and at the end. All or nothing: a
    value that does not fit its column type raises `ValueError` (« Ligne 12 : … ») and
    nothing is kept. Creates the table if needed. `on_indexing(n)` is called once the rows are
    in, before the indexes are built (the longest step after the load, on a million rows).
    """
    return storage.load(cle, columns_resolve(colonnes), lignes, on_progress, on_indexing)


def table_drop(*, cle: str) -> None:
    """Drop the storage of a version (nothing happens if it does not exist)."""
    storage.drop(cle)


def tables_existing() -> list[str]:
    """Storage keys present in the database (to find orphans)."""
    return storage.existing()


def rows_query(
    *,
    cle: str,
    colonnes: list[Colonne],
    filtres: Sequence[Filtre] = (),
    tri: Sequence[str] = (),
    champs: list[str] | None = None,
    curseur: str | None = None,
    taille: int = 50,
    compter: bool = True,
    compter_max: int | None = None,
) -> Page:
    """One page of rows as dicts {name: value}; two queries (page, then count if `compter`).

    With `compter_max`, the count stops after `compter_max` + 1 rows (a bounded cost): then
    `total` is `compter_max` and `total_exact` False (« plus de `compter_max` lignes »)."""
    plan = reading.Plan(cle=cle, colonnes=colonnes, filtres=filtres, tri=tri, champs=champs)
    lignes, suivant, total, exact = reading.page(
        plan, curseur=curseur, taille=taille, compter=compter, compter_max=compter_max
    )
    return Page(lignes=lignes, suivant=suivant, total=total, total_exact=exact)


def rows_stream(
    *,
    cle: str,
    colonnes: list[Colonne],
    filtres: Sequence[Filtre] = (),
    tri: Sequence[str] = (),
    champs: list[str] | None = None,
) -> Iterator[tuple]:
    """Every matching row as a tuple (fields in `champs` order), read in bounded batches.

    Arguments are checked before the first row is asked for (a `ValueError` is raised here,
    not while iterating).
    """
    plan = reading.Plan(cle=cle, colonnes=colonnes, filtres=filtres, tri=tri, champs=champs)
    return reading.stream(plan)


def rows_count(*, cle: str, colonnes: list[Colonne], filtres: Sequence[Filtre] = ()) -> int:
    plan = reading.Plan(cle=cle, colonnes=colonnes, filtres=filtres)
    return reading.count(plan)


def rows_count_bounded(
    *, cle: str, colonnes: list[Colonne], filtres: Sequence[Filtre] = (), maximum: int
) -> tuple[int, bool]:
    """(number of matching rows, exact?): counting stops after `maximum` + 1 rows, and
    (`maximum`, False) means « more than `maximum` »."""
    plan = reading.Plan(cle=cle, colonnes=colonnes, filtres=filtres)
    return reading.count_bounded(plan, maximum)


def rows_diff(*, cle_avant: str, cle_apres: str, colonnes: list[Colonne]) -> tuple[int, int]:
    """(rows added, rows removed) from `cle_avant` to `cle_apres`, as multisets of rows.

    Computed by the database (GROUP BY), never loaded in memory. When the two versions do
    not have the same columns and types, every row counts as changed; a missing table
    counts as empty.
    """
    return storage.diff(cle_avant, cle_apres, columns_resolve(colonnes))
