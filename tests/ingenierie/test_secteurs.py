"""Sector advisors (issue 14): each intercommunalité has its advisor, named referent on every
new request of its territory and told so; the queue filters « Mes sollicitations »; the public
page reads the texts of the administration, its own wording when they are empty."""

import pytest
from django.urls import reverse

from territoires.comptes.models import Membre
from territoires.core.models import Notification
from territoires.ingenierie.models import (
    ConfigurationIngenierie,
    Domaine,
    Nature,
    Secteur,
    Sollicitation,
)
from territoires.ingenierie.services.depot import sollicitation_create
from tests.comptes.factories import EpciOrganisationFactory, login

from .factories import SollicitationFactory, collectivite, mission_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def m():
    monde = mission_setup() | collectivite()
    Secteur.objects.create(epci=monde["epci"], conseiller=monde["conseiller"])
    return monde


def _deposer(organisation, **kwargs) -> Sollicitation:
    return sollicitation_create(
        organisation=organisation, sujet="Réfection du pont", description="Le pont s'effrite.",
        domaine=Domaine.objects.first(), nature=Nature.objects.first(), **kwargs,
    )  # fmt: skip


def test_the_sector_advisor_is_named_and_told_and_takes_it_in_charge(client, m):
    demande = _deposer(m["organisation"], saisie_par=m["maire"])
    assert demande.statut == Sollicitation.Statut.NOUVELLE
    assert demande.referent == m["conseiller"]
    avis = Notification.objects.get(destinataire=m["conseiller"])
    assert "votre secteur" in avis.titre and avis.lien == demande.get_absolute_url()
    assert not Notification.objects.filter(destinataire=m["conseiller2"]).exists()
    # The chief of the mission is still told of every new request.
    assert Notification.objects.filter(destinataire=m["chef"]).exists()

    login(client, m["conseiller"])
    assert "Prendre en charge la demande" in client.get(demande.get_absolute_url()).content.decode()
    client.post(reverse("ingenierie:sollicitation_prendre_en_charge", args=[demande.pk]))
    demande = Sollicitation.objects.get(pk=demande.pk)
    assert (demande.statut, demande.referent) == (Sollicitation.Statut.EN_COURS, m["conseiller"])


def test_the_intercommunalite_itself_gets_its_sector_advisor(m):
    epci = EpciOrganisationFactory(epci=m["epci"])
    assert _deposer(epci).referent == m["conseiller"]


def test_no_sector_or_an_advisor_who_left_the_mission_names_nobody(m):
    autre = collectivite()
    assert _deposer(autre["organisation"]).referent is None
    Membre.objects.filter(user=m["conseiller"]).delete()
    assert _deposer(m["organisation"]).referent is None
    assert not Notification.objects.filter(destinataire=m["conseiller"]).exists()


def test_my_requests_filter(client, m, django_assert_max_num_queries):
    a_prendre = SollicitationFactory(organisation=m["organisation"], referent=m["conseiller"])
    en_equipe = SollicitationFactory(organisation=m["organisation"], statut="en_cours")
    en_equipe.conseillers.add(m["conseiller"])
    d_un_autre = SollicitationFactory(organisation=m["organisation"], referent=m["conseiller2"])
    login(client, m["conseiller"])
    url = reverse("ingenierie:file")
    assert "Mes sollicitations" in client.get(url).content.decode()

    def numeros(mes: str) -> set:
        page = client.get(url, {"mes": mes}).content.decode()
        return {s.numero for s in (a_prendre, en_equipe, d_un_autre) if s.numero in page}

    assert numeros("a_prendre") == {a_prendre.numero}
    assert numeros("miennes") == {a_prendre.numero, en_equipe.numero}
    assert numeros("") == {a_prendre.numero, en_equipe.numero, d_un_autre.numero}
    page = client.get(url, {"mes": "autre"}).content.decode()
    assert "Sélectionnez un choix valide" in page


def test_the_public_page_reads_the_texts_of_the_administration(client):
    mission_setup()
    url = reverse("ingenierie:presentation")
    page = client.get(url).content.decode()
    # Empty texts: the page's own wording.
    assert "conseillers du Département accompagnent les communes" in page
    assert "Un élu ou un agent de la collectivité se connecte" in page

    ConfigurationIngenierie.objects.update(
        presentation_publique="La mission conseille les communes.\n\nElle est <gratuite>.",
        comment_solliciter="Appelez votre conseiller de secteur.",
    )
    page = client.get(url).content.decode()
    assert "<p>La mission conseille les communes.</p>" in page
    assert "Elle est &lt;gratuite&gt;." in page
    assert "<p>Appelez votre conseiller de secteur.</p>" in page
    assert "conseillers du Département accompagnent les communes" not in page
    assert "Un élu ou un agent de la collectivité se connecte" not in page
