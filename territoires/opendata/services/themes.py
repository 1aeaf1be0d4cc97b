"""The catalogue's themes: reference data, loaded by migration 0002 and ensured by the demo
(a test database flushed between browser tests loses what migrations wrote)."""

from territoires.opendata.models import Theme

# Close to data.gouv.fr's and Opendatasoft portals' themes, each with its theme of the EU
# « data-theme » vocabulary (DCAT); migrations 0002 and 0003 hold the same list.
THEMES = [
    ("administration", "Administration et institutions", "GOVE"),
    ("amenagement", "Aménagement du territoire et urbanisme", "REGI"),
    ("culture", "Culture, patrimoine et tourisme", "EDUC"),
    ("economie", "Économie et emploi", "ECON"),
    ("education", "Éducation et jeunesse", "EDUC"),
    ("environnement", "Environnement et énergie", "ENVI"),
    ("finances", "Finances publiques et subventions", "ECON"),
    ("mobilite", "Mobilité et transports", "TRAN"),
    ("citoyennete", "Participation citoyenne et élections", "GOVE"),
    ("sante", "Santé et social", "HEAL"),
    ("sport", "Sport et loisirs", "EDUC"),
    ("territoire", "Territoires et référentiels", "REGI"),
]


def themes_ensure() -> None:
    """Create the missing themes; an existing theme keeps the label an admin gave it."""
    for slug, libelle, theme_ue in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"libelle": libelle, "theme_ue": theme_ue})
