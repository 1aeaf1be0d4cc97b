"""PostgreSQL: the `pg_trgm` extension, for the trigram indexes of « contient » (ADR 0009).

Created when the database allows it (pg_trgm is a trusted extension since PostgreSQL 13: the
owner of the database may create it); otherwise nothing fails: the tables of the versions
then have no trigram index and « contient » reads the table, as before. SQLite: nothing (its
FTS5 trigram tokenizer is built in).
"""

from django.db import DatabaseError, migrations, transaction


def pg_trgm_create(apps, schema_editor):
    # Replayed without a schema editor by the tests' data reload (tests/core/pannes.py).
    if schema_editor is None or schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        pass  # no privilege or no contrib package: « contient » without trigram index


class Migration(migrations.Migration):
    dependencies = [("opendata", "0002_themes")]

    operations = [migrations.RunPython(pg_trgm_create, migrations.RunPython.noop, elidable=False)]
