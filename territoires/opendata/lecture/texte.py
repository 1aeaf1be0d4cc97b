"""CSV files: encoding, separator, then records read as a stream of bounded lines.

French spreadsheets save CSV in Windows-1252 with `;`, others in UTF-8 (with or without BOM)
with `,`; tabs and `|` happen too. The encoding is the one the whole file decodes with (UTF-8,
else Windows-1252: `core.documents.text_encoding`, read by chunks); the separator is sniffed on a
bounded sample, with a fallback that counts the fields of each candidate.
"""

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from territoires.core import zipguard
from territoires.core.documents.inspection import text_encoding

from .communs import (
    CELLULE_MAX,
    CHUNK,
    LectureError,
    cellule_trop_longue,
    entier_lisible,
    trop_de_colonnes,
)

SEPARATEURS = ";,\t|"
ECHANTILLON = CHUNK  # characters of the sample the separator is sniffed on


def size_check(path: Path) -> None:
    if path.stat().st_size > settings.IMPORT_TAILLE_MAX:
        raise LectureError(
            f"Le fichier dépasse {zipguard.taille_lisible(settings.IMPORT_TAILLE_MAX)}, la taille "
            "maximale d'un dépôt : découpez-le en plusieurs."
        )


def csv_encoding(path: Path) -> str:
    """« utf-8-sig » (with BOM), « utf-8 » or « cp1252 »; LectureError for anything else."""
    size_check(path)
    with open(path, "rb") as fichier:
        tete = fichier.read(CHUNK)
        if tete.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise LectureError(
                "Le fichier est enregistré en UTF-16 : enregistrez-le de nouveau en « CSV UTF-8 » "
                "ou en « CSV (séparateur : point-virgule) » depuis votre tableur."
            )
        if b"\x00" in tete:
            raise LectureError(
                "Le fichier n'est pas un CSV : son contenu est binaire (un classeur ou un "
                "programme renommé ?). Déposez un fichier CSV, XLSX, ODS, JSON ou GeoJSON."
            )
        if not tete.strip():
            raise LectureError("Le fichier est vide.")
        encodage = text_encoding(fichier)
    if encodage is None:
        raise LectureError(
            "L'encodage du fichier n'est pas reconnu (ni UTF-8 ni Windows-1252) : enregistrez-le "
            "de nouveau en « CSV UTF-8 » depuis votre tableur."
        )
    if encodage == "utf-8-sig" and not tete.startswith(codecs.BOM_UTF8):
        return "utf-8"
    return encodage


def _echantillon(path: Path, encodage: str) -> str:
    with open(path, encoding=encodage, newline="") as texte:
        echantillon = texte.read(ECHANTILLON)
    if len(echantillon) == ECHANTILLON and "\n" in echantillon:
        echantillon = echantillon[: echantillon.rindex("\n")]  # whole lines only
    return echantillon


def _champs_constants(echantillon: str, separateur: str) -> tuple[int, int]:
    """(rows having the most common number of fields, that number) for one candidate."""
    lignes = echantillon.splitlines()[:200]
    try:
        comptes = Counter(len(r) for r in csv.reader(lignes, delimiter=separateur) if r)
    except csv.Error:
        return 0, 0
    if not comptes:
        return 0, 0
    nombre, frequence = comptes.most_common(1)[0]
    return (frequence, nombre) if nombre > 1 else (0, 0)


def csv_separator(path: Path, encodage: str) -> str:
    """The field separator: csv.Sniffer on a bounded sample, checked, else the candidate whose
    rows have the same number of fields most often (« ; » when nothing separates)."""
    echantillon = _echantillon(path, encodage)
    scores = {s: _champs_constants(echantillon, s) for s in SEPARATEURS}
    try:
        sniffe = csv.Sniffer().sniff(echantillon, delimiters=SEPARATEURS).delimiter
    except csv.Error:
        sniffe = None
    meilleur = max(SEPARATEURS, key=lambda s: scores[s])
    if sniffe in scores and scores[sniffe][0] >= scores[meilleur][0] and scores[sniffe][0]:
        return sniffe
    return meilleur if scores[meilleur][0] else ";"


def _lignes_bornees(texte) -> Iterator[str]:
    """Physical lines of a text stream, each one bounded: a file without newline is not one
    huge line held in memory."""
    limite = settings.IMPORT_COLONNES_MAX * CELLULE_MAX
    numero = 0
    while ligne := texte.readline(limite + 1):
        numero += 1
        if len(ligne) > limite:
            raise LectureError(
                f"La ligne {entier_lisible(numero)} du fichier dépasse "
                f"{entier_lisible(limite)} caractères : ce n'est pas un tableau de données "
                "lisible (fichier d'une seule ligne, ou séparateur de lignes inconnu ?)."
            )
        yield ligne


def csv_records(path: Path, encodage: str, separateur: str) -> Iterator[tuple[int, list]]:
    """(number of the record's first line, its cells) of each record, streamed."""
    size_check(path)
    if not separateur or len(separateur) != 1:
        raise LectureError("Le séparateur de colonnes du fichier CSV est inconnu.")
    colonnes_max = settings.IMPORT_COLONNES_MAX
    with open(path, "rb") as binaire:
        texte = io.TextIOWrapper(binaire, encoding=encodage or "utf-8", newline="")
        lecteur = csv.reader(_lignes_bornees(texte), delimiter=separateur, quotechar='"')
        debut = 1
        try:
            for cellules in lecteur:
                if len(cellules) > colonnes_max:
                    raise trop_de_colonnes(debut)
                if cellules and max(map(len, cellules)) > CELLULE_MAX:
                    raise cellule_trop_longue(debut)
                yield debut, cellules
                debut = lecteur.line_num + 1
        except csv.Error as exc:
            raise LectureError(
                f"Le fichier n'est pas un CSV lisible après la ligne {entier_lisible(debut)} "
                "(guillemet jamais refermé ?)."
            ) from exc
        except UnicodeDecodeError as exc:
            raise LectureError(
                f"Le fichier n'est pas en {encodage} (après la ligne {entier_lisible(debut)}) : "
                "enregistrez-le de nouveau en « CSV UTF-8 »."
            ) from exc
