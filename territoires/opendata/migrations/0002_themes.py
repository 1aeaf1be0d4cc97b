"""The catalogue's themes (close to data.gouv.fr's and Opendatasoft portals' themes)."""

from django.db import migrations

THEMES = [
    ("administration", "Administration et institutions"),
    ("amenagement", "Aménagement du territoire et urbanisme"),
    ("culture", "Culture, patrimoine et tourisme"),
    ("economie", "Économie et emploi"),
    ("education", "Éducation et jeunesse"),
    ("environnement", "Environnement et énergie"),
    ("finances", "Finances publiques et subventions"),
    ("mobilite", "Mobilité et transports"),
    ("citoyennete", "Participation citoyenne et élections"),
    ("sante", "Santé et social"),
    ("sport", "Sport et loisirs"),
    ("territoire", "Territoires et référentiels"),
]


def load(apps, schema_editor):
    Theme = apps.get_model("opendata", "Theme")
    for slug, libelle in THEMES:
        Theme.objects.update_or_create(slug=slug, defaults={"libelle": libelle})


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
