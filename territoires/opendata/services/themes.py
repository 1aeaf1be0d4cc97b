"""The catalogue's themes: reference data, loaded by migration 0002 and ensured by the demo
(a test database flushed between browser tests loses what migrations wrote)."""

from territoires.opendata.models import Theme

# Close to data.gouv.fr's and Opendatasoft portals' themes; migration 0002 holds the same list.
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


def themes_ensure() -> None:
    """Create the missing themes; an existing theme keeps the label an admin gave it."""
    for slug, libelle in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"libelle": libelle})
