"""Rows of a version in a table of the application's database (docs/adr/0009).

One table per version, `opendata_tab_<cle>`: `id` (position of the row in the file, from 1),
`c<n>` per column in its SQL type and `n<n>` (accent-free lower-case form) per text column.
Rows are loaded in batches (`executemany` on SQLite, `COPY` on PostgreSQL); an index per
filterable column, `(key, id)`, is built after the load, then the table is analysed.

« contient » (docs/adr/0009, « Index trigrammes ») : the text keys are also indexed by
trigrams, so that a rare text is found without reading the whole table — under PostgreSQL a
GIN `gin_trgm_ops` index per text key (when the `pg_trgm` extension is installed, by the
migration `opendata.0003_pg_trgm`; without it, no such index and `LIKE` scans as before),
under SQLite an FTS5 table with the `trigram` tokenizer, `opendata_trg_<cle>`, whose content is the
version's table (external content: the keys are not stored twice).
"""

from collections.abc import Iterable, Iterator, Sequence

from django.db import DatabaseError, connection, transaction

from .columns import StoredColumn, text_key
from .query import TABLE_PREFIX, quote, table_name, trigram_table

BATCH = 5000
FETCH = 2000
#: PostgreSQL: memory of the index builds after the load, for this transaction only (the
#: default 64 MB makes the GIN trigram indexes of a million rows spill to disk).
INDEX_BUILD_MEMORY = "256MB"


def vendor() -> str:
    return connection.vendor


def _column_defs(columns: list[StoredColumn]) -> list[str]:
    # INTEGER PRIMARY KEY is SQLite's rowid itself (no second index); BIGINT elsewhere.
    defs = ['"id" INTEGER PRIMARY KEY' if vendor() == "sqlite" else '"id" BIGINT PRIMARY KEY']
    for col in columns:
        defs.append(f"{quote(col.ident)} {col.sql_type(vendor())}")
        if col.type == "texte":
            defs.append(f"{quote(col.key)} TEXT")
    return defs


def create(cle: str, columns: list[StoredColumn]) -> None:
    table = quote(table_name(cle))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(_column_defs(columns))})")


def drop(cle: str) -> None:
    with connection.cursor() as cursor:
        if vendor() == "sqlite":
            cursor.execute(f"DROP TABLE IF EXISTS {quote(trigram_table(cle))}")
        cursor.execute(f"DROP TABLE IF EXISTS {quote(table_name(cle))}")


def existing() -> list[str]:
    """Storage keys of the tables present in the database."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(name[len(TABLE_PREFIX) :] for name in names if name.startswith(TABLE_PREFIX))


def insert_columns(columns: list[StoredColumn]) -> list[str]:
    """Columns of an inserted row: id, every value, then the keys of the text columns."""
    return ["id", *(col.ident for col in columns), *(c.key for c in columns if c.type == "texte")]


def _row_converter(columns: list[StoredColumn], engine: str):
    """Function turning a file row into the stored row (see `insert_columns`), or ValueError."""
    converters = [col.to_db(engine) for col in columns]
    texts = [col.position for col in columns if col.type == "texte"]
    width = len(columns)

    def convert_row(row_id: int, row: Sequence) -> list:
        if len(row) != width:
            raise ValueError(f"Ligne {row_id} : {len(row)} valeurs pour {width} colonnes.")
        values = [convert(value) for convert, value in zip(converters, row, strict=True)]
        keys = [None if values[i] is None else text_key(values[i]) for i in texts]
        return [row_id, *values, *keys]

    return convert_row


def rows_converted(
    columns, lignes: Iterable[Sequence], *, start: int = 0, engine: str | None = None
) -> Iterator[list]:
    """Rows in their storage form for `engine` (the database's by default), ids from start+1."""
    convert_row = _row_converter(columns, engine or vendor())
    for row_id, row in enumerate(lignes, start=start + 1):
        try:
            yield convert_row(row_id, row)
        except ValueError as error:
            message = str(error)
            if not message.startswith("Ligne "):
                message = f"Ligne {row_id} : {message}"
            raise ValueError(message) from None


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM {table}')  # noqa: S608
        return cursor.fetchone()[0]


def _load_sqlite(table: str, names: list[str], rows: Iterator[list], on_progress) -> int:
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(n) for n in names)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    count = 0
    batch: list[list] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
                if on_progress:
                    on_progress(count)
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _load_postgresql(table: str, names: list[str], rows: Iterator[list], on_progress) -> int:
    sql = f"COPY {table} ({', '.join(quote(n) for n in names)}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
            if on_progress and count % BATCH == 0:
                on_progress(count)
    return count


