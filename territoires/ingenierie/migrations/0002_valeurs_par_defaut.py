"""Default domains, natures and partners (seeds 000 and 001); editable afterwards."""

from django.db import migrations

DOMAINES = [
    ("Aménagement et bâtiments", "CAUE"),
    ("Voirie et ouvrages d'art", ""),
    ("Eau et assainissement", ""),
    ("Milieux aquatiques", ""),
    ("Commande publique", ""),
    ("Autre", ""),
]
NATURES = [
    ("Information générale", True, False),
    ("Conseil technique", False, False),
    ("Conseil juridique", False, False),
    ("Conseil administratif", False, False),
    ("Assistance à maîtrise d'ouvrage", False, True),
]
PARTENAIRES = [
    "CAUE (Conseil d'architecture, d'urbanisme et de l'environnement)",
    "Agence technique départementale",
    "Services de l'État (DDT)",
]


def create(apps, schema_editor):
    Domaine = apps.get_model("ingenierie", "Domaine")
    Nature = apps.get_model("ingenierie", "Nature")
    Partenaire = apps.get_model("ingenierie", "Partenaire")
    Configuration = apps.get_model("ingenierie", "Configuration")
    for ordre, (nom, partenaire) in enumerate(DOMAINES):
        Domaine.objects.get_or_create(nom=nom, defaults={"ordre": ordre, "partenaire": partenaire})
    for ordre, (nom, ouverte, payante) in enumerate(NATURES):
        Nature.objects.get_or_create(
            nom=nom,
            defaults={"ordre": ordre, "ouverte_aux_non_adherents": ouverte, "payante": payante},
        )
    for nom in PARTENAIRES:
        Partenaire.objects.get_or_create(nom=nom)
    if not Configuration.objects.exists():
        Configuration.objects.create()


class Migration(migrations.Migration):
    dependencies = [("ingenierie", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
