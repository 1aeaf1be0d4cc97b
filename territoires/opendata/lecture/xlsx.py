"""XLSX workbooks: the first sheet, streamed with expat through the ZIP guard.

Cells come out as raw texts like a CSV's: shared and inline strings, numbers (« 12.5 »,
« 3 » for an integral value), booleans (« vrai » / « faux »), and dates — a number whose style
is a date format — as « AAAA-MM-JJ », so that type detection reads every format alike.
"""

import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree  # noqa: S405

from django.conf import settings

from territoires.core import zipguard

from .archive import XML_PETIT_MAX, archive_open, parse_streamed, parser_create
from .communs import (
    CELLULE_MAX,
    CHUNK,
    LectureError,
    cellule_trop_longue,
    entier_lisible,
    trop_de_colonnes,
    trop_de_lignes,
)

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats that are dates (ECMA-376, 18.8.30).
FORMATS_DATE = {*range(14, 18), 22, *range(27, 37), *range(50, 59)}
_SANS_TEXTE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def _local(nom: str) -> str:
    return nom.rpartition(":")[2]


def _colonne(lettres: str) -> int:
    """0-based column of a reference's letters (« AB » → 27); -1 beyond three letters."""
    if len(lettres) > 3:
        return -1
    index = 0
    for char in lettres.upper():
        if not "A" <= char <= "Z":
            return -1
        index = index * 26 + ord(char) - 64
    return index - 1


def _xml(archive: zipguard.ArchiveSure, chemin: str) -> ElementTree.Element:
    return ElementTree.fromstring(archive.lire(chemin, maximum=XML_PETIT_MAX))  # noqa: S314


def _premiere_feuille(archive: zipguard.ArchiveSure) -> tuple[str, bool]:
    """(path of the first sheet, dates counted from 1904)."""
    classeur = _xml(archive, "xl/workbook.xml")
    liens = _xml(archive, "xl/_rels/workbook.xml.rels")
    cibles = {rel.get("Id"): rel.get("Target") for rel in liens.iter(f"{NS_PKG}Relationship")}
    feuille = next(classeur.iter(f"{NS}sheet"), None)
    if feuille is None:
        raise LectureError("Le classeur n'a aucune feuille.")
    cible = cibles.get(feuille.get(f"{NS_REL}id"), "")
    cible = cible.lstrip("/") if cible.startswith("/") else f"xl/{cible}"
    proprietes = classeur.find(f"{NS}workbookPr")
    en_1904 = proprietes is not None and proprietes.get("date1904") in ("1", "true")
    return cible, en_1904


def _styles_date(archive: zipguard.ArchiveSure) -> set[int]:
    """Indexes of the cell styles (`s` of a cell) whose number format is a date."""
    if not archive.contient("xl/styles.xml"):
        return set()
    styles = _xml(archive, "xl/styles.xml")
    dates = set(FORMATS_DATE)
    for fmt in styles.iter(f"{NS}numFmt"):
        code = _SANS_TEXTE.sub("", fmt.get("formatCode", "")).lower()
        if ("y" in code or "d" in code) and (fmt.get("numFmtId") or "").isdigit():
            dates.add(int(fmt.get("numFmtId")))
    xfs = styles.find(f"{NS}cellXfs")
    if xfs is None:
        return set()
    return {
        rang
        for rang, xf in enumerate(xfs.iter(f"{NS}xf"))
        if (xf.get("numFmtId") or "0").isdigit() and int(xf.get("numFmtId") or 0) in dates
    }


class _Textes:
    """Expat handlers for the shared strings: each text bounded, and their number too."""

    def __init__(self):
        self.partages: list[str] = []
        self.texte: list[str] | None = None
        self.capture = False
        self.phonetique = 0
        self.longueur = 0

    def debut(self, nom: str, attributs: dict) -> None:
        local = _local(nom)
        if local == "si":
            self.texte, self.longueur = [], 0
        elif local == "rPh":
            self.phonetique += 1
        elif local == "t" and self.texte is not None and not self.phonetique:
            self.capture = True

    def fin(self, nom: str) -> None:
        local = _local(nom)
        if local == "t":
            self.capture = False
        elif local == "rPh":
            self.phonetique -= 1
        elif local == "si" and self.texte is not None:
            if len(self.partages) >= settings.DONNEES_LIGNES_MAX:
                raise LectureError(
                    "Le classeur contient plus de "
                    f"{entier_lisible(settings.DONNEES_LIGNES_MAX)} textes différents."
                )
            self.partages.append("".join(self.texte))
            self.texte = None

    def caracteres(self, donnees: str) -> None:
        if self.capture:
            self.longueur += len(donnees)
            if self.longueur > CELLULE_MAX:
                raise cellule_trop_longue(0)
            self.texte.append(donnees)