def _indexes_create(table_bare: str, columns: list[StoredColumn]) -> None:
    table = quote(table_bare)
    nulls = " NULLS FIRST" if vendor() == "postgresql" else ""
    with connection.cursor() as cursor:
        for col in columns:
            # A yes / no column is too coarse for an index to help (and misleads SQLite).
            if not col.sortable or col.type == "booleen":
                continue
            index = quote(f"{table_bare}_{col.key}")
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS {index} ON {table} ({quote(col.key)}{nulls}, "id")'
            )
        # Full statistics (a few seconds a million rows): with sampled ones, SQLite picks the
        # index of a coarse `in` filter, then sorts a quarter of the table.
        cursor.execute(f"ANALYZE {table}")


def _trigrams_available(cursor) -> bool:
    if vendor() == "postgresql":
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None
    return vendor() == "sqlite"


def _trigrams_create(cle: str, columns: list[StoredColumn]) -> None:
    """Trigram index of the text keys (« contient » on a rare text), when the engine has one."""
    keys = [col.key for col in columns if col.type == "texte"]
    if not keys:
        return
    table_bare = table_name(cle)
    with connection.cursor() as cursor:
        if not _trigrams_available(cursor):
            return
        if vendor() == "postgresql":
            for key in keys:
                index = quote(f"{table_bare}_{key}_trgm")
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {index} ON {quote(table_bare)} "
                    f"USING gin ({quote(key)} gin_trgm_ops)"
                )
            return
        fts = quote(trigram_table(cle))
        try:
            with transaction.atomic():
                cursor.execute(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
                    f"{', '.join(quote(key) for key in keys)}, content='{table_bare}', "
                    "content_rowid='id', tokenize='trigram case_sensitive 1', detail='none')"
                )
                cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # noqa: S608
        except DatabaseError:
            pass  # an SQLite without FTS5 or its trigram tokenizer: « contient » scans


def load(
    cle: str,
    columns: list[StoredColumn],
    lignes: Iterable[Sequence],
    on_progress,
    on_indexing=None,
) -> int:
    table_bare = table_name(cle)
    table = quote(table_bare)
    with transaction.atomic():
        create(cle, columns)
        rows = rows_converted(columns, lignes, start=_next_id(table))
        names = insert_columns(columns)
        if vendor() == "postgresql":
            count = _load_postgresql(table, names, rows, on_progress)
        else:
            count = _load_sqlite(table, names, rows, on_progress)
        if on_indexing:
            on_indexing(count)
        if vendor() == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
        _indexes_create(table_bare, columns)
        _trigrams_create(cle, columns)
    if on_progress:
        on_progress(count)
    return count


def diff(cle_avant: str, cle_apres: str, columns: list[StoredColumn]) -> tuple[int, int]:
    """(added, removed) rows between two tables, as multisets, computed by the database.

    A missing table counts as empty (a refused version never had its rows loaded)."""
    before, after = quote(table_name(cle_avant)), quote(table_name(cle_apres))
    present = set(existing())
    if cle_avant not in present or cle_apres not in present:
        return (
            _count(after) if cle_apres in present else 0,
            _count(before) if cle_avant in present else 0,
        )
    cols = ", ".join(quote(col.ident) for col in columns)
    sql = (
        "SELECT COALESCE(SUM(CASE WHEN d > 0 THEN d ELSE 0 END), 0), "  # noqa: S608
        "COALESCE(SUM(CASE WHEN d < 0 THEN -d ELSE 0 END), 0) FROM ("
        f"SELECT SUM(s) AS d FROM (SELECT {cols}, 1 AS s FROM {after} "
        f"UNION ALL SELECT {cols}, -1 AS s FROM {before}) u GROUP BY {cols}) g"
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
            added, removed = cursor.fetchone()
    except DatabaseError:
        # Different columns or types: every row changed.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT COUNT(*) FROM {after}), (SELECT COUNT(*) FROM {before})"  # noqa: S608
            )
            added, removed = cursor.fetchone()
    return int(added), int(removed)


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]
