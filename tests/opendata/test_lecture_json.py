"""Reading deposited JSON (an array of objects) and GeoJSON (properties as columns, plus
the geometry), streamed; unreadable ones refused with a French message."""

import json
from decimal import Decimal

import pytest

from territoires.opendata import lecture
from territoires.opendata.lecture import LectureError

from .test_lecture import _ecrire, _lire, _types


def test_json_tableau_d_objets(tmp_path):
    objets = [
        {"commune": "Agde", "population": 29000, "surface": 50.81, "littoral": True},
        {"commune": "Sète", "population": 44270, "surface": None, "littoral": False, "x": [1]},
    ]
    chemin = _ecrire(tmp_path, "communes.json", json.dumps(objets).encode())

    apercu = lecture.file_inspect(path=chemin, nom="communes.json")

    assert apercu.format == "json"
    assert _types(apercu) == {
        "commune": "texte",
        "population": "entier",
        "surface": "decimal",
        "littoral": "booleen",
        "x": "texte",
    }
    assert _lire(chemin, apercu) == [
        ("Agde", 29000, Decimal("50.81"), True, None),
        ("Sète", 44270, None, False, "[1]"),
    ]


def test_geojson_proprietes_et_geometrie(tmp_path):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"nom": "Borne 1", "puissance": "22,5", "mise_en_service": None},
                "geometry": {"type": "Point", "coordinates": [3.8767, 43.6108]},
            },
            {
                "type": "Feature",
                "properties": {"nom": "Borne 2", "puissance": "7", "mise_en_service": "2024-05-02"},
                "geometry": {"type": "Point", "coordinates": [3.5, 43.4]},
            },
        ],
    }
    # A GeoJSON saved as .json is recognised by its content.
    chemin = _ecrire(tmp_path, "bornes.json", json.dumps(collection).encode())

    apercu = lecture.file_inspect(path=chemin, nom="bornes.json")

    assert apercu.format == "geojson"
    assert _types(apercu) == {
        "nom": "texte",
        "puissance": "decimal",
        "mise_en_service": "date",
        "geometrie": "geometrie",
    }
    lignes = _lire(chemin, apercu)
    assert lignes[0] == (
        "Borne 1",
        Decimal("22.5"),
        None,
        {"type": "Point", "coordinates": [3.8767, 43.6108]},
    )


def test_json_illisible(tmp_path):
    chemin = _ecrire(tmp_path, "a.json", b'[{"a": 1}, {"a": ')
    with pytest.raises(LectureError, match="n'est pas un JSON lisible après l'objet n° 1"):
        lecture.file_inspect(path=chemin, nom="a.json")


def test_json_qui_n_est_pas_un_tableau(tmp_path):
    chemin = _ecrire(tmp_path, "a.json", b'"texte"')
    with pytest.raises(LectureError, match="tableau d'objets"):
        lecture.file_inspect(path=chemin, nom="a.json")
