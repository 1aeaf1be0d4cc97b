"""The catalogue through the API: what is published, and nothing else."""

import pytest
from django.urls import reverse

from territoires.opendata.models import Compteur

from .factories import catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde():
    return catalogue()


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [j["slug"] for j in response.json()["resultats"]]


def test_only_published_datasets_are_listed(client, monde):
    response = client.get("/api/donnees/jeux?tri=titre")
    assert _slugs(response) == ["equipements", "eau"]  # « Équipements » sorts as « equipements »
    assert response.json()["total"] == 2
    jeu = response.json()["resultats"][0]
    assert jeu["producteur"] == {"id": monde["mairie"].pk, "nom": "Mairie de Lectoure"}
    assert jeu["licence"]["code"] == "lo-2.0" and jeu["licence"]["url"].startswith("https://")
    assert jeu["themes"] == ["sport"] and jeu["mots_cles"] == ["sport", "gymnase"]
    assert jeu["url"] == "/donnees/jeux/equipements/"


def test_search_and_filters(client, monde):
    assert _slugs(client.get("/api/donnees/jeux?q=equipements")) == ["equipements"]
    assert _slugs(client.get("/api/donnees/jeux?q=EAU")) == ["eau"]
    producteur = monde["syndicat"].pk
    assert _slugs(client.get(f"/api/donnees/jeux?producteur={producteur}")) == ["eau"]
    assert _slugs(client.get("/api/donnees/jeux?theme=sport")) == ["equipements"]
    assert _slugs(client.get("/api/donnees/jeux?format=csv")) == ["equipements"]
    # Privé (draft) is never found, even by its own words.
    assert _slugs(client.get("/api/donnees/jeux?q=prives")) == []


def test_territory_filter(client, monde):
    from tests.referentiel.factories import CommuneFactory

    lectoure = CommuneFactory(code="32208", nom="Lectoure")
    monde["eau"].communes.add(lectoure)
    assert _slugs(client.get("/api/donnees/jeux?territoire=32208")) == ["eau"]


def test_pagination_is_bounded(client, monde):
    response = client.get("/api/donnees/jeux?taille=1&page=2&tri=titre")
    assert _slugs(response) == ["eau"]
    assert response.json() | {"resultats": None} == {
        "total": 2, "page": 2, "taille": 1, "resultats": None
    }  # fmt: skip
    assert client.get("/api/donnees/jeux?taille=1000").status_code == 422


def test_dataset_and_its_resources(client, monde):
    response = client.get(reverse("api:jeu", kwargs={"slug": "equipements"}))
    assert response.status_code == 200
    (ressource,) = response.json()["ressources"]
    assert ressource["id"] == monde["ressource"].pk
    assert ressource["nb_lignes"] == 30
    assert {"nom": "montant", "type": "decimal"} in ressource["colonnes"]
    assert ressource["lignes_url"] == f"/api/donnees/ressources/{ressource['id']}/lignes"
    assert [t["format"] for t in ressource["telechargements"]] == ["csv", "xlsx", "json"]
    assert client.get(ressource["telechargements"][0]["url"]).status_code == 200
    listed = client.get("/api/donnees/jeux/equipements/ressources").json()
    assert listed == [ressource]
    assert client.get(f"/api/donnees/ressources/{ressource['id']}").json() == ressource


@pytest.mark.parametrize("slug", ["brouillon", "attente", "inconnu"])
def test_unpublished_dataset_is_404_even_for_its_producer(client, monde, slug):
    from tests.comptes.factories import MembreFactory, login

    login(client, MembreFactory(organisation=monde["mairie"]).user)
    for url in (f"/api/donnees/jeux/{slug}", f"/api/donnees/jeux/{slug}/ressources"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["erreur"]["code"] == "introuvable"
    cachee = monde["ressource_cachee"].pk
    assert client.get(f"/api/donnees/ressources/{cachee}").status_code == 404
    assert client.get(f"/api/donnees/ressources/{cachee}/lignes").status_code == 404


def test_producers(client, monde):
    response = client.get("/api/donnees/organisations")
    assert [(o["nom"], o["jeux_publies"]) for o in response.json()["resultats"]] == [
        ("Mairie de Lectoure", 1),
        ("Syndicat des eaux", 1),
    ]


def test_reads_of_a_dataset_count_as_api_calls(client, monde):
    client.get("/api/donnees/jeux/equipements")
    client.get("/api/donnees/jeux/equipements/ressources")
    client.get(f"/api/donnees/ressources/{monde['ressource'].pk}/lignes")
    client.get("/api/donnees/jeux")  # the list counts for no dataset
    compteur = Compteur.objects.get(jeu=monde["equipements"])
    assert (compteur.appels_api, compteur.telechargements) == (3, 0)
    assert not Compteur.objects.filter(jeu=monde["eau"]).exists()


def test_the_list_has_a_constant_number_of_queries(client, monde, django_assert_max_num_queries):
    from tests.opendata.factories import JeuPublieFactory

    with django_assert_max_num_queries(8):
        assert client.get("/api/donnees/jeux").status_code == 200
    for _ in range(15):
        JeuPublieFactory(themes=["sport", "culture"])
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/donnees/jeux").json()["resultats"]) == 17
