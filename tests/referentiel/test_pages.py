"""Public pages: commune, EPCI, search and autocomplete."""

import datetime as dt

import pytest
from django.core.management import call_command

from territoires.referentiel.models import Commune

from .factories import CommuneFactory, DepartementFactory, EpciFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gers():
    call_command("referentiel_import", departements=["32"], verbosity=0)


def test_gers_pages_and_search_on_the_shipped_data(client, gers):
    # Accent- and case-insensitive search of communes and EPCI.
    page = client.get("/territoires/recherche/", {"q": "lectoure"}).content.decode()
    assert '<a href="/territoires/communes/32208/">Lectoure</a>' in page
    for query in ("Ténarèze", "tenareze", "TENAREZE", "communauté de communes de la ténarèze"):
        page = client.get("/territoires/recherche/", {"q": query}).content.decode()
        assert "CC de la Tenarèze" in page, query
    assert "1 résultat pour" in page
    # By postal code and by INSEE code.
    assert "Lectoure" in client.get("/territoires/recherche/", {"q": "32700"}).content.decode()
    assert "Lectoure" in client.get("/territoires/recherche/", {"q": "32208"}).content.decode()

    # The commune page: identity, EPCI, its neighbours in the EPCI and their map.
    page = client.get("/territoires/communes/32208/").content.decode()
    assert "<h1>Lectoure</h1>" in page
    assert "213202088" in page and "32700" in page
    assert "Population municipale</dt><dd>3\u00a0670 habitants" in page
    assert '<a href="/territoires/epci/243200391/">CC de la Lomagne Gersoise</a>' in page
    assert '<a href="/territoires/communes/32132/">Fleurance</a>' in page
    assert "42 autres communes" in page
    assert "Lectoure</a> <strong>(cette commune)</strong>" in page

    # The EPCI page: type and financing mode in words, members in a table.
    page = client.get("/territoires/epci/243200417/").content.decode()
    assert "Communauté de communes" in page
    assert "Fiscalité professionnelle unique" in page
    assert '<a href="/territoires/communes/32107/">Condom</a>' in page


def test_unknown_codes_answer_404(client):
    assert client.get("/territoires/communes/00000/").status_code == 404
    assert client.get("/territoires/epci/000000000/").status_code == 404


def test_obsolete_commune_shows_a_clear_notice(client):
    commune = CommuneFactory(
        code="32999", nom="Ancienne", obsolete=True, date_obsolete=dt.date(2025, 1, 1)
    )
    page = client.get(commune.get_absolute_url()).content.decode()
    assert "Commune obsolète depuis le 1er janvier 2025" in page
    # An obsolete commune is not a search result.
    assert (
        "Aucun résultat"
        in client.get("/territoires/recherche/", {"q": "ancienne"}).content.decode()
    )


def test_search_without_query_shows_the_form_and_pagination_keeps_the_query(client):
    page = client.get("/territoires/recherche/").content.decode()
    assert 'name="q"' in page and "résultat" not in page
    epci = EpciFactory()
    CommuneFactory.create_batch(25, nom="Saint-Martin", epci=epci)
    page = client.get("/territoires/recherche/", {"q": "saint martin"}).content.decode()
    assert "25 résultats pour « saint martin » — page 1 sur 2" in page
    assert "q=saint+martin&amp;page=2" in page
    page2 = client.get("/territoires/recherche/", {"q": "saint martin", "page": 2}).content.decode()
    assert page2.count("Saint-Martin</a>") == 5


def test_autocomplete_returns_at_most_20_current_communes(client):
    CommuneFactory.create_batch(25, nom="Montesquiou")
    CommuneFactory(nom="Montesquiou-Ancien", obsolete=True)
    data = client.get("/territoires/recherche/communes.json", {"q": "montesq"}).json()
    assert len(data["results"]) == 20
    assert {r["label"] for r in data["results"]} == {"Montesquiou (32)"}
    assert client.get("/territoires/recherche/communes.json", {"q": ""}).json()["results"] == []


@pytest.mark.parametrize("size", [2, 60])
def test_epci_page_queries_do_not_grow_with_members(client, django_assert_max_num_queries, size):
    epci = EpciFactory()
    CommuneFactory.create_batch(size, epci=epci)
    # The EPCI page is the pilotage's territory page: it also reads each module (fixed count).
    with django_assert_max_num_queries(18):
        response = client.get(epci.get_absolute_url())
    assert response.content.decode().count("(sans contour)") == size


@pytest.mark.parametrize("size", [2, 60])
def test_search_and_commune_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries, size
):
    departements = [DepartementFactory(code="32"), DepartementFactory(code="40", nom="Landes")]
    epcis = EpciFactory.create_batch(3, nom="CC Bourg", departements=departements)
    communes = CommuneFactory.create_batch(size, nom="Bourg", epci=epcis[0])
    with django_assert_max_num_queries(8):
        response = client.get("/territoires/recherche/", {"q": "bourg"})
    assert f"{size + 3} résultats" in response.content.decode()
    # The territory page reads each module (F2D, agency, comparison…); its exact, constant
    # count per view is tested in tests/pilotage/test_territoire_requetes.py.
    with django_assert_max_num_queries(24):
        assert client.get(communes[0].get_absolute_url()).status_code == 200
    assert Commune.objects.count() == size


def test_search_pages_run_from_the_epci_into_the_communes(client):
    EpciFactory.create_batch(3, nom="CC du Pays de Nérac")
    CommuneFactory.create_batch(25, nom="Nérac")
    page1 = client.get("/territoires/recherche/", {"q": "nerac"}).content.decode()
    page2 = client.get("/territoires/recherche/", {"q": "nerac", "page": 2}).content.decode()
    assert "28 résultats" in page1
    assert page1.count("CC du Pays de Nérac</a>") == 3
    assert page1.count("Nérac</a>") == 3 + 17
    assert page2.count("Nérac</a>") == 8
    assert "CC du Pays" not in page2
