"""The heads of service and the direction get their modules' figures on their home page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from territoires.comptes.models import Role
from tests.comptes.factories import login, member
from tests.ingenierie.factories import SollicitationFactory, collectivite, mission_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def demandes_de_l_annee():
    mission_setup()
    org = collectivite()["organisation"]
    annee = timezone.localdate().year
    for jour in (1, 2):
        s = SollicitationFactory(
            organisation=org, deposee_le=datetime.datetime(annee, 1, jour, tzinfo=datetime.UTC)
        )
        s.communes.set([org.commune])
    return annee


def test_the_direction_reads_every_module(client, demandes_de_l_annee):
    login(client, member(Role.DIRECTION))
    html = client.get(reverse("ui:home")).content.decode()
    assert "apparaîtront ici" not in html
    assert f"Tableaux de bord en {demandes_de_l_annee}" in html
    assert f"2 demandes d&#x27;ingénierie en {demandes_de_l_annee}" in html
    assert f"subventions accordées en {demandes_de_l_annee}" in html
    assert "votants au budget participatif" in html


def test_the_head_of_service_reads_the_service_modules_only(client, demandes_de_l_annee):
    login(client, member(Role.CHEF_SERVICE))
    html = client.get(reverse("ui:home")).content.decode()
    assert "Les indicateurs du service apparaîtront ici" not in html
    assert f"Activité du service en {demandes_de_l_annee}" in html
    assert "votants au budget participatif" not in html  # not a service module
