"""The agency on a territory page (pilotage): memberships by year, services delivered; the
public reads the paid memberships only, without amounts; three queries whatever the data."""

import datetime
from decimal import Decimal

import pytest

from territoires.ingenierie.agence.selectors import agence_pour_territoire
from territoires.ingenierie.models import Adhesion, Devis, LigneDevis, PrestationRealisee
from tests.comptes.factories import OrganisationFactory
from tests.ingenierie.factories import SollicitationFactory, collectivite

pytestmark = pytest.mark.django_db


@pytest.fixture
def territoire(agence, mission, commune):
    organisation = commune["organisation"]
    Adhesion.objects.create(organisation=organisation, annee=2024, montant=100, statut="payee")
    Adhesion.objects.create(organisation=organisation, annee=2025, montant=100)  # called
    devis = Devis.objects.create(sollicitation=SollicitationFactory(organisation=organisation))
    ligne = LigneDevis.objects.create(
        devis=devis, prestation=agence, quantite=3, prix_unitaire_ht=Decimal("550")
    )
    for jour in (1, 2):
        PrestationRealisee.objects.create(
            ligne=ligne, date=datetime.date(2025, 5, jour), quantite=1, montant_ht=Decimal("550")
        )
    autre = collectivite()["organisation"]  # another commune: never on this territory
    Adhesion.objects.create(organisation=autre, annee=2024, montant=400, statut="payee")
    return commune


def test_full_reading(territoire, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        agence = agence_pour_territoire([territoire["commune"].code])
    nom = territoire["organisation"].nom
    assert [(a["annee"], a["statut"], a["montant"]) for a in agence["adhesions"]] == [
        (2025, "appelee", Decimal("100")),
        (2024, "payee", Decimal("100")),
    ]
    assert agence["prestations"] == [
        {"organisation": nom, "annee": 2025, "nombre": 2, "montant_ht": Decimal("1100")}
    ]


def test_public_reading_paid_memberships_without_amounts(territoire):
    agence = agence_pour_territoire([territoire["commune"].code], organisation_ids=set())
    assert [(a["annee"], a["statut_libelle"], a["montant"]) for a in agence["adhesions"]] == [
        (2024, "Adhérente", None)
    ]
    assert agence["prestations"] == []
    own = agence_pour_territoire(
        [territoire["commune"].code], organisation_ids={territoire["organisation"].pk}
    )
    assert len(own["adhesions"]) == 2 and own["prestations"][0]["nombre"] == 2


def test_the_epci_of_the_page_counts_as_the_territory(territoire):
    epci = OrganisationFactory(
        type="epci", nom=territoire["epci"].nom, commune=None, epci=territoire["epci"]
    )
    Adhesion.objects.create(organisation=epci, annee=2023, montant=900, statut="payee")
    codes = [territoire["commune"].code]
    assert len(agence_pour_territoire(codes)["adhesions"]) == 2
    agence = agence_pour_territoire(codes, epci_siren=territoire["epci"].siren)
    assert [a["annee"] for a in agence["adhesions"]] == [2025, 2024, 2023]
