"""Reading a version's rows: one page by keyset, a stream in batches, a count."""

from collections.abc import Iterator, Sequence

from django.db import OperationalError, connection

from .columns import columns_resolve
from .cursor import cursor_decode, cursor_encode
from .planning import Selective, stats_sql, walk_sort_index
from .query import (
    SortKey,
    column_get,
    keyset_sql,
    order_sql,
    quote,
    sort_resolve,
    table_name,
    trigrams_sql,
    where_build,
)
from .storage import FETCH

PAGE_MAX = 1000
SCAN_STEPS = 200_000
#: The walk of the sort's index chosen by `planning` (about ten thousand rows read, five
#: virtual-machine steps each) gets a larger budget before the guard interrupts it.
WALK_STEPS = 5 * SCAN_STEPS
#: SQLite: a `contains` matching at most this many rows is read through the trigram index.
RARE_MAX = 5000


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
        contains = [
            (column_get(by_name, f.colonne), f.valeur)
            for f in filtres
            if getattr(f, "operateur", None) == "contains"
        ]
        self.guarded = self.vendor == "sqlite" and bool(contains)
        self.trigrams = trigrams_sql(self.vendor, cle, contains) if self.guarded else None
        self.rare: bool | None = None  # decided by the first query (`_rare`)
        self.indexed = False  # the trigram index answered it
        # Every filter is a `contains` the trigram index serves: a bounded count of a
        # frequent text counts the index's rows (`count_bounded`).
        self.index_counts = (
            self.trigrams is not None
            and len(contains) == len(filtres)
            and self.trigrams[0].count(" GLOB ") == len(contains)
        )
        self.probe: list = []  # its rows: (row id, statistics) — `planning`
        # Equalities and `in` that might be read through their index rather than the sort's
        # (`planning.walk_sort_index`); none when another kind of filter is there.
        self.selective: list[Selective] = []
        others = [f for f in filtres if getattr(f, "operateur", None) not in ("eq", "in")]
        if self.guarded and self.keys[0].col and all(f.operateur == "contains" for f in others):
            for f in filtres:
                if f.operateur == "eq" and f.valeur is not None:
                    self.selective.append(Selective(column_get(by_name, f.colonne).key, 1))
                elif f.operateur == "in":
                    count = len(f.valeur.split(",") if isinstance(f.valeur, str) else f.valeur)
                    self.selective.append(Selective(column_get(by_name, f.colonne).key, count))
        self.walk = False
        self.taille = 50  # of the page asked (`page`), for `planning`
        if self.selective:
            self.where_walk = where_build(self.vendor, by_name, filtres, unindexed=True)[0]

    @property
    def signature(self) -> list:
        return [[key.col.position if key.col else -1, key.desc] for key in self.keys]

    def where_sql(self, extra: list[str] = (), *, walk: bool = False) -> str:
        clauses = [*(self.where_walk if walk else self.where), *extra]
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


def page(plan: Plan, *, curseur: str | None, taille: int, compter: bool, compter_max=None):
    """(rows as dicts, next cursor or None, total or None, total exact?)."""
    if isinstance(taille, bool) or not isinstance(taille, int) or not 1 <= taille <= PAGE_MAX:
        raise ValueError(f"La taille de page va de 1 à {PAGE_MAX}.")
    extra, extra_params, tail = [], [], None
    if curseur:
        condition, extra_params, tail = keyset_sql(plan.keys, plan.cursor_values(curseur))
        extra = [condition]
    plan.taille = taille
    raw_rows = _guarded(plan, _page_builder(plan, extra, extra_params, taille + 1))
    if tail is not None and len(raw_rows) <= taille:
        # Descending order: the NULLs of the first key come after the cursor's value.
        build = _page_builder(plan, [tail], [], taille + 1 - len(raw_rows))
        raw_rows = [*raw_rows, *_guarded(plan, build)]
    width = len(plan.keys)
    names = [col.nom for col in plan.fields]
    lignes = [dict(zip(names, plan.convert(row[width:]), strict=True)) for row in raw_rows[:taille]]
    suivant = None
    if len(raw_rows) > taille:
        last = raw_rows[taille - 1]
        suivant = cursor_encode(cle=plan.cle, signature=plan.signature, values=list(last[:width]))
    total, exact = count_bounded(plan, compter_max) if compter else (None, True)
    return lignes, suivant, total, exact


def _page_builder(plan: Plan, extra: list[str], extra_params: list, limit: int):
    """`build(trigrams, plus, walk)` of `_guarded` for the rows of a page."""
    order = order_sql(plan.vendor, plan.keys)

    def build(trigrams: tuple | None, plus: bool, walk: bool = False) -> tuple[str, list]:
        clauses, params = list(extra), list(extra_params)
        if trigrams:
            clauses.append(trigrams[0])
            params.extend(trigrams[1])
        first = quote(plan.keys[0].ident)
        order_by = order.replace(first, f"+{first}", 1) if plus and plan.keys[0].col else order
        sql = (
            f"SELECT {plan.select_sql(with_keys=True)} FROM {plan.table}"  # noqa: S608
            f"{plan.where_sql(clauses, walk=walk)} ORDER BY {order_by} LIMIT %s"
        )
        return sql, [*plan.params, *params, limit]

    return build


