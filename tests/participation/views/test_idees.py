"""Idées: visibility before publication, submission."""

from decimal import Decimal

import pytest
from django.urls import reverse

from territoires.participation.models import Idee
from territoires.participation.services.idees import idee_moderate, idee_submit, profil_save
from tests.comptes.factories import UserFactory, login, member
from tests.referentiel.factories import CommuneFactory

from ..factories import CampagneFactory, enveloppe

pytestmark = pytest.mark.django_db


def test_idee_non_publiee_invisible(client):
    c = CampagneFactory(phase="idees")
    auteur = UserFactory()
    i = idee_submit(
        campagne=c,
        titre="Secret",
        description="d",
        categorie="x",
        cout_estime=Decimal(5),
        auteur=auteur,
    )
    url = reverse("participation:idee", args=[i.pk])
    assert client.get(url).status_code == 404  # anonyme
    login(client, UserFactory())
    assert client.get(url).status_code == 404
    login(client, auteur)
    assert client.get(url).status_code == 200
    # Publiée ou écartée avec son motif : lisible par tous, sans compte.
    idee_moderate(idee=i, actor=None, publier=False, motif="Hors du champ du budget.")
    client.logout()
    assert "Hors du champ du budget." in client.get(url).content.decode()


def test_proposer_une_idee(client):
    c = CampagneFactory(phase="idees")
    env = enveloppe(c, budget=Decimal(1000))
    CommuneFactory(code="32013", nom="Auch")
    user = login(client, UserFactory())
    assert client.get(reverse("participation:proposer", args=[c.slug])).status_code == 302
    profil_save(user=user, date_naissance=c.vote_debut.replace(year=1990), commune=None)
    donnees = {
        "titre": "Verger",
        "description": "Un verger",
        "categorie": "Nature",
        "enveloppe": env.pk,
        "commune": "32013",
        "cout_estime": "800",
    }
    reponse = client.post(reverse("participation:proposer", args=[c.slug]), donnees)
    assert reponse.status_code == 302, reponse.content.decode()[-3000:]
    assert "/idees/" in reponse["Location"], reponse["Location"]
    assert Idee.objects.get().commune.code == "32013"


def _idee(c, titre, statut):
    return Idee.objects.create(
        campagne=c, titre=titre, description="d", categorie="x", cout_estime=Decimal(5),
        nom_auteur="Quelqu'un", statut=statut,
    )  # fmt: skip


def test_actions_de_la_page_d_une_idee_selon_ses_transitions(client):
    c = CampagneFactory(phase="idees")
    deposee = _idee(c, "Déposée", Idee.Statut.DEPOSEE)
    publiee = _idee(c, "Publiée", Idee.Statut.PUBLIEE)
    retenue = _idee(c, "Retenue", Idee.Statut.RETENUE)
    login(client, member("instructeur"))

    def page(idee):
        return client.get(reverse("participation:idee", args=[idee.pk])).content.decode()

    assert "Enregistrer la modération" in page(deposee) and "Analyser l'idée" not in page(deposee)
    assert "Analyser l'idée" in page(publiee) and "Enregistrer la modération" not in page(publiee)
    assert "Analyser l'idée" not in page(retenue)
    assert "Enregistrer la modération" not in page(retenue)
    # The public sees the idée, never the actions.
    client.logout()
    assert "Analyser l'idée" not in page(publiee)


def test_idees_publiques_filtrees(client):
    c = CampagneFactory(phase="analyse")
    _idee(c, "Verger partagé", Idee.Statut.RETENUE)
    _idee(c, "Skate-park", Idee.Statut.NON_RETENUE)
    _idee(c, "Secret", Idee.Statut.DEPOSEE)
    url = reverse("participation:idees", args=[c.slug])

    def titres(**params):
        page = client.get(url, params).content.decode()
        return [t for t in ("Verger partagé", "Skate-park", "Secret") if t in page]

    assert titres() == ["Verger partagé", "Skate-park"]
    assert titres(statut="retenue") == ["Verger partagé"]
    assert titres(q="skate") == ["Skate-park"]
    # A statut that is not public is not a choice: the filter is ignored, nothing leaks.
    assert titres(statut="deposee") == ["Verger partagé", "Skate-park"]
    assert client.get(url, {"tri": "titre"}).status_code == 200
