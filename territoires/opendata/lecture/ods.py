"""ODS workbooks: the first table of `content.xml`, streamed with expat through the ZIP guard.

LibreOffice compresses repeated rows and cells (`number-rows-repeated`, often a million empty
rows at the end of a sheet): empty repetitions are only counted, never produced; a repeated
non-empty row counts against the row limit like any other. Cell values are read from their
typed attributes (`office:value`, `office:date-value`, `office:boolean-value`), else from their
paragraphs, and come out as raw texts like a CSV's.
"""

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from .archive import Arret, archive_open, parse_streamed, parser_create
from .communs import (
    CELLULE_MAX,
    LectureError,
    cellule_trop_longue,
    trop_de_colonnes,
    trop_de_lignes,
)

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
CELLULES = {TABLE + "table-cell", TABLE + "covered-table-cell"}
REPETITION_MAX = 10**7  # beyond, a repetition attribute is not a spreadsheet's


def _repetition(attributs: dict, nom: str) -> int:
    valeur = attributs.get(TABLE + nom, "1")
    if not valeur.isdigit() or not 0 < int(valeur) <= REPETITION_MAX:
        raise LectureError("Le classeur ODS a une répétition de lignes ou de cellules illisible.")
    return int(valeur)


def _valeur_typee(attributs: dict) -> str | None:
    type_ = attributs.get(OFFICE + "value-type")
    if type_ in ("float", "percentage", "currency"):
        valeur = attributs.get(OFFICE + "value", "")
        try:
            nombre = float(valeur)
        except ValueError:
            return valeur
        return str(int(nombre)) if nombre.is_integer() and abs(nombre) < 1e15 else valeur
    if type_ == "date":
        return attributs.get(OFFICE + "date-value")
    if type_ == "boolean":
        return "vrai" if attributs.get(OFFICE + "boolean-value") == "true" else "faux"
    return None  # string, time, or no type: the paragraphs say it


class _Table:
    """Expat handlers for the first table: rows come out as the XML goes in."""

    def __init__(self):
        self.prets: list[tuple[int, list]] = []
        self.tables = 0
        self.numero = 0
        self.emises = 0
        self.cellules: list | None = None
        self.vides = 0  # empty cells not yet placed (trailing ones never are)
        self.repetition_ligne = 1
        self.repetition = 1
        self.valeur: str | None = None
        self.texte: list[str] | None = None
        self.paragraphes = 0
        self.capture = 0
        self.annotation = 0
        self.longueur = 0

    def debut(self, nom: str, attributs: dict) -> None:
        if nom == TABLE + "table":
            self.tables += 1
            if self.tables > 1:
                raise Arret
        elif nom == TABLE + "table-row":
            self.repetition_ligne = _repetition(attributs, "number-rows-repeated")
            self.cellules, self.vides = [], 0
        elif nom in CELLULES and self.cellules is not None:
            self.repetition = _repetition(attributs, "number-columns-repeated")
            self.valeur = _valeur_typee(attributs)
            self.texte, self.paragraphes, self.longueur = [], 0, 0
        elif nom == OFFICE + "annotation":
            self.annotation += 1
        elif self.texte is not None and not self.annotation:
            self._texte_debut(nom, attributs)

    def _texte_debut(self, nom: str, attributs: dict) -> None:
        if nom == TEXT + "p":
            if self.paragraphes:
                self._ajouter("\n")
            self.paragraphes += 1
            self.capture += 1
        elif nom == TEXT + "s":
            nombre = attributs.get(TEXT + "c", "1")
            self._ajouter(" " * (int(nombre) if nombre.isdigit() and len(nombre) < 6 else 1))
        elif nom == TEXT + "tab":
            self._ajouter("\t")
        elif nom == TEXT + "line-break":
            self._ajouter("\n")

    def _ajouter(self, donnees: str) -> None:
        self.longueur += len(donnees)
        if self.longueur > CELLULE_MAX:
            raise cellule_trop_longue(self.numero + 1)
        self.texte.append(donnees)

    def caracteres(self, donnees: str) -> None:
        if self.capture and self.texte is not None and not self.annotation:
            self._ajouter(donnees)

    def fin(self, nom: str) -> None:
        if nom == TEXT + "p" and self.capture and not self.annotation:
            self.capture -= 1
        elif nom == OFFICE + "annotation":
            self.annotation -= 1
        elif nom in CELLULES and self.texte is not None:
            self._cellule_fin()
        elif nom == TABLE + "table-row" and self.cellules is not None:
            self._ligne_fin()
        elif nom == TABLE + "table":
            raise Arret

    def _cellule_fin(self) -> None:
        valeur = self.valeur if self.valeur is not None else "".join(self.texte)
        self.texte = None
        if not valeur.strip():
            self.vides += self.repetition
            return
        if len(self.cellules) + self.vides + self.repetition > settings.IMPORT_COLONNES_MAX:
            raise trop_de_colonnes(self.numero + 1)
        self.cellules.extend([None] * self.vides)
        self.cellules.extend([valeur] * self.repetition)
        self.vides = 0

    def _ligne_fin(self) -> None:
        cellules, self.cellules = self.cellules, None
        if cellules:
            if self.emises + self.repetition_ligne > settings.DONNEES_LIGNES_MAX + 1:
                raise trop_de_lignes()
            self.emises += self.repetition_ligne
            for rang in range(1, self.repetition_ligne + 1):
                self.prets.append((self.numero + rang, cellules))
        self.numero += self.repetition_ligne


def ods_records(path: Path) -> Iterator[tuple[int, list]]:
    """(row number, raw cells) of each non-empty row of the first table, streamed."""
    with archive_open(path, "ODS") as archive:
        lecteur = _Table()
        parseur = parser_create(lecteur.debut, lecteur.fin, lecteur.caracteres, espaces=True)
        yield from parse_streamed(archive, "content.xml", lecteur, parseur)
