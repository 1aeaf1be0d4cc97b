"""Downloads of a resource in CSV, XLSX, JSON and GeoJSON, whole or filtered like the
preview, streamed, formulas neutralised, counted, earlier versions included."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from territoires.opendata.models import Compteur, JeuDeDonnees
from tests.comptes.factories import MembreFactory, login
from tests.core.formules import CHARGES, verifier_csv, verifier_xlsx

from .factories import JeuPublieFactory, ressource_create, version_add

pytestmark = pytest.mark.django_db

COLONNES = [
    ("nom", "texte"),
    ("places", "entier"),
    ("tarif", "decimal"),
    ("ouverture", "date"),
    ("latitude", "latitude"),
    ("longitude", "longitude"),
]


def _lignes(n: int) -> list[list]:
    return [
        [
            CHARGES[i % len(CHARGES)] if i < len(CHARGES) else f"Piscine {i:03d}",
            10 * i,
            Decimal(f"{i}.50"),
            datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
            Decimal("43.60") + Decimal(i) / 1000,
            Decimal("0.50") + Decimal(i) / 1000,
        ]
        for i in range(n)
    ]


@pytest.fixture
def ressource():
    jeu = JeuPublieFactory(titre="Piscines", slug="piscines")
    return ressource_create(
        jeu=jeu, titre="Liste des piscines", colonnes=COLONNES, lignes=_lignes(30)
    )


def _url(ressource, format: str) -> str:
    return reverse("opendata:telecharger", args=[ressource.jeu.slug, ressource.pk, format])


def _contenu(response) -> bytes:
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content)


FILTRE = {"c1_min": "100", "c1_max": "150", "tri": "-places"}  # rows 10 to 15, descending


def test_csv_whole_and_filtered_formulas_neutralised(client, ressource):
    response = client.get(_url(ressource, "csv"))
    assert response["Content-Disposition"] == (
        'attachment; filename="piscines-liste-des-piscines.csv"'
    )
    lignes = verifier_csv(_contenu(response).decode("utf-8-sig"), attendus=CHARGES)
    assert lignes[0] == [c for c, _ in COLONNES]
    assert len(lignes) == 31
    assert lignes[1][0] == "'" + CHARGES[0]
    filtrees = verifier_csv(
        _contenu(client.get(_url(ressource, "csv"), FILTRE)).decode("utf-8-sig"), attendus=[]
    )
    assert [ligne[1] for ligne in filtrees[1:]] == ["150", "140", "130", "120", "110", "100"]
    assert Decimal(filtrees[1][2]) == Decimal("15.5")  # « 15.50 » on PostgreSQL
    assert filtrees[1][3] == "2020-01-16"


def test_xlsx_filtered_typed_and_neutralised(client, ressource):
    classeur = verifier_xlsx(_contenu(client.get(_url(ressource, "xlsx"))), attendus=CHARGES)
    feuille = classeur.worksheets[0]
    assert feuille.max_row == 31 and feuille["A2"].value in (CHARGES[0], "'" + CHARGES[0])
    filtre = {"c0": "piscine", "c2_max": "12"}
    contenu = _contenu(client.get(_url(ressource, "xlsx"), filtre))
    feuille = load_workbook(io.BytesIO(contenu)).worksheets[0]
    rows = list(feuille.iter_rows(values_only=True))
    assert rows[0] == tuple(c for c, _ in COLONNES)
    assert [r[0] for r in rows[1:]] == [
        "Piscine 007",
        "Piscine 008",
        "Piscine 009",
        "Piscine 010",
        "Piscine 011",
    ]
    assert rows[1][1] == 70 and rows[1][2] == 7.5
    assert rows[1][3].date() == datetime.date(2020, 1, 8)


def test_json_filtered_keeps_types(client, ressource):
    response = client.get(_url(ressource, "json"), FILTRE)
    assert response["Content-Type"].startswith("application/json")
    objets = json.loads(_contenu(response))
    assert [o["places"] for o in objets] == [150, 140, 130, 120, 110, 100]
    assert objets[0] == {
        "nom": "Piscine 015",
        "places": 150,
        "tarif": 15.5,
        "ouverture": "2020-01-16",
        "latitude": 43.615,
        "longitude": 0.515,
    }
    # JSON is data: the text comes as it was published.
    assert json.loads(_contenu(client.get(_url(ressource, "json"))))[0]["nom"] == CHARGES[0]


def test_geojson_points_from_the_latitude_and_longitude_columns(client, ressource):
    response = client.get(_url(ressource, "geojson"), {"c0": "piscine 02"})
    assert response["Content-Type"].startswith("application/geo+json")
    collection = json.loads(_contenu(response))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 10
    premier = collection["features"][0]
    assert premier["geometry"] == {"type": "Point", "coordinates": [0.52, 43.62]}
    assert premier["properties"]["nom"] == "Piscine 020"
    # A resource without positions has no GeoJSON.
    autre = ressource_create(jeu=ressource.jeu, colonnes=[("nom", "texte")], lignes=[["a"]])
    assert client.get(_url(autre, "geojson")).status_code == 404


def test_geometry_columns_go_to_geojson_and_to_text_in_spreadsheets(client):
    jeu = JeuPublieFactory(slug="pistes")
    ligne = {"type": "LineString", "coordinates": [[0.6, 43.9], [0.7, 43.95]]}
    ressource = ressource_create(
        jeu=jeu, colonnes=[("nom", "texte"), ("trace", "geometrie")], lignes=[["Voie", ligne]]
    )
    (feature,) = json.loads(_contenu(client.get(_url(ressource, "geojson"))))["features"]
    assert feature == {"type": "Feature", "geometry": ligne, "properties": {"nom": "Voie"}}
    csv = _contenu(client.get(_url(ressource, "csv"))).decode("utf-8-sig")
    assert '"{""type"": ""LineString""' in csv


def test_each_download_counts_for_the_day(client, ressource):
    for format in ("csv", "xlsx", "json", "geojson"):
        _contenu(client.get(_url(ressource, format)))
    _contenu(client.get(_url(ressource, "csv"), FILTRE))
    compteur = Compteur.objects.get(jeu=ressource.jeu)
    assert compteur.telechargements == 5
    assert compteur.jour == timezone.localdate()
    # Refused downloads count nothing.
    assert client.get(_url(ressource, "pdf")).status_code == 404
    assert client.get(_url(ressource, "csv"), {"c1_min": "beaucoup"}).status_code == 400
    compteur.refresh_from_db()
    assert compteur.telechargements == 5


def test_earlier_versions_stay_downloadable(client, ressource):
    version_add(ressource=ressource, lignes=_lignes(3))
    assert len(json.loads(_contenu(client.get(_url(ressource, "json"))))) == 3
    response = client.get(_url(ressource, "json"), {"version": 1})
    assert "version-1.json" in response["Content-Disposition"]
    assert len(json.loads(_contenu(response))) == 30
    assert client.get(_url(ressource, "json"), {"version": 9}).status_code == 404
    assert client.get(_url(ressource, "json"), {"version": "x"}).status_code == 404


def test_an_unpublished_dataset_is_not_downloadable_but_by_its_producer(client, ressource):
    JeuDeDonnees.objects.filter(pk=ressource.jeu.pk).update(statut=JeuDeDonnees.Statut.BROUILLON)
    assert client.get(_url(ressource, "csv")).status_code == 404
    login(client, MembreFactory(organisation=ressource.jeu.organisation).user)
    assert client.get(_url(ressource, "csv")).status_code == 200
    # A resource of another dataset under this slug: 404.
    autre = ressource_create(jeu=JeuPublieFactory(), colonnes=[("nom", "texte")], lignes=[["a"]])
    url = reverse("opendata:telecharger", args=[ressource.jeu.slug, autre.pk, "csv"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("format", ["csv", "xlsx", "json", "geojson"])
def test_the_query_count_of_a_download_does_not_grow_with_the_rows(client, format):
    petit = ressource_create(jeu=JeuPublieFactory(), colonnes=COLONNES, lignes=_lignes(3))
    grand = ressource_create(jeu=JeuPublieFactory(), colonnes=COLONNES, lignes=_lignes(3000))
    with CaptureQueriesContext(connection) as peu:
        _contenu(client.get(_url(petit, format), {"c2_min": "1"}))
    with CaptureQueriesContext(connection) as beaucoup:
        _contenu(client.get(_url(grand, format), {"c2_min": "1"}))
    assert len(beaucoup) <= len(peu) + 2
