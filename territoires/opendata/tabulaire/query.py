"""SQL of the queries on a version's rows: filters, sort, keyset, selected fields.

Every identifier written in SQL is generated (`opendata_tab_<cle>`, `id`, `c<n>`, `n<n>`);
every value is a bound parameter. Placeholders are `%s` (Django's cursor, both engines).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .columns import StoredColumn

CLE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
TABLE_PREFIX = "opendata_tab_"
#: SQLite: the FTS5 trigram index of a version's text keys (not listed by `tables_existing`).
TRIGRAM_PREFIX = "opendata_trg_"
IN_VALUES_MAX = 500
_COMPARISONS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_LABELS = {
    "eq": "égal à",
    "contains": "contient",
    "gt": "supérieur à",
    "gte": "supérieur ou égal à",
    "lt": "inférieur à",
    "lte": "inférieur ou égal à",
    "in": "parmi",
}


def table_name(cle: str) -> str:
    if not isinstance(cle, str) or not CLE.match(cle):
        raise ValueError(
            "Clé de stockage invalide : lettres minuscules, chiffres et _ seulement, "
            "32 caractères au plus, en commençant par une lettre (ex. « v12 »)."
        )
    return TABLE_PREFIX + cle


def trigram_table(cle: str) -> str:
    table_name(cle)  # validates the key
    return TRIGRAM_PREFIX + cle


def quote(identifier: str) -> str:
    """Quote a generated identifier (never a name given by a user)."""
    assert re.match(r"^[a-z0-9_]+$", identifier), identifier
    return f'"{identifier}"'


def column_get(by_name: dict[str, StoredColumn], nom: Any) -> StoredColumn:
    col = by_name.get(nom) if isinstance(nom, str) else None
    if col is None:
        shown = str(nom)[:80]
        raise ValueError(
            f"Colonne inconnue : « {shown} ». Colonnes possibles : "
            f"{', '.join(f'« {name} »' for name in list(by_name)[:30])}."
        )
    return col


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filter_sql(
    vendor: str, col: StoredColumn, operateur: str, valeur: Any, *, unindexed: bool = False
) -> tuple[str, list]:
    if operateur not in _LABELS:
        raise ValueError(
            f"Opérateur inconnu : « {str(operateur)[:40]} ». Opérateurs possibles : "
            f"{', '.join(_LABELS)}."
        )
    if col.type == "geometrie":
        raise ValueError(f"La colonne « {col.nom} » (géométrie) ne se filtre pas.")
    key = quote(col.key)
    if unindexed and operateur in ("eq", "in"):
        key = f"+{key}"  # SQLite: the index of this column is not used (see reading._walk)
    if operateur == "contains":
        if col.type != "texte":
            raise ValueError(
                f"L'opérateur « contient » ne s'applique qu'aux colonnes de texte "
                f"(colonne « {col.nom} »)."
            )
        pattern = "%" + _like_escape(col.key_to_db(vendor, valeur)) + "%"
        return f"{key} LIKE %s ESCAPE '\\'", [pattern]
    if col.type == "booleen" and operateur in _COMPARISONS:
        raise ValueError(
            f"L'opérateur « {_LABELS[operateur]} » ne s'applique pas à une colonne oui / non "
            f"(colonne « {col.nom} »)."
        )
    if operateur == "in":
        values = valeur.split(",") if isinstance(valeur, str) else valeur
        if not isinstance(values, list | tuple | set | frozenset) or not values:
            raise ValueError(f"L'opérateur « parmi » attend une liste de valeurs ({col.nom}).")
        if len(values) > IN_VALUES_MAX:
            raise ValueError(f"L'opérateur « parmi » accepte au plus {IN_VALUES_MAX} valeurs.")
        params = [col.key_to_db(vendor, value) for value in values]
        return f"{key} IN ({', '.join(['%s'] * len(params))})", params
    if valeur is None:
        if operateur == "eq":
            return f"{key} IS NULL", []
        raise ValueError(f"Une valeur est nécessaire pour filtrer la colonne « {col.nom} ».")
    sign = "=" if operateur == "eq" else _COMPARISONS[operateur]
    return f"{key} {sign} %s", [col.key_to_db(vendor, valeur)]


def _glob_pattern(text: str) -> str | None:
    """`*text*` for FTS5, or None when the index cannot serve it (under 3 characters, or a
    GLOB wildcard in the text: the plain `LIKE` scan answers)."""
    if len(text) < 3 or any(char in text for char in "*?[]"):
        return None
    return f"*{text}*"


def trigrams_sql(vendor: str, cle: str, contains: Sequence) -> tuple[str, list] | None:
    """SQLite: `SELECT rowid` of the FTS5 trigram index containing every text, or None.

    `contains`: (column, value) of the `contains` filters. The `LIKE` clauses stay in the
    query, so the index only narrows the rows read, it never decides what matches."""
    clauses, params = [], []
    for col, valeur in contains:
        pattern = _glob_pattern(col.key_to_db(vendor, valeur))
        if pattern is not None:
            clauses.append(f"{quote(col.key)} GLOB %s")
            params.append(pattern)
    if not clauses:
        return None
    fts = quote(trigram_table(cle))
    return f"SELECT rowid FROM {fts} WHERE {' AND '.join(clauses)}", params  # noqa: S608


def where_build(
    vendor: str, by_name: dict[str, StoredColumn], filtres: Sequence, *, unindexed: bool = False
) -> tuple[list[str], list]:
    """SQL clauses and parameters of the filters. `unindexed`: the equalities and `in` are
    written `+key` so that SQLite does not read them through their index."""
    clauses, params = [], []
    for filtre in filtres:
        col = column_get(by_name, filtre.colonne)
        sql, values = _filter_sql(vendor, col, filtre.operateur, filtre.valeur, unindexed=unindexed)
        clauses.append(sql)
        params.extend(values)
    return clauses, params


@dataclass(frozen=True)
class SortKey:
    col: StoredColumn | None  # None: the row id
    desc: bool

    @property
    def ident(self) -> str:
        return self.col.key if self.col else "id"


def sort_resolve(by_name: dict[str, StoredColumn], tri: Sequence[str]) -> list[SortKey]:
    """Sort keys, then the row id as tie-breaker in the direction of the last key."""
    if isinstance(tri, str):
        tri = [tri]
    keys: list[SortKey] = []
    used = set()
    for item in tri:
        if isinstance(item, str) and item.startswith("-") and item not in by_name:
            col, desc = column_get(by_name, item[1:]), True
        else:
            col, desc = column_get(by_name, item), False
        if not col.sortable:
            raise ValueError(f"La colonne « {col.nom} » (géométrie) ne se trie pas.")
        if col.position not in used:
            used.add(col.position)
            keys.append(SortKey(col=col, desc=desc))
    keys.append(SortKey(col=None, desc=keys[-1].desc if keys else False))
    return keys


def order_sql(vendor: str, keys: list[SortKey]) -> str:
    """ORDER BY with NULLs as the smallest values on both engines (SQLite's own order)."""
    parts = []
    for key in keys:
        direction = "DESC" if key.desc else "ASC"
        nulls = ""
        if vendor == "postgresql" and key.col is not None:
            nulls = " NULLS LAST" if key.desc else " NULLS FIRST"
        parts.append(f"{quote(key.ident)} {direction}{nulls}")
    return ", ".join(parts)


def _after_one(key: SortKey, value: Any) -> tuple[str | None, list]:
    """Rows strictly after `value` on this key (NULLs smallest); None: no row."""
    ident = quote(key.ident)
    if value is None:
        return (None, []) if key.desc else (f"{ident} IS NOT NULL", [])
    if key.desc:
        return f"({ident} < %s OR {ident} IS NULL)", [value]
    return f"{ident} > %s", [value]


def _equal_one(key: SortKey, value: Any) -> tuple[str, list]:
    ident = quote(key.ident)
    return (f"{ident} IS NULL", []) if value is None else (f"{ident} = %s", [value])


def keyset_sql(keys: list[SortKey], values: list) -> tuple[str, list, str | None]:
    """Lexicographic « after the last row » condition, with a sargable bound on the first key,
    and the condition of a « NULL tail » read apart, or None.

    In descending order the NULLs of the first key come last: `key <= x OR key IS NULL` would
    keep both engines from reading the index of the sort from `x` on (every page would walk
    again the rows before it). So the bound is `key <= x` and, when the page is not full,
    the rows where `key IS NULL` are read by a second query (`reading.page`)."""
    alternatives, params = [], []
    prefix_sql, prefix_params = [], []
    for key, value in zip(keys, values, strict=True):
        after, after_params = _after_one(key, value)
        if after is not None:
            alternatives.append(" AND ".join([*prefix_sql, after]))
            params.extend([*prefix_params, *after_params])
        equal, equal_params = _equal_one(key, value)
        prefix_sql.append(equal)
        prefix_params.extend(equal_params)
    if not alternatives:
        return "1 = 0", [], None
    condition = "(" + " OR ".join(f"({alt})" for alt in alternatives) + ")"
    first, first_value = keys[0], values[0]
    if first_value is not None and first.col is not None:
        ident = quote(first.ident)
        bound = f"{ident} <= %s" if first.desc else f"{ident} >= %s"
        tail = f"{ident} IS NULL" if first.desc else None
        return f"{bound} AND {condition}", [first_value, *params], tail
    return condition, params, None
