"""Default domains, natures and partners (seeds 000 and 001); editable afterwards."""

from django.db import migrations

from territoires.ingenierie.defaults import create_defaults


def _configuration(apps):
    """`Configuration` in this migration's state; `ConfigurationIngenierie` since 0006, which is
    what the current registry knows (tests/core/pannes.py replays this code against it)."""
    try:
        return apps.get_model("ingenierie", "Configuration")
    except LookupError:
        return apps.get_model("ingenierie", "ConfigurationIngenierie")


def create(apps, schema_editor):
    create_defaults(
        Domaine=apps.get_model("ingenierie", "Domaine"),
        Nature=apps.get_model("ingenierie", "Nature"),
        Partenaire=apps.get_model("ingenierie", "Partenaire"),
        ConfigurationIngenierie=_configuration(apps),
    )


class Migration(migrations.Migration):
    dependencies = [("ingenierie", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
