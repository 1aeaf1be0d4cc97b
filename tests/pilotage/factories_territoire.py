"""A commune with a request and an attributed dossier, and another commune with the same."""

import datetime
from decimal import Decimal

from territoires.aides.models import Dossier
from tests.aides.factories import dossier_ddr, world
from tests.ingenierie.factories import SollicitationFactory, mission_setup


def attribuer(dossier: Dossier, montant: str, le: datetime.date) -> Dossier:
    """Put the dossier in the state a commission decision leaves it (status is protected)."""
    Dossier.objects.filter(pk=dossier.pk).update(
        statut="attribue", montant_attribue=Decimal(montant), decide_le=le
    )
    return Dossier.objects.get(pk=dossier.pk)


def monde_territoire(annee: int = 2025, *, repetitions: int = 1):
    """Two communes of one EPCI-less world, each with requests and attributed dossiers."""
    w = world()
    mission_setup()
    for org in (w.commune, w.commune_b):
        for _ in range(repetitions):
            demande = SollicitationFactory(
                organisation=org,
                deposee_le=datetime.datetime(annee, 3, 1, tzinfo=datetime.UTC),
                sujet=f"Voirie de {org.nom}",
            )
            demande.communes.add(org.commune)
            dossier = dossier_ddr(w, organisation=org, intitule=f"Lavoir de {org.nom}")
            attribuer(dossier, "5000", datetime.date(annee, 6, 1))
    return w
