"""PostgreSQL trigram indexes for the searches of the lists, shared by the migrations.

Django writes `icontains` as `UPPER(col::text) LIKE UPPER('%…%')`: the indexes are on that
very expression, so the planner uses them. They are created when `pg_trgm` can be (a trusted
extension since PostgreSQL 13, see opendata 0003); otherwise nothing fails and the search reads
the table as before. SQLite: nothing (its LIKE scans; fast enough at these scales).
"""

from django.db import DatabaseError, migrations, transaction


def index_trigrammes(table: str, index: dict[str, str]) -> migrations.RunPython:
    """The migration operation creating (and dropping) `index` {name: column} on `table`."""

    def creer(apps, schema_editor):
        # Replayed without a schema editor by the tests' data reload (tests/core/pannes.py).
        if schema_editor is None or schema_editor.connection.vendor != "postgresql":
            return
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                for nom, colonne in index.items():
                    schema_editor.execute(
                        f'CREATE INDEX IF NOT EXISTS "{nom}" ON "{table}" '
                        f'USING gin ((UPPER("{colonne}"::text)) gin_trgm_ops)'
                    )
        except DatabaseError:
            pass  # no pg_trgm here: the search reads the table

    def supprimer(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for nom in index:
                schema_editor.execute(f'DROP INDEX IF EXISTS "{nom}"')

    return migrations.RunPython(creer, supprimer, elidable=False)
