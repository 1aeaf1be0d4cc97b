"""The map page: a validated GET form, the map and its table, non-public indicators for the
full view only."""

import re

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


@pytest.mark.parametrize(
    ("depuis", "jusqu_a", "message"),
    [
        ("1850", "2024", "Saisissez une année à partir de 2000."),
        ("2024", "99999", "Saisissez une année jusqu&#x27;à 2100."),
        ("deux mille", "2024", "Saisissez une année en chiffres, par exemple 2024."),
    ],
)
def test_years_out_of_bounds_get_a_french_message(client, depuis, jusqu_a, message):
    for nom in ("pilotage:carte", "pilotage:carte_export"):
        url = reverse(nom, args=["csv"]) if nom.endswith("export") else reverse(nom)
        page = client.get(
            url, {"indicateur": "ingenierie.demandes", "depuis": depuis, "jusqu_a": jusqu_a}
        )
        assert page.status_code in {200, 400}
        assert message in page.content.decode()


def test_only_public_indicators_are_offered_to_the_public_and_members(client):
    from territoires.pilotage.indicateurs import INDICATEURS
    from tests.comptes.factories import MembreFactory, login

    publics = {cle for cle, i in INDICATEURS.items() if i.public}
    assert publics != set(INDICATEURS)  # the test means something
    for user in (None, MembreFactory().user):
        if user is not None:
            login(client, user)
        html = client.get(reverse("pilotage:carte")).content.decode()
        offerts = set(re.findall(r'<option value="([a-z_.]+)"', html)) & set(INDICATEURS)
        assert offerts == publics