def _partages(archive: zipguard.ArchiveSure) -> list[str]:
    chemin = "xl/sharedStrings.xml"
    if not archive.contient(chemin):
        return []
    if archive.taille(chemin) > settings.IMPORT_TEXTES_MAX:
        raise LectureError(
            "La table des textes du classeur dépasse "
            f"{zipguard.taille_lisible(settings.IMPORT_TEXTES_MAX)} une fois décompressée."
        )
    lecteur = _Textes()
    parseur = parser_create(lecteur.debut, lecteur.fin, lecteur.caracteres)
    with archive.ouvrir(chemin) as flux:
        while morceau := flux.read(CHUNK):
            parseur.Parse(morceau, False)
        parseur.Parse(b"", True)
    return lecteur.partages


class _Feuille:
    """Expat handlers for one sheet: rows come out as the XML goes in, each cell bounded."""

    def __init__(self, partages: list[str], styles_date: set[int], en_1904: bool):
        self.partages = partages
        self.styles_date = styles_date
        self.origine = datetime.date(1904, 1, 1) if en_1904 else datetime.date(1899, 12, 30)
        self.prets: list[tuple[int, list]] = []
        self.numero = 0
        self.lues = 0
        self.valeurs: dict[int, str] | None = None
        self.colonne = -1
        self.type: str | None = None
        self.style = 0
        self.texte: list[str] | None = None
        self.capture = False
        self.longueur = 0
        self.phonetique = 0
        self.lignes_max = settings.DONNEES_LIGNES_MAX + 1  # the header is a row

    def debut(self, nom: str, attributs: dict) -> None:
        local = _local(nom)
        if local == "row":
            self._ligne(attributs.get("r"))
        elif local == "c" and self.valeurs is not None:
            reference = attributs.get("r")
            self.colonne = (
                _colonne(reference.rstrip("0123456789")) if reference else self.colonne + 1
            )
            if not 0 <= self.colonne < settings.IMPORT_COLONNES_MAX:
                raise trop_de_colonnes(self.numero)
            self.type = attributs.get("t")
            style = attributs.get("s") or "0"
            self.style = int(style) if style.isdigit() and len(style) < 7 else 0
            self.texte, self.longueur = [], 0
        elif local == "rPh":
            self.phonetique += 1
        elif local in ("v", "t") and self.texte is not None and not self.phonetique:
            self.capture = True

    def _ligne(self, r: str | None) -> None:
        if r is None:
            numero = self.numero + 1
        elif r.isdigit() and len(r) <= 10:
            numero = int(r)
        else:
            raise LectureError(f"Le classeur a un numéro de ligne illisible : {r[:20]}.")
        self.lues += 1
        # Rows absent from the XML are empty: never produced, only their number is bounded.
        if numero > self.lignes_max or self.lues > self.lignes_max:
            raise trop_de_lignes()
        self.numero = numero
        self.valeurs = {}
        self.colonne = -1

    def caracteres(self, donnees: str) -> None:
        if self.capture:
            self.longueur += len(donnees)
            if self.longueur > CELLULE_MAX:
                raise cellule_trop_longue(self.numero)
            self.texte.append(donnees)

    def fin(self, nom: str) -> None:
        local = _local(nom)
        if local in ("v", "t"):
            self.capture = False
        elif local == "rPh":
            self.phonetique -= 1
        elif local == "c" and self.texte is not None:
            if self.texte:
                self.valeurs[self.colonne] = self._valeur("".join(self.texte))
            self.texte = None
        elif local == "row" and self.valeurs is not None:
            valeurs = self.valeurs
            cellules = [valeurs.get(i) for i in range(max(valeurs) + 1)] if valeurs else []
            self.prets.append((self.numero, cellules))
            self.valeurs = None

    def _valeur(self, texte: str) -> str:
        try:
            if self.type == "s":
                return self.partages[int(texte)]
            if self.type in ("str", "e", "inlineStr", "d"):
                return texte
            if self.type == "b":
                return "vrai" if texte.strip() == "1" else "faux"
            nombre = float(texte)
        except (ValueError, IndexError):
            raise LectureError(
                f"Le classeur a, ligne {entier_lisible(self.numero)}, une cellule illisible : "
                f"« {texte[:40]} »."
            ) from None
        if self.style in self.styles_date and 0 <= nombre < 2958466:  # up to 9999-12-31
            return (self.origine + datetime.timedelta(days=int(nombre))).isoformat()
        return str(int(nombre)) if nombre.is_integer() and abs(nombre) < 1e15 else repr(nombre)


def xlsx_records(path: Path) -> Iterator[tuple[int, list]]:
    """(row number, raw cells) of each row of the first sheet, streamed."""
    with archive_open(path, "XLSX") as archive:
        chemin, en_1904 = _premiere_feuille(archive)
        lecteur = _Feuille(_partages(archive), _styles_date(archive), en_1904)
        parseur = parser_create(lecteur.debut, lecteur.fin, lecteur.caracteres)
        yield from parse_streamed(archive, chemin, lecteur, parseur)
