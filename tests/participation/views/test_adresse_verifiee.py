"""Proposer une idée exige un compte dont l'adresse électronique est vérifiée."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from territoires.participation.services.idees import idee_submit, profil_save
from tests.comptes.factories import UserFactory, login

from ..factories import CampagneFactory, enveloppe

pytestmark = pytest.mark.django_db


def test_adresse_non_verifiee_proposition_refusee_avec_lien_de_renvoi(client):
    c = CampagneFactory(phase="idees")
    enveloppe(c, budget=Decimal(1000))
    login(client, UserFactory(email_verifie_le=None))
    reponse = client.get(reverse("participation:proposer", args=[c.slug]))
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "Vérifiez votre adresse électronique" in page
    assert 'action="/comptes/adresse/nouveau-lien/"' in page
    assert f'value="/budget-participatif/{c.slug}/proposer/"' in page


def test_le_service_refuse_aussi(client):
    c = CampagneFactory(phase="idees")
    with pytest.raises(ValidationError, match="Vérifiez d'abord votre adresse"):
        idee_submit(
            campagne=c, titre="t", description="d", categorie="c", cout_estime=Decimal(1),
            auteur=UserFactory(email_verifie_le=None),
        )  # fmt: skip


def test_l_agent_saisit_une_idee_papier_sans_condition(client):
    c = CampagneFactory(phase="idees")
    idee = idee_submit(
        campagne=c, titre="t", description="d", categorie="c", cout_estime=Decimal(1),
        saisie_par=UserFactory(), nom_auteur="Mme Martin",
    )  # fmt: skip
    assert idee.nom_auteur == "Mme Martin"


def test_la_carte_de_choix_de_la_commune_est_dans_le_formulaire(client):
    from tests.referentiel.factories import CommuneFactory

    c = CampagneFactory(phase="idees")
    CommuneFactory(code="32013", nom="Auch")
    user = login(client, UserFactory())
    profil_save(user=user, date_naissance=c.vote_debut.replace(year=1990), commune=None)
    page = client.get(reverse("participation:proposer", args=[c.slug])).content.decode()
    assert 'data-choix-commune="id_commune"' in page
    assert "carte-choix-donnees" in page


def test_point_de_la_carte_garde_avec_l_idee(client):
    from territoires.participation.models import Idee
    from tests.referentiel.factories import CommuneFactory

    c = CampagneFactory(phase="idees")
    env = enveloppe(c, budget=Decimal(1000))
    CommuneFactory(code="32013", nom="Auch")
    user = login(client, UserFactory())
    profil_save(user=user, date_naissance=c.vote_debut.replace(year=1990), commune=None)
    donnees = {"titre": "Verger", "description": "Un verger", "categorie": "Nature",
               "enveloppe": env.pk, "commune": "32013", "cout_estime": "800",
               "latitude": "43.64600", "longitude": "0.58600"}  # fmt: skip
    reponse = client.post(reverse("participation:proposer", args=[c.slug]), donnees)
    assert reponse.status_code == 302
    idee = Idee.objects.get()
    assert (idee.latitude, idee.longitude) == (Decimal("43.64600"), Decimal("0.58600"))
    page = client.get(reverse("participation:idee", args=[idee.pk])).content.decode()
    assert "latitude 43,64600, longitude 0,58600" in page
    # Une coordonnée seule ne situe rien.
    idee_submit(
        campagne=c, titre="t", description="d", categorie="c", cout_estime=Decimal(1),
        auteur=user, latitude=Decimal("43.6"),
    )  # fmt: skip
    assert Idee.objects.get(titre="t").latitude is None
