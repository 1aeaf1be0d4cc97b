"""What the publication tests share: producers, a data officer, French Excel CSV files."""

from django.core.files.uploadedfile import SimpleUploadedFile

from territoires.opendata import services

# A French Excel CSV: Windows-1252, « ; », decimal comma, French dates.
EQUIPEMENTS = (
    "nom;code_postal;surface;latitude;longitude;ouverture\r\n"
    "Stade Gérard;32700;7200,5;43,934;0,622;01/09/1985\r\n"
    "Gymnase;32700;1100;43,931;0,618;15/03/2001\r\n"
    "Piscine d'été;32700;420,25;43,936;0,625;01/07/1972\r\n"
).encode("cp1252")


def csv_file(content: bytes = EQUIPEMENTS, name: str = "equipements.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def rows_csv(rows: list[str], header: str = "nom;valeur") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def columns(version, **types) -> list[dict]:
    return [{"nom": c["nom"], "type": types.get(c["nom"], c["type"])} for c in version.colonnes]


def published_version(membre, content: bytes = EQUIPEMENTS, titre="Équipements", **types):
    """A dataset of the member's organisation with one confirmed version."""
    jeu = services.dataset_create(organisation=membre.organisation, actor=membre.user, titre=titre)
    version = services.resource_add(
        jeu=jeu, actor=membre.user, titre="Liste", fichier=csv_file(content)
    )
    version = services.version_confirm(
        version=version, actor=membre.user, colonnes=columns(version, **types)
    )
    return jeu, version
