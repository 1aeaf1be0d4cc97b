"""The request form proposes the commune of the user's organisation first and takes the others
by their names (issue 14: « instead of 43 checkboxes »); never an INSEE code."""

import pytest
from django.urls import reverse

from territoires.ingenierie.models import Domaine, Nature, Sollicitation
from tests.comptes.factories import login
from tests.referentiel.factories import CommuneFactory

from .factories import collectivite

pytestmark = pytest.mark.django_db


def test_the_form_proposes_the_user_s_commune_and_its_neighbours_by_name(client):
    m = collectivite(nom="Lectoure", code="32208")
    CommuneFactory(nom="Saint-Clar", epci=m["epci"])
    CommuneFactory(nom="Ailleurs-sur-Gers")  # another EPCI: not proposed
    login(client, m["maire"])
    page = client.get(reverse("ingenierie:sollicitation_nouvelle")).content.decode()
    assert 'value="Lectoure"' in page  # proposed first, already filled in
    assert "<li>Saint-Clar</li>" in page and "Ailleurs-sur-Gers" not in page
    assert 'type="checkbox" name="communes"' not in page and "32208" not in page

    donnees = {
        "sujet": "Traverse du bourg", "description": "Sécuriser la traverse.",
        "domaine": Domaine.objects.first().pk, "nature": Nature.objects.first().pk,
    }  # fmt: skip
    url = reverse("ingenierie:sollicitation_nouvelle")
    erreur = client.post(url, donnees | {"communes": "Lectoure, Ailleurs-sur-Gers"})
    assert "« Ailleurs-sur-Gers » n&#x27;est pas une commune proposée ici" in (
        erreur.content.decode()
    )
    assert not Sollicitation.objects.exists()
    client.post(url, donnees | {"communes": "lectoure, saint clar"})  # accents, hyphens
    assert sorted(c.nom for c in Sollicitation.objects.get().communes.all()) == [
        "Lectoure", "Saint-Clar",
    ]  # fmt: skip
