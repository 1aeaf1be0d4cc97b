"""XLSX workbooks, streamed: sheets, shared strings, date styles and rows, each bounded.

The archive comes through the ZIP guard (`core/zipguard.py`); its XML is read with expat by
bounded chunks. Expat ≥ 2.4 refuses entity amplification and never fetches external entities;
a workbook never declares a DTD, so one is refused outright (S314 accepted for the small parts
read whole: the workbook, its relationships, its styles).

Cells come out as Python values: `str` (shared, inline and formula strings), `bool`, `int`
(an integral number), `float`, and `datetime.date` for a number whose style is a date format
(only when the caller gives `styles_date`). Refusals are `ErreurClasseur` subclasses that
carry what the caller needs to word them (row number, text, limit).
"""

import datetime
import re
from collections.abc import Iterator
from xml.etree import ElementTree  # noqa: S405
from xml.parsers import expat  # noqa: S408

from territoires.core import zipguard

CHUNK = 64 * 1024
CELLULE_MAX = 32767  # characters in one cell: Excel's own limit
XML_PETIT_MAX = 1024 * 1024  # workbook.xml, its relationships, styles: a few Ko in practice
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats that are dates (ECMA-376, 18.8.30).
FORMATS_DATE = {*range(14, 18), 22, *range(27, 37), *range(50, 59)}
_SANS_TEXTE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DATE_MAX = 2958466  # serial of 9999-12-31


class ErreurClasseur(ValueError):
    """A workbook refused while reading; subclasses say why, with what to word it."""


class DtdInterdite(ErreurClasseur):
    def __init__(self):
        super().__init__("Le classeur contient une déclaration XML interdite (DTD).")


class SansFeuille(ErreurClasseur):
    def __init__(self):
        super().__init__("Le classeur n'a aucune feuille.")


class TropDeLignes(ErreurClasseur):
    """More rows (or a row number beyond) than `lignes_max`."""


class TropDeColonnes(ErreurClasseur):
    def __init__(self, numero: int):
        super().__init__(f"La ligne {numero} a trop de colonnes.")
        self.numero = numero


class CelluleTropLongue(ErreurClasseur):
    def __init__(self, numero: int):
        super().__init__(f"La ligne {numero} a une cellule trop longue.")
        self.numero = numero


class NumeroIllisible(ErreurClasseur):
    def __init__(self, texte: str):
        super().__init__(f"Numéro de ligne illisible : {texte[:20]}.")
        self.texte = texte[:20]


class CelluleIllisible(ErreurClasseur):
    def __init__(self, numero: int, texte: str):
        super().__init__(f"La ligne {numero} a une cellule illisible.")
        self.numero = numero
        self.texte = texte[:40]


class TexteTropLong(ErreurClasseur):
    """One shared string longer than CELLULE_MAX."""


class TropDeTextes(ErreurClasseur):
    def __init__(self, maximum: int):
        super().__init__(f"Plus de {maximum} textes différents.")
        self.maximum = maximum


class TextesTropGros(ErreurClasseur):
    def __init__(self, maximum: int):
        super().__init__(f"Table des textes de plus de {maximum} octets.")
        self.maximum = maximum


# Errors of a workbook that is not one: the caller says « pas un classeur lisible ».
ILLISIBLE = (KeyError, expat.ExpatError, ElementTree.ParseError)


def parser_create(debut, fin, caracteres, *, espaces: bool = False):
    """An expat parser with our handlers, refusing any DTD; `espaces`: names as « uri local »."""
    parseur = expat.ParserCreate(namespace_separator=" ") if espaces else expat.ParserCreate()
    parseur.buffer_text = True
    parseur.StartElementHandler = debut
    parseur.EndElementHandler = fin
    parseur.CharacterDataHandler = caracteres

    def sans_dtd(*args):
        raise DtdInterdite()

    parseur.StartDoctypeDeclHandler = sans_dtd
    parseur.EntityDeclHandler = sans_dtd
    return parseur


