"""The rows of a tabular resource: filters, sort, cursor, fields, total, errors."""

import pytest

from territoires.opendata.models import Compteur

from .factories import catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde():
    return catalogue(n_lignes=30)


def _get(client, monde, query: str = "", status: int = 200):
    response = client.get(f"/api/donnees/ressources/{monde['ressource'].pk}/lignes?{query}")
    assert response.status_code == status, response.content
    return response.json()


def test_filters_by_column(client, monde):
    page = _get(client, monde, "montant__gte=1000&commune__contains=aude&taille=100")
    assert page["total"] == 6  # i = 12, 15, …, 27 (montant ≥ 1000, i % 3 == 0)
    assert {ligne["commune"] for ligne in page["lignes"]} == {"Aude-sur-Gers"}
    assert all(float(ligne["montant"]) >= 1000 for ligne in page["lignes"])
    assert _get(client, monde, "statut__in=a,b")["total"] == 20
    assert _get(client, monde, "nom=Équipement 0007")["lignes"][0]["annee"] == 2022
    assert _get(client, monde, "annee__lt=2021&montant__lte=500")["total"] == 2  # 0 and 5


def test_sort_fields_and_cursor_walk_every_row_once(client, monde):
    vus = []
    query = "tri=-montant,nom&champs=nom,montant&taille=7"
    page = _get(client, monde, query)
    assert page["total"] == 30
    assert set(page["lignes"][0]) == {"nom", "montant"}
    assert page["lignes"][0]["nom"] == "Équipement 0029"
    while True:
        vus += [ligne["nom"] for ligne in page["lignes"]]
        if not page["suivant"]:
            break
        response = client.get(page["suivant_url"])
        assert response.status_code == 200
        page = response.json()
        assert page["total"] is None  # known from the first page, not counted again
    assert vus == [f"Équipement {i:04d}" for i in range(29, -1, -1)]


@pytest.mark.parametrize(
    ("query", "mot"),
    [
        ("inconnue=1", "inconnue"),
        ("montant__gte=beaucoup", "montant"),
        ("tri=-inconnue", "inconnue"),
        ("champs=nom,inconnue", "inconnue"),
        ("curseur=nimporte-quoi", "curseur"),
    ],
)
def test_bad_requests_answer_400_in_french(client, monde, query, mot):
    erreur = _get(client, monde, query, status=400)["erreur"]
    assert erreur["code"] == "requete_invalide"
    assert mot in erreur["message"].lower()


def test_size_is_bounded(client, monde, settings):
    erreur = _get(client, monde, "taille=100000", status=422)["erreur"]
    assert erreur["details"] == [
        {"champ": "taille", "message": f"Valeur trop grande : au plus {1000}."}
    ]


def test_each_call_counts_for_the_dataset(client, monde):
    for _ in range(3):
        _get(client, monde, "taille=1")
    assert Compteur.objects.get(jeu=monde["equipements"]).appels_api == 3


def test_constant_number_of_queries(client, django_assert_max_num_queries):
    petit = catalogue(n_lignes=5)
    with django_assert_max_num_queries(8):
        _get(client, petit, "montant__gte=100&tri=-montant&taille=5")
    from tests.opendata.factories import ressource_create

    from .factories import COLONNES, lignes

    grand = {
        "ressource": ressource_create(jeu=petit["eau"], colonnes=COLONNES, lignes=lignes(3000))
    }
    with django_assert_max_num_queries(8):
        page = _get(client, grand, "montant__gte=100&tri=-montant&taille=1000")
    assert page["total"] == 2999 and len(page["lignes"]) == 1000


def test_the_total_stops_at_its_ceiling_and_says_so(client, monde, settings):
    # Without filter: the version's row count, exact and not counted.
    assert (_get(client, monde)["total"], _get(client, monde)["total_exact"]) == (30, True)
    settings.OPENDATA_TOTAL_MAX = 10
    page = _get(client, monde, "montant__gte=0")
    assert (page["total"], page["total_exact"]) == (10, False)  # « plus de 10 »
    page = _get(client, monde, "statut__in=a,b")
    assert (page["total"], page["total_exact"]) == (10, False)
    settings.OPENDATA_TOTAL_MAX = 20
    page = _get(client, monde, "statut__in=a,b")
    assert (page["total"], page["total_exact"]) == (20, True)
