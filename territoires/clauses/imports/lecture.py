"""Reading the workbook's rows: what XLSX and CSV share, and the CSV files.

A workbook or a CSV may be hostile (README « Fichiers hostiles »). It is read as a stream and
bounded before rows pile up: the ZIP guard for the archive (core/zipguard.py), then
IMPORT_TAILLE_MAX bytes, IMPORT_LIGNES_MAX rows (and row numbers), IMPORT_COLONNES_MAX columns,
IMPORT_TEXTES_MAX of shared strings, and Excel's own 32,767 characters per cell.
"""

import csv
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import PurePath

from django.conf import settings

from territoires.core import zipguard
from territoires.core.documents import text_encoding

from .colonnes import COLONNES_HEURES, COLONNES_HEURES_FACULTATIVES, COLONNES_MARCHES
from .donnees import FichierIllisible

CHUNK = 64 * 1024
CELLULE_MAX = 32767  # characters in one cell: Excel's own limit


def entier_lisible(nombre: int) -> str:
    return f"{nombre:,}".replace(",", "\u202f")


class Ligne(Mapping):
    """One row, read-only, column name → value. The column index is shared by every row of a
    sheet: a dict per row would cost four times the memory of the values themselves."""

    __slots__ = ("_index", "_valeurs")

    def __init__(self, index: dict[str, int], valeurs: tuple):
        self._index = index
        self._valeurs = valeurs

    def __getitem__(self, nom: str):
        return self._valeurs[self._index[nom]]

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"Ligne({dict(self)!r})"


def _entetes(valeurs: Iterable, feuille: str, attendues: list[str]) -> list[str]:
    entetes = [str(v).strip().lower() if v is not None else "" for v in valeurs]
    manquantes = [c for c in attendues if c not in entetes]
    if manquantes:
        raise FichierIllisible(
            f"La feuille « {feuille} » n'a pas les colonnes : {', '.join(manquantes)}."
        )
    return entetes


def trop_de_lignes(feuille: str) -> FichierIllisible:
    return FichierIllisible(
        f"La feuille « {feuille} » dépasse {entier_lisible(settings.IMPORT_LIGNES_MAX)} lignes, la "
        "limite d'un import : découpez le fichier en plusieurs."
    )


def trop_de_colonnes(feuille: str, numero: int) -> FichierIllisible:
    return FichierIllisible(
        f"La feuille « {feuille} » a, ligne {entier_lisible(numero)}, des cellules au-delà de "
        f"{entier_lisible(settings.IMPORT_COLONNES_MAX)} colonnes, la limite d'un import."
    )


def cellule_trop_longue(feuille: str, numero: int) -> FichierIllisible:
    return FichierIllisible(
        f"La feuille « {feuille} » a, ligne {entier_lisible(numero)}, une cellule de plus de "
        f"{entier_lisible(CELLULE_MAX)} caractères."
    )


def lignes_non_vides(
    rows: Iterable[tuple[int, tuple]],
    feuille: str,
    attendues: list[str],
    facultatives: list[str] = (),
) -> list[tuple[int, Ligne]]:
    """The non-empty rows (number, values of the columns read), stopped past the row limit."""
    iterator = iter(rows)
    try:
        return _lignes_lues(iterator, feuille, attendues, facultatives)
    finally:
        # A refused sheet stops its reader now, while its file is still open.
        getattr(iterator, "close", lambda: None)()


def _lignes_lues(iterator, feuille, attendues, facultatives) -> list[tuple[int, Ligne]]:
    try:
        _, premiere = next(iterator)
    except StopIteration:
        raise FichierIllisible(f"La feuille « {feuille} » est vide.") from None
    entetes = _entetes(premiere, feuille, attendues)
    lues = set(attendues) | set(facultatives)
    colonnes = [i for i, nom in enumerate(entetes) if nom in lues]
    index = {entetes[i]: rang for rang, i in enumerate(colonnes)}
    maximum = settings.IMPORT_LIGNES_MAX + 1  # the header is row 1
    textes: dict[str, str] = {}  # one object per distinct text: files repeat them a lot
    lignes = []
    for numero, row in iterator:
        if numero > maximum:
            raise trop_de_lignes(feuille)
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        valeurs = tuple(
            (textes.setdefault(v, v) if type(v) is str else v)
            for v in (row[i] if i < len(row) else None for i in colonnes)
        )
        lignes.append((numero, Ligne(index, valeurs)))
    return lignes


def size_check(fichier) -> None:
    if isinstance(fichier, str | PurePath):
        taille = os.stat(fichier).st_size
    else:
        position = fichier.tell()
        taille = fichier.seek(0, io.SEEK_END)
        fichier.seek(position)
    if taille > settings.IMPORT_TAILLE_MAX:
        raise FichierIllisible(
            f"Le fichier dépasse {zipguard.taille_lisible(settings.IMPORT_TAILLE_MAX)}, la taille "
            "maximale d'un import : découpez-le en plusieurs."
        )


def _lignes_bornees(texte, feuille: str):
    """Physical lines of a text stream, each one bounded (a file without newline is not one
    huge line)."""
    limite = settings.IMPORT_COLONNES_MAX * CELLULE_MAX
    numero = 0
    while ligne := texte.readline(limite + 1):
        numero += 1
        if len(ligne) > limite:
            raise cellule_trop_longue(feuille, numero)
        yield ligne


def _csv_rows(fichier, feuille: str) -> Iterator[tuple[int, tuple]]:
    """(number, values) of each record of a CSV, streamed (UTF-8, UTF-8 BOM or Windows-1252)."""
    size_check(fichier)
    ouvert = open(fichier, "rb") if isinstance(fichier, str | PurePath) else None  # noqa: SIM115
    binaire = ouvert or fichier
    try:
        encodage = text_encoding(binaire)
        if encodage is None:
            raise FichierIllisible(
                f"Le fichier de la feuille « {feuille} » n'est ni en UTF-8 ni en Windows-1252."
            )
        binaire.seek(0)
        texte = io.TextIOWrapper(binaire, encoding=encodage, newline="")
        try:
            dialect = csv.excel
            try:
                dialect = csv.Sniffer().sniff(texte.read(4096), delimiters=",;\t")
            except csv.Error:
                pass
            texte.seek(0)
            colonnes_max = settings.IMPORT_COLONNES_MAX
            lecteur = csv.reader(_lignes_bornees(texte, feuille), dialect)
            try:
                for numero, row in enumerate(lecteur, start=1):
                    if len(row) > colonnes_max:
                        raise trop_de_colonnes(feuille, numero)
                    if any(len(v) > CELLULE_MAX for v in row):
                        raise cellule_trop_longue(feuille, numero)
                    yield numero, tuple(row)
            except csv.Error as exc:
                raise FichierIllisible(
                    f"Le fichier de la feuille « {feuille} » n'est pas un CSV lisible : {exc}."
                ) from exc
        finally:
            if not binaire.closed:
                texte.detach()  # the caller's file stays open
    finally:
        if ouvert:
            ouvert.close()


def csv_read(marches, heures) -> tuple[list, list]:
    """The same rows from the two files `marches.csv` and `heures.csv`."""
    return (
        lignes_non_vides(_csv_rows(marches, "marches"), "marches", COLONNES_MARCHES),
        lignes_non_vides(
            _csv_rows(heures, "heures"), "heures", COLONNES_HEURES, COLONNES_HEURES_FACULTATIVES
        ),
    )