def _local(nom: str) -> str:
    """Local name of an element (« x:row » → « row »): workbooks may prefix the namespace."""
    return nom.rpartition(":")[2]


def colonne(lettres: str) -> int:
    """0-based column of a reference's letters (« AB » → 27); -1 beyond three letters (XFD is
    Excel's last column): never a loop over ZZZZZZZZZZ."""
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


def feuilles(archive: zipguard.ArchiveSure) -> tuple[list[tuple[str, str]], bool]:
    """([(sheet name, path of its part)] in the workbook's order, dates counted from 1904)."""
    classeur = _xml(archive, "xl/workbook.xml")
    liens = _xml(archive, "xl/_rels/workbook.xml.rels")
    cibles = {rel.get("Id"): rel.get("Target") for rel in liens.iter(f"{NS_PKG}Relationship")}
    trouvees = []
    for feuille in classeur.iter(f"{NS}sheet"):
        cible = cibles.get(feuille.get(f"{NS_REL}id"), "")
        cible = cible.lstrip("/") if cible.startswith("/") else f"xl/{cible}"
        trouvees.append((feuille.get("name") or "", cible))
    proprietes = classeur.find(f"{NS}workbookPr")
    en_1904 = proprietes is not None and proprietes.get("date1904") in ("1", "true")
    return trouvees, en_1904


def premiere_feuille(archive: zipguard.ArchiveSure) -> tuple[str, bool]:
    """(path of the first sheet, dates counted from 1904); SansFeuille when there is none."""
    trouvees, en_1904 = feuilles(archive)
    if not trouvees:
        raise SansFeuille()
    return trouvees[0][1], en_1904


def styles_date(archive: zipguard.ArchiveSure) -> set[int]:
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

    def __init__(self, maximum: int):
        self.partages: list[str] = []
        self.texte: list[str] | None = None
        self.capture = False
        self.phonetique = 0
        self.longueur = 0
        self.maximum = maximum

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
            if len(self.partages) >= self.maximum:
                raise TropDeTextes(self.maximum)
            self.partages.append("".join(self.texte))
            self.texte = None

    def caracteres(self, donnees: str) -> None:
        if self.capture:
            self.longueur += len(donnees)
            if self.longueur > CELLULE_MAX:
                raise TexteTropLong(f"Un texte de plus de {CELLULE_MAX} caractères.")
            self.texte.append(donnees)


def textes_partages(archive: zipguard.ArchiveSure, *, maximum: int, taille_max: int) -> list[str]:
    """The shared strings, streamed: at most `maximum` texts, `taille_max` bytes of XML."""
    chemin = "xl/sharedStrings.xml"
    if not archive.contient(chemin):
        return []
    if archive.taille(chemin) > taille_max:
        raise TextesTropGros(taille_max)
    lecteur = _Textes(maximum)
    parseur = parser_create(lecteur.debut, lecteur.fin, lecteur.caracteres)
    with archive.ouvrir(chemin) as flux:
        while morceau := flux.read(CHUNK):
            parseur.Parse(morceau, False)
        parseur.Parse(b"", True)
    return lecteur.partages


