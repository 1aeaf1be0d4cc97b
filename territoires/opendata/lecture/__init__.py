"""Reading a deposited file (CSV, XLSX, ODS, JSON, GeoJSON): preview, detected types, typed rows.

`file_inspect` reads a bounded start of the file and says what it is (format, encoding,
separator, columns and their detected types, first rows); `rows_read` then streams the typed
rows with the types the producer chose. A file is never read whole: CSV by bounded lines,
workbooks through the ZIP guard (`core/zipguard.py`) and expat, JSON with ijson; at most
`DONNEES_LIGNES_MAX` rows. Type rules: `types.py`.
"""

from collections.abc import Iterator
from itertools import islice
from pathlib import Path, PurePath

from django.conf import settings

from territoires.opendata.tabulaire import Colonne

from . import texte
from .communs import (
    APERCU_LIGNES,
    DETECTION_LIGNES,
    Apercu,
    ColonneDetectee,
    ErreurCellule,
    LectureError,
    entier_lisible,
    noms_de_colonnes,
    texte_brut,
    trop_de_lignes,
)
from .json_geo import json_columns, json_kind, json_objects, json_rows
from .ods import ods_records
from .types import ATTENDU, CONVERTISSEURS, cell_convert, type_detect
from .xlsx import xlsx_records

__all__ = [
    "Apercu",
    "ColonneDetectee",
    "ErreurCellule",
    "LectureError",
    "file_inspect",
    "rows_read",
]

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".ods": "ods",
    ".json": "json",
    ".geojson": "geojson",
}


def _format(path: Path, nom: str) -> str:
    extension = PurePath(nom or path.name).suffix.lower()
    if extension not in FORMATS:
        raise LectureError(
            f"Le format du fichier « {PurePath(nom).name} » n'est pas lu ici : déposez un fichier "
            "CSV, XLSX, ODS, JSON ou GeoJSON."
        )
    format_ = FORMATS[extension]
    if format_ == "json":
        format_ = json_kind(path)
    return format_


def _records(path: Path, format_: str, encodage: str, separateur: str) -> Iterator:
    """(row number, cells) of the tabular formats, header first; (number, dict) for JSON."""
    if format_ == "csv":
        return texte.csv_records(path, encodage, separateur)
    if format_ in ("xlsx", "ods"):
        return xlsx_records(path) if format_ == "xlsx" else ods_records(path)
    if format_ in ("json", "geojson"):
        return json_objects(path, format_)
    raise LectureError(f"Le format « {format_} » n'est pas lu ici.")


def _vide(cellules) -> bool:
    for c in cellules:
        if c is not None and not (type(c) is str and not c.strip()):
            return False
    return True


def _tableau(records: Iterator, format_: str, echantillon: int | None = None):
    """(column names, iterator of (number, list of raw cells)) of any format.

    JSON has no header: the columns are the keys met in the first `echantillon` objects (all
    of them when reading, where the caller gives the names)."""
    if format_ in ("json", "geojson"):
        return json_columns(records, echantillon)
    for _numero, cellules in records:
        if not _vide(cellules):
            return noms_de_colonnes(cellules), records
    raise LectureError("Le fichier est vide : il n'a pas de ligne d'en-tête.")


def file_inspect(*, path: Path, nom: str) -> Apercu:
    """What the file is and what it holds, read on a bounded start; LectureError otherwise."""
    path = Path(path)
    format_ = _format(path, nom)
    encodage = separateur = ""
    if format_ == "csv":
        encodage = texte.csv_encoding(path)
        separateur = texte.csv_separator(path, encodage)
    records = _records(path, format_, encodage, separateur)
    try:
        noms, lignes = _tableau(records, format_, DETECTION_LIGNES)
        echantillon = [
            cellules for _, cellules in islice(lignes, DETECTION_LIGNES) if not _vide(cellules)
        ]
    finally:
        records.close()
    colonnes = [
        ColonneDetectee(nom=n, type=type_detect(n, [_cellule(r, i) for r in echantillon]))
        for i, n in enumerate(noms)
    ]
    apercu = [
        [texte_brut(_cellule(r, i)) for i in range(len(noms))] for r in echantillon[:APERCU_LIGNES]
    ]
    return Apercu(
        format=format_,
        encodage=encodage,
        separateur=separateur,
        colonnes=colonnes,
        lignes=apercu,
    )


def _cellule(cellules: list, rang: int):
    return cellules[rang] if rang < len(cellules) else None


def rows_read(
    *,
    path: Path,
    format: str,  # noqa: A002 (frozen interface)
    encodage: str,
    separateur: str,
    colonnes: list[Colonne],
    erreurs: list[ErreurCellule] | None = None,
    erreurs_max: int = 1000,
) -> Iterator[tuple]:
    """The typed rows, streamed, in the order of `colonnes` (named as `file_inspect` named them).

    A cell that does not fit its column's type gives None and an `ErreurCellule` (up to
    `erreurs_max` of them in `erreurs`); more than DONNEES_LIGNES_MAX rows is a LectureError."""
    path = Path(path)
    records = _records(path, format, encodage, separateur)
    try:
        if format in ("json", "geojson"):
            noms, lignes = [c.nom for c in colonnes], json_rows(records, colonnes)
        else:
            noms, lignes = _tableau(records, format)
        rangs = _rangs(noms, colonnes)
        yield from _rows_typed(lignes, colonnes, rangs, erreurs, erreurs_max)
    finally:
        records.close()


def _rangs(noms: list[str], colonnes: list[Colonne]) -> list[int]:
    index = {nom: rang for rang, nom in enumerate(noms)}
    absentes = [c.nom for c in colonnes if c.nom not in index]
    if absentes:
        raise LectureError(
            "Le fichier n'a pas les colonnes : " + ", ".join(f"« {n} »" for n in absentes) + "."
        )
    return [index[c.nom] for c in colonnes]


def _rows_typed(lignes, colonnes, rangs, erreurs, erreurs_max) -> Iterator[tuple]:
    maximum = settings.DONNEES_LIGNES_MAX
    for c in colonnes:
        if c.type not in CONVERTISSEURS:
            raise LectureError(f"Le type « {c.type} » de la colonne « {c.nom} » est inconnu.")
    plan = [
        (c, c.type, CONVERTISSEURS[c.type], rang) for c, rang in zip(colonnes, rangs, strict=True)
    ]
    compte = 0
    for numero, cellules in lignes:
        if _vide(cellules):
            continue
        compte += 1
        if compte > maximum:
            raise trop_de_lignes()
        largeur = len(cellules)
        valeurs = []
        for colonne, type_, convertir, rang in plan:
            brute = cellules[rang] if rang < largeur else None
            try:
                valeurs.append(cell_convert(type_, brute, convertir))
            except (ValueError, ArithmeticError):
                valeurs.append(None)
                if erreurs is not None and len(erreurs) < erreurs_max:
                    erreurs.append(_erreur(numero, colonne, brute))
        yield tuple(valeurs)


def _erreur(numero: int, colonne: Colonne, brute) -> ErreurCellule:
    valeur = texte_brut(brute).strip()
    court = valeur if len(valeur) <= 60 else valeur[:59] + "…"
    return ErreurCellule(
        ligne=numero,
        colonne=colonne.nom,
        valeur=valeur,
        message=(
            f"ligne {entier_lisible(numero)}, colonne « {colonne.nom} » : « {court} » n'est pas "
            f"{ATTENDU[colonne.type]}"
        ),
    )
