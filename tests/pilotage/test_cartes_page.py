"""The map page: a validated GET form, the map and its table, non-public indicators for the
full view only."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_public_map_page_lists_public_indicators_only(client):
    page = client.get(reverse("pilotage:carte"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Demandes d&#x27;ingénierie par commune" in html
    assert "aides.montant_verse" not in html
    assert len(page.content) < 150_000


def test_non_public_indicator_is_refused_to_the_public(client):
    page = client.get(reverse("pilotage:carte"), {"indicateur": "aides.montant_verse"})
    assert page.status_code == 200
    assert "Le formulaire contient" in page.content.decode()


def test_inverted_period_is_refused(client):
    page = client.get(
        reverse("pilotage:carte"),
        {"indicateur": "ingenierie.demandes", "depuis": "2024", "jusqu_a": "2020"},
    )
    assert "L&#x27;année de début doit précéder l&#x27;année de fin." in page.content.decode()
