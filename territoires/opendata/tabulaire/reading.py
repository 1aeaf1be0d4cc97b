"""Reading a version's rows: one page by keyset, a stream in batches, a count."""

from collections.abc import Iterator, Sequence

from django.db import OperationalError, connection

from .columns import columns_resolve
from .cursor import cursor_decode, cursor_encode
from .query import (
    SortKey,
    column_get,
    keyset_sql,
    order_sql,
    quote,
    sort_resolve,
    table_name,
    where_build,
)
from .storage import FETCH

PAGE_MAX = 1000
SCAN_STEPS = 200_000


class Plan:
    """What to select, from where, filtered and sorted how (validated, SQL-ready)."""

    def __init__(self, *, cle: str, colonnes, filtres=(), tri=(), champs=None):
        self.vendor = connection.vendor
        self.cle = cle
        self.table = quote(table_name(cle))
        self.columns = columns_resolve(colonnes)
        by_name = {col.nom: col for col in self.columns}
        if champs is None:
            self.fields = list(self.columns)
        else:
            if isinstance(champs, str) or not isinstance(champs, Sequence):
                raise ValueError("Les champs demandés doivent être une liste de noms de colonnes.")
            self.fields = list(
                {col.position: col for col in (column_get(by_name, nom) for nom in champs)}.values()
            )
            if not self.fields:
                raise ValueError("Demandez au moins un champ.")
        self.where, self.params = where_build(self.vendor, by_name, filtres)
        self.keys: list[SortKey] = sort_resolve(by_name, tri)
        self.converters = [col.from_db(self.vendor) for col in self.fields]
        self.contains_sorted_by_index = (
            self.vendor == "sqlite"
            and self.keys[0].col is not None
            and any(getattr(f, "operateur", None) == "contains" for f in filtres)
        )

    @property
    def signature(self) -> list:
        return [[key.col.position if key.col else -1, key.desc] for key in self.keys]

    def where_sql(self, extra: list[str] = ()) -> str:
        clauses = [*self.where, *extra]
        return f" WHERE {' AND '.join(clauses)}" if clauses else ""

    def select_sql(self, *, with_keys: bool) -> str:
        idents = [quote(col.ident) for col in self.fields]
        if with_keys:
            idents = [quote(key.ident) for key in self.keys] + idents
        return ", ".join(idents)

    def convert(self, raw: Sequence) -> tuple:
        return tuple(
            value if convert is None or value is None else convert(value)
            for convert, value in zip(self.converters, raw, strict=True)
        )

    def cursor_values(self, curseur: str) -> list:
        raw = cursor_decode(curseur, cle=self.cle, signature=self.signature)
        values = []
        for key, value in zip(self.keys, raw, strict=True):
            if value is None:
                values.append(None)
            elif key.col is None:
                if not isinstance(value, int) or isinstance(value, bool):
                    raise ValueError("Curseur de pagination invalide.")
                values.append(value)
            else:
                values.append(key.col.key_to_db(self.vendor, value))
        return values


def page(plan: Plan, *, curseur: str | None, taille: int, compter: bool) -> tuple:
    """(rows as dicts, next cursor or None, total or None)."""
    if isinstance(taille, bool) or not isinstance(taille, int) or not 1 <= taille <= PAGE_MAX:
        raise ValueError(f"La taille de page va de 1 à {PAGE_MAX}.")
    extra, extra_params = [], []
    if curseur:
        condition, extra_params = keyset_sql(plan.keys, plan.cursor_values(curseur))
        extra = [condition]
    sql = (
        f"SELECT {plan.select_sql(with_keys=True)} FROM {plan.table}"  # noqa: S608
        f"{plan.where_sql(extra)} ORDER BY {order_sql(plan.vendor, plan.keys)} LIMIT %s"
    )
    raw_rows = _fetch_page(plan, sql, [*plan.params, *extra_params, taille + 1])
    width = len(plan.keys)
    names = [col.nom for col in plan.fields]
    lignes = [dict(zip(names, plan.convert(row[width:]), strict=True)) for row in raw_rows[:taille]]
    suivant = None
    if len(raw_rows) > taille:
        last = raw_rows[taille - 1]
        suivant = cursor_encode(cle=plan.cle, signature=plan.signature, values=list(last[:width]))
    total = count(plan) if compter else None
    return lignes, suivant, total


def _fetch_page(plan: Plan, sql: str, params: list) -> list:
    """The page's rows. On SQLite, a `contains` filter sorted by an index may walk the whole
    index, one random table read a row, when the text is rare (seconds on a million rows):
    after SCAN_STEPS virtual-machine steps, the query is asked again as a table scan then a
    sort of the matching rows (`+` keeps SQLite from the index). Two queries at most."""
    with connection.cursor() as cursor:
        if not plan.contains_sorted_by_index:
            cursor.execute(sql, params)
            return cursor.fetchall()
        raw = connection.connection
        raw.set_progress_handler(lambda: 1, SCAN_STEPS)
        try:
            cursor.execute(sql, params)
            return cursor.fetchall()
        except OperationalError as error:
            if "interrupt" not in str(error):
                raise
        finally:
            raw.set_progress_handler(None, 0)
        first = quote(plan.keys[0].ident)
        cursor.execute(sql.replace(f"ORDER BY {first}", f"ORDER BY +{first}", 1), params)
        return cursor.fetchall()


def stream(plan: Plan) -> Iterator[tuple]:
    """Every matching row as a tuple of the selected fields, fetched in bounded batches."""
    sql = (
        f"SELECT {plan.select_sql(with_keys=False)} FROM {plan.table}"  # noqa: S608
        f"{plan.where_sql()} ORDER BY {order_sql(plan.vendor, plan.keys)}"
    )
    convert = plan.convert
    plain = all(converter is None for converter in plan.converters)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, plan.params)
        while True:
            batch = cursor.fetchmany(FETCH)
            if not batch:
                return
            if plain:
                yield from batch
            else:
                for row in batch:
                    yield convert(row)


def count(plan: Plan) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {plan.table}{plan.where_sql()}", plan.params)  # noqa: S608
        return cursor.fetchone()[0]
