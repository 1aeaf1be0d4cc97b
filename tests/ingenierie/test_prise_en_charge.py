"""Taking a new request in charge (issue 14): the advisor named on it, or any advisor when the
mission's configuration says so, becomes its referent in one click; the queue page says who
triages. The managers still triage everything."""

import pytest
from django.urls import reverse

from territoires.core.models import Evenement, Notification
from territoires.ingenierie.models import ConfigurationIngenierie, Sollicitation
from tests.comptes.factories import login

from .factories import SollicitationFactory, collectivite, mission_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def m():
    monde = mission_setup() | collectivite()
    monde["demande"] = SollicitationFactory(organisation=monde["organisation"], numero="ING-1")
    return monde


def _prendre(client, user, demande):
    login(client, user)
    return client.post(reverse("ingenierie:sollicitation_prendre_en_charge", args=[demande.pk]))


def _statut(demande) -> tuple:
    d = Sollicitation.objects.get(pk=demande.pk)
    return d.statut, d.referent_id


def test_the_advisor_named_on_a_request_takes_it_in_charge(client, m):
    m["demande"].conseillers.add(m["conseiller"])
    page = client.get(m["demande"].get_absolute_url())  # anonymous: not even seen
    assert page.status_code in (302, 404)
    login(client, m["conseiller"])
    assert (
        "Prendre en charge la demande"
        in client.get(m["demande"].get_absolute_url()).content.decode()
    )

    assert _prendre(client, m["conseiller"], m["demande"]).status_code == 302
    assert _statut(m["demande"]) == ("en_cours", m["conseiller"].pk)
    assert Notification.objects.filter(
        destinataire=m["maire"], titre__contains="est prise en charge"
    ).exists()
    assert Evenement.objects.filter(
        object_id=str(m["demande"].pk), action=Evenement.Action.CHANGEMENT_ETAT
    ).exists()


def test_an_advisor_not_named_may_not_unless_the_mission_allows_it(client, m):
    response = _prendre(client, m["conseiller2"], m["demande"])
    assert response.status_code in (403, 404)
    assert _statut(m["demande"]) == ("nouvelle", None)
    assert (
        "Prendre en charge la demande"
        not in client.get(m["demande"].get_absolute_url()).content.decode()
    )

    ConfigurationIngenierie.objects.update(conseillers_prennent_en_charge=True)
    client.logout()
    assert _prendre(client, m["conseiller2"], m["demande"]).status_code == 302
    assert _statut(m["demande"]) == ("en_cours", m["conseiller2"].pk)
    # Taken: a second advisor cannot take it again.
    _prendre(client, m["conseiller"], m["demande"])
    assert _statut(m["demande"]) == ("en_cours", m["conseiller2"].pk)


def test_the_commune_cannot_take_its_own_request(client, m):
    assert _prendre(client, m["maire"], m["demande"]).status_code in (403, 404)
    assert _statut(m["demande"]) == ("nouvelle", None)


def test_the_queue_says_who_triages(client, m):
    login(client, m["conseiller"])
    page = client.get(reverse("ingenierie:file")).content.decode()
    assert "Qui trie : le chef de service de la mission" in page
    assert "où il est nommé" in page and "Vous pouvez trier" not in page
    ConfigurationIngenierie.objects.update(conseillers_prennent_en_charge=True)
    page = client.get(reverse("ingenierie:file")).content.decode()
    assert "Tout conseiller de la mission peut aussi prendre en charge" in page
    login(client, m["chef"])
    assert "Vous pouvez trier" in client.get(reverse("ingenierie:file")).content.decode()
