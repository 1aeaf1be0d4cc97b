"""XLSX workbooks: the first sheet, streamed by the shared reader (`core/tableurs/xlsx.py`).

Cells come out as raw texts like a CSV's: shared and inline strings, numbers (« 12.5 »,
« 3 » for an integral value), booleans (« vrai » / « faux »), and dates — a number whose style
is a date format — as « AAAA-MM-JJ », so that type detection reads every format alike.
"""

import datetime
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from territoires.core import zipguard
from territoires.core.tableurs import xlsx

from .archive import archive_open
from .communs import (
    LectureError,
    cellule_trop_longue,
    entier_lisible,
    trop_de_colonnes,
    trop_de_lignes,
)


def _texte(valeur) -> str | None:
    """A cell's value as the raw text the type detection reads."""
    if valeur is None or type(valeur) is str:
        return valeur
    if type(valeur) is bool:
        return "vrai" if valeur else "faux"
    if type(valeur) is int:
        return str(valeur) if abs(valeur) < 1e15 else repr(float(valeur))
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    return repr(valeur)


# The shared reader's refusals, worded for a producer depositing a resource.
_MESSAGES = {
    xlsx.TropDeLignes: lambda exc: trop_de_lignes(),
    xlsx.TropDeColonnes: lambda exc: trop_de_colonnes(exc.numero),
    xlsx.CelluleTropLongue: lambda exc: cellule_trop_longue(exc.numero),
    xlsx.TexteTropLong: lambda exc: cellule_trop_longue(0),
    xlsx.NumeroIllisible: lambda exc: LectureError(
        f"Le classeur a un numéro de ligne illisible : {exc.texte}."
    ),
    xlsx.CelluleIllisible: lambda exc: LectureError(
        f"Le classeur a, ligne {entier_lisible(exc.numero)}, une cellule illisible : "
        f"« {exc.texte} »."
    ),
    xlsx.TropDeTextes: lambda exc: LectureError(
        f"Le classeur contient plus de {entier_lisible(exc.maximum)} textes différents."
    ),
    xlsx.TextesTropGros: lambda exc: LectureError(
        "La table des textes du classeur dépasse "
        f"{zipguard.taille_lisible(exc.maximum)} une fois décompressée."
    ),
}


def _erreur(exc: xlsx.ErreurClasseur) -> LectureError:
    """DTD, no sheet: the shared reader's own sentence."""
    message = _MESSAGES.get(type(exc))
    return message(exc) if message else LectureError(str(exc))


def xlsx_records(path: Path) -> Iterator[tuple[int, list]]:
    """(row number, raw cells) of each row of the first sheet, streamed."""
    with archive_open(path, "XLSX") as archive:
        try:
            chemin, en_1904 = xlsx.premiere_feuille(archive)
            partages = xlsx.textes_partages(
                archive,
                maximum=settings.DONNEES_LIGNES_MAX,
                taille_max=settings.IMPORT_TEXTES_MAX,
            )
            rows = xlsx.lignes(
                archive,
                chemin,
                partages=partages,
                lignes_max=settings.DONNEES_LIGNES_MAX + 1,  # the header is a row
                colonnes_max=settings.IMPORT_COLONNES_MAX,
                styles=xlsx.styles_date(archive),
                en_1904=en_1904,
            )
            for numero, cellules in rows:
                yield numero, [_texte(v) for v in cellules]
        except xlsx.ErreurClasseur as exc:
            raise _erreur(exc) from exc
