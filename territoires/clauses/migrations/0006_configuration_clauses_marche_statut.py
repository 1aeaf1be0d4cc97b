# Names of the Lisibilité issue: ConfigurationClauses (one name per module's settings) and
# `statut` for the marché's state field (still labelled « étape » on screen). No data moves.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("clauses", "0005_import_echoue"),
    ]

    operations = [
        migrations.RenameModel(old_name="Configuration", new_name="ConfigurationClauses"),
        migrations.RenameField(model_name="marche", old_name="etape", new_name="statut"),
    ]
