"""A commune with a request and an attributed dossier, and another commune with the same; the
EPCI's F2D contracts and the agency's work with the commune."""

import datetime
from decimal import Decimal

from territoires.aides.models import ContratF2D, Dossier, OperationContrat, Versement
from territoires.ingenierie.models import (
    Adhesion,
    Devis,
    LigneDevis,
    Prestation,
    PrestationRealisee,
)
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


def dans_un_epci(w):
    """Both communes of the world members of its EPCI (for the EPCI page and the F2D)."""
    for organisation in (w.commune, w.commune_b):
        organisation.commune.epci = w.epci.epci
        organisation.commune.save()
    return w


def contrat_et_agence(w, *, taille: int = 1, annee: int = 2025):
    """The EPCI's F2D contracts (`taille` of them, three operations each, one granted and paid)
    and the agency's work with the commune: `taille` membership years and delivered services."""
    f2d = w.dispositifs["f2d"]
    for n in range(taille):
        contrat = ContratF2D.objects.create(
            dispositif=f2d, organisation=w.epci, annee_debut=2000 + 3 * n,
            annee_fin=2002 + 3 * n, enveloppe=Decimal("600000"),
        )  # fmt: skip
        for k in range(3):
            operation = OperationContrat.objects.create(
                contrat=contrat, intitule=f"Opération {n}-{k}", montant_prevu=Decimal("90000")
            )
        dossier = Dossier.objects.create(
            dispositif=f2d, organisation=w.epci, operation=operation, intitule=operation.intitule,
            cout_ht=Decimal("100000"), montant_demande=Decimal("40000"),
        )  # fmt: skip
        attribuer(dossier, "40000", datetime.date(annee, 4, 1))
        versement = Versement.objects.create(
            dossier=dossier, type="avance", montant_demande=Decimal("10000")
        )
        Versement.objects.filter(pk=versement.pk).update(
            statut="paye", montant_verse=Decimal("10000"), paye_le=datetime.date(annee, 5, 1)
        )
    prestation, _ = Prestation.objects.get_or_create(
        libelle="AMO pré-opérationnelle", defaults={"phase": "pre", "prix_ht": Decimal("550")}
    )
    for n in range(taille):
        Adhesion.objects.create(
            organisation=w.commune, annee=annee - n, montant=Decimal("100"), statut="payee"
        )
        devis = Devis.objects.create(sollicitation=SollicitationFactory(organisation=w.commune))
        ligne = LigneDevis.objects.create(
            devis=devis, prestation=prestation, quantite=2, prix_unitaire_ht=Decimal("550")
        )
        PrestationRealisee.objects.create(
            ligne=ligne, date=datetime.date(annee - n, 6, 1), quantite=1,
            montant_ht=Decimal("550"),
        )  # fmt: skip
    return w
