"""Default configuration rows (seeds 000 and 001): domains, natures, partners.

Used by the data migration and by the demo (a flushed test database has lost the migration's
rows). Only plain constants and a function taking the models: safe to import in a migration.
"""

DOMAINES = [
    ("Aménagement et bâtiments", "CAUE"),
    ("Voirie et ouvrages d'art", ""),
    ("Eau et assainissement", ""),
    ("Milieux aquatiques", ""),
    ("Commande publique", ""),
    ("Autre", ""),
]
NATURES = [
    # (name, open to non-members, paid)
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


def create_defaults(*, Domaine, Nature, Partenaire, ConfigurationIngenierie) -> None:
    """Create what is missing; never modify an existing row."""
    for ordre, (nom, partenaire) in enumerate(DOMAINES):
        Domaine.objects.get_or_create(nom=nom, defaults={"ordre": ordre, "partenaire": partenaire})
    for ordre, (nom, ouverte, payante) in enumerate(NATURES):
        Nature.objects.get_or_create(
            nom=nom,
            defaults={"ordre": ordre, "ouverte_aux_non_adherents": ouverte, "payante": payante},
        )
    for nom in PARTENAIRES:
        Partenaire.objects.get_or_create(nom=nom)
    if not ConfigurationIngenierie.objects.exists():
        ConfigurationIngenierie.objects.create()
