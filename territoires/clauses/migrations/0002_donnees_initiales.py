"""The eligibility criteria referential and the instance configuration row."""

from django.db import migrations

CRITERES = [
    ("DELD", "Demandeurs d'emploi de longue durée", False),
    ("SENIOR", "Seniors (plus de 50 ans)", False),
    ("QPV", "Habitants d'un quartier prioritaire de la ville", False),
    ("MINIMA", "Bénéficiaires de minima sociaux", False),
    ("JEUNE", "Jeunes de moins de 26 ans", False),
    ("TH", "Travailleurs handicapés", True),
    ("PASS_IAE", "Titulaires d'un pass IAE", False),
    ("AUTRE", "Autre public validé par la facilitatrice", False),
]


def _configuration(apps):
    # Renamed ConfigurationClauses by 0006; tests/core/pannes.py replays this function on the
    # current models (a transactional test starts on empty tables).
    try:
        return apps.get_model("clauses", "Configuration")
    except LookupError:
        return apps.get_model("clauses", "ConfigurationClauses")


def creer(apps, schema_editor):
    Critere = apps.get_model("clauses", "Critere")
    Configuration = _configuration(apps)
    for ordre, (code, libelle, sante) in enumerate(CRITERES, start=1):
        Critere.objects.get_or_create(
            code=code, defaults={"libelle": libelle, "ordre": ordre, "donnee_sante": sante}
        )
    if not Configuration.objects.exists():
        Configuration.objects.create()


class Migration(migrations.Migration):
    dependencies = [("clauses", "0001_initial")]
    operations = [migrations.RunPython(creer, migrations.RunPython.noop)]
