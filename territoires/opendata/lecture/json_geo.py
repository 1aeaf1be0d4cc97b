"""JSON (an array of objects) and GeoJSON (a FeatureCollection), streamed with ijson.

Each object is a row, its keys are the columns (the keys met in the sample, in order); a
feature's `properties` are its columns and its `geometry` the column « geometrie » (a property of
that name is shadowed). Values come out as raw texts like a CSV's (numbers « 12.5 », booleans
« vrai » / « faux », nested values as JSON text); a geometry stays a dict.

ijson builds one object at a time: memory is bounded by the largest object, itself bounded by
the size of the deposited file (IMPORT_TAILLE_MAX, and DOCUMENT_MAX_SIZE before it).
"""

import codecs
import json
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path

import ijson
from django.conf import settings

from territoires.opendata.tabulaire import Colonne

from .communs import CELLULE_MAX, LectureError, cellule_trop_longue, trop_de_colonnes
from .texte import size_check

GEOMETRIE = "geometrie"
ERREURS_JSON = (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError, ValueError)


def _ouvrir(path: Path):
    size_check(path)
    fichier = open(path, "rb")  # noqa: SIM115 (closed by the caller)
    if fichier.read(3) != codecs.BOM_UTF8:
        fichier.seek(0)
    return fichier


def json_kind(path: Path) -> str:
    """« json » for an array of objects, « geojson » for a FeatureCollection."""
    with _ouvrir(path) as fichier:
        try:
            for prefixe, evenement, valeur in ijson.parse(fichier):
                if prefixe == "" and evenement == "start_array":
                    return "json"
                if prefixe == "" and evenement == "map_key" and valeur in ("type", "features"):
                    return "geojson"
                if prefixe == "" and evenement not in ("start_map", "map_key"):
                    break
        except ERREURS_JSON as exc:
            raise LectureError(
                "Le fichier n'est pas un JSON lisible (il doit être en UTF-8)."
            ) from exc
    raise LectureError(
        "Le fichier JSON doit être un tableau d'objets ([{…}, {…}]) ou une FeatureCollection "
        "GeoJSON."
    )


def _brut(valeur, numero: int):
    if valeur is None or isinstance(valeur, str):
        texte = valeur
    elif isinstance(valeur, bool):
        texte = "vrai" if valeur else "faux"
    elif isinstance(valeur, int | float):
        texte = repr(valeur)
    else:
        texte = json.dumps(valeur, ensure_ascii=False)
    if texte is not None and len(texte) > CELLULE_MAX:
        raise cellule_trop_longue(numero)
    return texte


def _objet(element, numero: int, format_: str) -> dict:
    if not isinstance(element, dict):
        raise LectureError(f"L'élément n° {numero} du fichier n'est pas un objet JSON.")
    if format_ == "geojson":
        proprietes = element.get("properties") or {}
        if not isinstance(proprietes, dict):
            raise LectureError(f"L'objet n° {numero} a des propriétés illisibles.")
        geometrie = element.get("geometry")
        element = {**proprietes, GEOMETRIE: geometrie if isinstance(geometrie, dict) else None}
    if len(element) > settings.IMPORT_COLONNES_MAX:
        raise trop_de_colonnes(numero)
    return {
        str(cle): (v if cle == GEOMETRIE and format_ == "geojson" else _brut(v, numero))
        for cle, v in element.items()
    }


def json_objects(path: Path, format_: str) -> Iterator[tuple[int, dict]]:
    """(number, raw values by key) of each object or feature, streamed."""
    prefixe = "features.item" if format_ == "geojson" else "item"
    with _ouvrir(path) as fichier:
        numero = 0
        try:
            for element in ijson.items(fichier, prefixe, use_float=True):
                numero += 1
                yield numero, _objet(element, numero, format_)
        except LectureError:
            raise
        except ERREURS_JSON as exc:
            raise LectureError(
                f"Le fichier n'est pas un {'GeoJSON' if format_ == 'geojson' else 'JSON'} "
                f"lisible après l'objet n° {numero} (il doit être en UTF-8)."
            ) from exc


def json_columns(objets: Iterator[tuple[int, dict]], echantillon: int | None):
    """(column names met in the sample, iterator of (number, cells in that order))."""
    lus = list(islice(objets, echantillon or 1000))
    if not lus:
        raise LectureError("Le fichier ne contient aucun objet.")
    noms: dict[str, None] = {}
    for _, objet in lus:
        noms.update(dict.fromkeys(objet))
        if len(noms) > settings.IMPORT_COLONNES_MAX:
            raise trop_de_colonnes(1)
    if GEOMETRIE in noms:  # last, after the properties
        noms[GEOMETRIE] = noms.pop(GEOMETRIE)
    ordre = list(noms)
    lignes = ((n, [o.get(c) for c in ordre]) for n, o in chain(lus, objets))
    return ordre, lignes


def json_rows(objets: Iterator[tuple[int, dict]], colonnes: list[Colonne]):
    noms = [c.nom for c in colonnes]
    return ((n, [o.get(c) for c in noms]) for n, o in objets)
