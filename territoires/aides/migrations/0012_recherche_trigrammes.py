"""PostgreSQL: trigram indexes for the search of the dossiers' lists (« numéro, intitulé »).

Django writes `icontains` as `UPPER(col::text) LIKE UPPER('%…%')`: the indexes are on that
very expression, so the planner uses them (a search read every dossier: 560 ms at 500,000).
Created when `pg_trgm` can be (see opendata 0003); otherwise nothing fails and the search
reads the table as before. SQLite: nothing (its LIKE scans; fast enough at this scale).
"""

from django.db import DatabaseError, migrations, transaction

INDEX = {
    "aides_dossier_intitule_trgm": "intitule",
    "aides_dossier_numero_trgm": "numero",
}


def trigrammes_create(apps, schema_editor):
    if schema_editor is None or schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for nom, colonne in INDEX.items():
                schema_editor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{nom}" ON "aides_dossier" '
                    f'USING gin ((UPPER("{colonne}"::text)) gin_trgm_ops)'
                )
    except DatabaseError:
        pass  # no pg_trgm here: the search reads the table


def trigrammes_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for nom in INDEX:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{nom}"')


class Migration(migrations.Migration):
    dependencies = [("aides", "0011_annulation_subvention")]

    operations = [migrations.RunPython(trigrammes_create, trigrammes_drop, elidable=False)]
