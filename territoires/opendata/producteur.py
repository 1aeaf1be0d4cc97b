"""Reads of the producer's space (« Mes jeux de données ») and of the moderation queue.

The public catalogue's reads are in `selectors.py`; these are the producer's and the data
officer's, with a number of queries that does not grow with the rows.
"""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from territoires.comptes.rules import active_memberships

from .models import JeuDeDonnees, Ressource, VersionRessource

COMPTEURS_JOURS = 30


def datasets_for_producer(*, user) -> QuerySet[JeuDeDonnees]:
    """The datasets of the user's organisations, with their counts of the last 30 days."""
    organisations = [m.organisation_id for m in active_memberships(user)]
    depuis = timezone.localdate() - datetime.timedelta(days=COMPTEURS_JOURS - 1)
    recent = Q(compteurs__jour__gte=depuis)
    return (
        JeuDeDonnees.objects.filter(organisation_id__in=organisations)
        .select_related("organisation")
        .annotate(
            telechargements_30j=Sum("compteurs__telechargements", filter=recent, default=0),
            appels_api_30j=Sum("compteurs__appels_api", filter=recent, default=0),
        )
        .order_by("organisation__nom", "titre")
    )


def resources_of(*, jeu: JeuDeDonnees) -> list[Ressource]:
    return list(
        jeu.ressources.select_related("version_courante").annotate(nb_versions=Count("versions"))
    )


def versions_of(*, ressource: Ressource) -> QuerySet[VersionRessource]:
    return ressource.versions.select_related("deposee_par", "document").order_by("-numero")


def datasets_to_moderate() -> QuerySet[JeuDeDonnees]:
    return (
        JeuDeDonnees.objects.filter(statut=JeuDeDonnees.Statut.EN_MODERATION)
        .select_related("organisation")
        .order_by("modifie_le")
    )


def datasets_published_for_moderation() -> QuerySet[JeuDeDonnees]:
    return (
        JeuDeDonnees.objects.filter(statut=JeuDeDonnees.Statut.PUBLIE)
        .select_related("organisation")
        .prefetch_related(Prefetch("ressources", queryset=Ressource.objects.only("pk", "jeu")))
        .order_by("-publie_le")
    )


def version_preview(*, version: VersionRessource):
    """The first rows of a version's file, read again (bounded) for the preview; None if
    the file is gone or unreadable."""
    from . import lecture
    from .services.fichiers import document_path

    if version.document is None:
        return None
    try:
        with document_path(version.document) as path:
            return lecture.file_inspect(path=path, nom=version.document.nom_original)
    except (lecture.LectureError, FileNotFoundError, OSError):
        return None


ENCODAGES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (avec BOM)", "cp1252": "Windows-1252"}
SEPARATEURS = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}


def file_description(*, version: VersionRessource) -> str:
    """« CSV, encodage Windows-1252, séparateur point-virgule, 3 colonnes »."""
    parts = [version.get_format_display()]
    if version.encodage:
        encodage = ENCODAGES.get(version.encodage.lower(), version.encodage)
        parts.append(f"encodage {encodage}")
    if version.separateur:
        separateur = SEPARATEURS.get(version.separateur, f"« {version.separateur} »")
        parts.append(f"séparateur {separateur}")
    n = len(version.colonnes)
    parts.append(f"{n} colonne{'s' if n > 1 else ''}")
    return ", ".join(parts)


def columns_display(*, version: VersionRessource) -> list[dict]:
    return [
        {"nom": c["nom"], "libelle": VersionRessource.TYPES_COLONNE.get(c["type"], c["type"])}
        for c in version.colonnes
    ]


def version_summary(*, version: VersionRessource) -> str:
    if version.statut != VersionRessource.Statut.PRETE:
        return ""
    return (
        f"{version.nb_lignes} lignes, {version.lignes_ajoutees or 0} ajoutées et "
        f"{version.lignes_retirees or 0} retirées par rapport à la version précédente."
    )
