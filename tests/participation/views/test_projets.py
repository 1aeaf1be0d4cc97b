"""The public list of the projets put to the vote."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.referentiel.factories import CommuneFactory

from ..factories import CampagneFactory, enveloppe, projet

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [3, 30])
def test_liste_des_projets_requetes_constantes(client, django_assert_max_num_queries, n):
    c = CampagneFactory(phase="vote")
    env = enveloppe(c, budget=Decimal(10**6))
    commune = CommuneFactory(code="32013", nom="Auch")
    for i in range(n):
        projet(env, f"{i:03d}", 100, categorie="Sport" if i % 2 else "Nature", commune=commune)
    url = reverse("participation:projets", args=[c.slug])
    with django_assert_max_num_queries(12):
        reponse = client.get(
            url, {"categorie": "Sport", "commune": "auch", "enveloppe": env.pk, "q": ""}
        )
    assert reponse.status_code == 200
    # La commune se cherche par son nom ; une carte par projet.
    assert reponse.content.decode().count('<li class="projet-carte">') == n // 2
