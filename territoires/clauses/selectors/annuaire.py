"""The public directory of insertion structures and companies (seed 003: « guides,
annuaires »): the companies that agreed to appear, for buyers looking for whom to work with."""

from django.db.models import QuerySet

from ..models import Entreprise

#: The insertion employers (SIAE, GEIQ, EA), as one choice of the directory's filter.
INSERTION = "insertion"


def annuaire_entreprises() -> QuerySet[Entreprise]:
    """Companies published in the directory, by name (commune and département joined)."""
    return (
        Entreprise.objects.filter(dans_annuaire=True)
        .select_related("commune", "commune__departement")
        .order_by("nom", "pk")
    )


def annuaire_communes() -> QuerySet:
    """The communes where a published company is located (the filter's choices)."""
    from territoires.referentiel.models import Commune

    return (
        Commune.objects.filter(
            pk__in=Entreprise.objects.filter(dans_annuaire=True).values("commune")
        )
        .select_related("departement")
        .order_by("nom")
    )


def annuaire_lignes(entreprises: QuerySet[Entreprise]):
    """The rows of the directory's export (what the page shows, nothing more)."""
    for e in entreprises.iterator(chunk_size=2000):
        yield [
            e.nom,
            e.siret,
            e.get_type_employeur_display(),
            e.activites,
            e.commune.nom if e.commune else "",
            e.commune.code if e.commune else "",
        ]


ENTETES = ["Structure", "SIRET", "Type", "Activités", "Commune", "Code INSEE de la commune"]
