"""Default domains, natures and partners (seeds 000 and 001); editable afterwards."""

from django.db import migrations

from territoires.ingenierie.defaults import create_defaults


def create(apps, schema_editor):
    create_defaults(
        Domaine=apps.get_model("ingenierie", "Domaine"),
        Nature=apps.get_model("ingenierie", "Nature"),
        Partenaire=apps.get_model("ingenierie", "Partenaire"),
        ConfigurationIngenierie=apps.get_model("ingenierie", "Configuration"),
    )


class Migration(migrations.Migration):
    dependencies = [("ingenierie", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