def _rare(plan: Plan, cursor) -> bool:
    """SQLite: do the `contains` texts match at most RARE_MAX rows? Asked once per plan to
    the trigram index (`LIMIT RARE_MAX + 1`); False without it (text under 3 characters,
    GLOB wildcard, SQLite without FTS5). With equalities that may be read otherwise, the
    statistics of the table come with it (`planning`)."""
    if plan.rare is None:
        plan.rare = False
        if plan.trigrams:
            sql, params = plan.trigrams
            if plan.selective:
                stats, stats_params = stats_sql(plan.cle)
                sql = sql.replace("SELECT rowid ", f"SELECT rowid, {stats} ", 1)
                params = [*stats_params, *params]
            try:
                cursor.execute(f"{sql} LIMIT %s", [*params, RARE_MAX + 1])
                plan.probe = cursor.fetchall()
                plan.rare = len(plan.probe) <= RARE_MAX
                plan.indexed = True
            except OperationalError as error:
                if "no such table" not in str(error):
                    raise
            plan.walk = not plan.rare and walk_sort_index(
                cle=plan.cle,
                probe=plan.probe,
                selective=plan.selective,
                taille=plan.taille,
                rare_max=RARE_MAX,
            )
            plan.probe = []
    return plan.rare


def _guarded(plan: Plan, build, *, scan_fallback: bool = True) -> list:
    """The rows of `build(trigrams, plus, walk)`'s query.

    On SQLite, a `contains` filter reads the whole table when its text is rare (a second a
    million rows). A rare text (`_rare`) is read through the trigram index: `id IN (rows
    of the index)`, `+` keeps SQLite from the sort index (a few rows to sort). A frequent
    one finds its rows quickly in the order of the sort index (`walk`: the equalities kept
    from their index when `planning` says so); in case it does not (rare once combined with
    the other filters, or no trigram index), after SCAN_STEPS virtual-machine steps the
    query is interrupted and asked again as a table scan (or an equality's index) then a
    sort. Three queries at most for a page and its count (the question to the index once)."""
    with connection.cursor() as cursor:
        if plan.guarded and _rare(plan, cursor):
            sql, params = plan.trigrams
            cursor.execute(*build((f'"id" IN ({sql})', params), True))
            return cursor.fetchall()
        if not plan.guarded or not scan_fallback:
            cursor.execute(*build(None, False))
            return cursor.fetchall()
        raw = connection.connection
        raw.set_progress_handler(lambda: 1, WALK_STEPS if plan.walk else SCAN_STEPS)
        try:
            cursor.execute(*build(None, False, plan.walk))
            return cursor.fetchall()
        except OperationalError as error:
            if "interrupt" not in str(error):
                raise
        finally:
            raw.set_progress_handler(None, 0)
        cursor.execute(*build(None, True))
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
    return count_bounded(plan, None)[0]


def count_bounded(plan: Plan, limit: int | None) -> tuple[int, bool]:
    """(number of matching rows, exact?). With `limit`, counting stops after `limit` + 1
    rows: (limit, False) means « more than `limit` » (a bounded cost, whatever the table)."""

    def build(trigrams: tuple | None, plus: bool, walk: bool = False) -> tuple[str, list]:
        clauses, params = ([trigrams[0]], list(trigrams[1])) if trigrams else ([], [])
        where = plan.where_sql(clauses)
        if limit is None:
            return f"SELECT COUNT(*) FROM {plan.table}{where}", [*plan.params, *params]  # noqa: S608
        sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {plan.table}{where} LIMIT %s) s"  # noqa: S608
        return sql, [*plan.params, *params, limit + 1]

    number = None
    if limit is not None and plan.index_counts:
        with connection.cursor() as cursor:
            if not _rare(plan, cursor) and plan.indexed:
                # A frequent text: its first `limit` + 1 rows in the trigram index, rather
                # than the table read until as many rows contain it (FTS5 checks the pattern
                # against the text of each row: tests/opendata/test_tabulaire_contient.py).
                sql, params = plan.trigrams
                cursor.execute(
                    f"SELECT COUNT(*) FROM ({sql} LIMIT %s) s",  # noqa: S608
                    [*params, limit + 1],
                )
                number = cursor.fetchone()[0]
    if number is None:
        # A count reads every matching row anyway: no interruption (a bounded count stops
        # early).
        number = _guarded(plan, build, scan_fallback=False)[0][0]
    if limit is not None and number > limit:
        return limit, False
    return number, True