class _Feuille:
    """Expat handlers for one sheet: rows come out as the XML goes in, each cell bounded."""

    def __init__(self, partages, *, lignes_max, colonnes_max, styles_date, en_1904):
        self.partages = partages
        self.styles_date = styles_date
        self.origine = datetime.date(1904, 1, 1) if en_1904 else datetime.date(1899, 12, 30)
        self.prets: list[tuple[int, list]] = []
        self.numero = 0
        self.lues = 0
        self.valeurs: dict[int, object] | None = None
        self.colonne = -1
        self.type: str | None = None
        self.style = 0
        self.texte: list[str] | None = None
        self.capture = False
        self.longueur = 0
        self.phonetique = 0
        self.lignes_max = lignes_max
        self.colonnes_max = colonnes_max
        self.locaux: dict[str, str] = {}
        self.colonnes: dict[str, int] = {}  # letters → index, bounded like the columns

    def debut(self, nom: str, attributs: dict) -> None:
        local = self.locaux.get(nom) or self.locaux.setdefault(nom, _local(nom))
        if local == "row":
            self._ligne(attributs.get("r"))
        elif local == "c" and self.valeurs is not None:
            self._cellule(attributs)
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
            raise NumeroIllisible(r)
        self.lues += 1
        # Rows absent from the XML are empty: never produced, only their number is bounded.
        if numero > self.lignes_max or self.lues > self.lignes_max:
            raise TropDeLignes(f"Plus de {self.lignes_max} lignes.")
        self.numero = numero
        self.valeurs = {}
        self.colonne = -1

    def _cellule(self, attributs: dict) -> None:
        reference = attributs.get("r")
        if reference:
            lettres = reference.rstrip("0123456789")
            index = self.colonnes.get(lettres)
            if index is None:
                index = colonne(lettres)
                if len(self.colonnes) < self.colonnes_max:
                    self.colonnes[lettres] = index
            self.colonne = index
        else:
            self.colonne += 1
        if not 0 <= self.colonne < self.colonnes_max:
            raise TropDeColonnes(self.numero)
        self.type = attributs.get("t")
        style = attributs.get("s") or "0"
        self.style = int(style) if style.isdigit() and len(style) < 7 else 0
        self.texte, self.longueur = [], 0

    def caracteres(self, donnees: str) -> None:
        if self.capture:
            self.longueur += len(donnees)
            if self.longueur > CELLULE_MAX:
                raise CelluleTropLongue(self.numero)
            self.texte.append(donnees)

    def fin(self, nom: str) -> None:
        local = self.locaux.get(nom) or self.locaux.setdefault(nom, _local(nom))
        if local in ("v", "t"):
            self.capture = False
        elif local == "rPh":
            self.phonetique -= 1
        elif local == "c" and self.texte is not None:
            if self.texte or self.type == "inlineStr":
                self.valeurs[self.colonne] = self._valeur("".join(self.texte))
            self.texte = None
        elif local == "row" and self.valeurs is not None:
            valeurs = self.valeurs
            cellules = [valeurs.get(i) for i in range(max(valeurs) + 1)] if valeurs else []
            self.prets.append((self.numero, cellules))
            self.valeurs = None

    def _valeur(self, texte: str):
        try:
            if self.type == "s":
                return self.partages[int(texte)]
            if self.type in ("str", "e", "inlineStr", "d"):
                return texte
            if self.type == "b":
                return texte.strip() == "1"
            nombre = float(texte)
        except (ValueError, IndexError):
            raise CelluleIllisible(self.numero, texte) from None
        if self.style in self.styles_date and 0 <= nombre < _DATE_MAX:
            return self.origine + datetime.timedelta(days=int(nombre))
        return int(nombre) if nombre.is_integer() else nombre


def lignes(
    archive: zipguard.ArchiveSure,
    chemin: str,
    *,
    partages: list[str],
    lignes_max: int,
    colonnes_max: int,
    styles: set[int] = frozenset(),
    en_1904: bool = False,
) -> Iterator[tuple[int, list]]:
    """(row number, cells) of each row of one sheet, streamed by bounded chunks.

    `lignes_max` bounds the rows and the row numbers (header included), `colonnes_max` the
    columns; `styles` (from `styles_date`) turns date-styled numbers into dates."""
    lecteur = _Feuille(
        partages,
        lignes_max=lignes_max,
        colonnes_max=colonnes_max,
        styles_date=styles,
        en_1904=en_1904,
    )
    parseur = parser_create(lecteur.debut, lecteur.fin, lecteur.caracteres)
    with archive.ouvrir(chemin) as flux:
        while morceau := flux.read(CHUNK):
            parseur.Parse(morceau, False)
            yield from lecteur.prets
            lecteur.prets.clear()
        parseur.Parse(b"", True)
        yield from lecteur.prets
        lecteur.prets.clear()
