"""PostgreSQL trigram indexes for the searches of the lists, shared by the migrations.

Django writes `icontains` as `UPPER(col::text) LIKE UPPER('%…%')`: the indexes are on that
very expression, so the planner uses them. They are created when `pg_trgm` can be (a trusted
extension since PostgreSQL 13, see opendata 0003); otherwise nothing fails and the search reads
the table as before. SQLite: nothing (its LIKE scans; fast enough at these scales).
"""

from django.db import DatabaseError, migrations, transaction


def avec_pg_trgm(schema_editor, *instructions: str) -> None:
    """Create `pg_trgm`, then run `instructions`, all or nothing; on PostgreSQL only, and
    without failing where the extension cannot be created (no privilege, no contrib package)."""
    # Replayed without a schema editor by the tests' data reload (tests/core/pannes.py).
    if schema_editor is None or schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for instruction in instructions:
                schema_editor.execute(instruction)
    except DatabaseError:
        pass  # no pg_trgm here: the searches read their tables


def index_trigrammes(table: str, index: dict[str, str]) -> migrations.RunPython:
    """The migration operation creating (and dropping) `index` {name: column} on `table`."""

    def creer(apps, schema_editor):
        avec_pg_trgm(
            schema_editor,
            *(
                f'CREATE INDEX IF NOT EXISTS "{nom}" ON "{table}" '
                f'USING gin ((UPPER("{colonne}"::text)) gin_trgm_ops)'
                for nom, colonne in index.items()
            ),
        )

    def supprimer(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for nom in index:
                schema_editor.execute(f'DROP INDEX IF EXISTS "{nom}"')

    return migrations.RunPython(creer, supprimer, elidable=False)
