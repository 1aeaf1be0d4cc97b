"""PostgreSQL: the `pg_trgm` extension, for the trigram indexes of « contient » (ADR 0009).

Created when the database allows it (pg_trgm is a trusted extension since PostgreSQL 13: the
owner of the database may create it); otherwise nothing fails: the tables of the versions
then have no trigram index and « contient » reads the table, as before. SQLite: nothing (its
FTS5 trigram tokenizer is built in).
"""

from django.db import migrations

from territoires.core.trigrammes import avec_pg_trgm


def pg_trgm_create(apps, schema_editor):
    avec_pg_trgm(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("opendata", "0002_themes")]

    operations = [migrations.RunPython(pg_trgm_create, migrations.RunPython.noop, elidable=False)]
