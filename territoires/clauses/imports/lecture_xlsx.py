"""Reading the rows of an XLSX workbook: ZIP guard, then expat over each sheet, streamed.

Expat ≥ 2.4 refuses entity amplification and never fetches external entities; the
workbook's XML is read with it (S314 accepted), and a DTD is refused outright.
"""

from pathlib import PurePath
from xml.etree import ElementTree  # noqa: S405
from xml.parsers import expat  # noqa: S408

from django.conf import settings

from territoires.core import zipguard

from .colonnes import COLONNES_HEURES, COLONNES_HEURES_FACULTATIVES, COLONNES_MARCHES
from .donnees import FichierIllisible
from .lecture import (
    CELLULE_MAX,
    CHUNK,
    cellule_trop_longue,
    entier_lisible,
    lignes_non_vides,
    size_check,
    trop_de_colonnes,
    trop_de_lignes,
)

XML_PETIT_MAX = 1024 * 1024  # workbook.xml and its relationships: a few Ko in practice


def _colonne(lettres: str) -> int:
    """0-based column of a cell reference's letters (« AB » → 27); -1 beyond three letters
    (XFD is Excel's last column): never a loop over ZZZZZZZZZZ."""
    if len(lettres) > 3:
        return -1
    index = 0
    for char in lettres.upper():
        if not "A" <= char <= "Z":
            return -1
        index = index * 26 + ord(char) - 64
    return index - 1


def _local(nom: str) -> str:
    """Local name of an element (« x:row » → « row »): workbooks may prefix the namespace."""
    return nom.rpartition(":")[2]


class _FeuilleXml:
    """Expat handlers for one sheet: rows come out as the XML goes in, each cell bounded."""

    def __init__(self, feuille: str, partages: list[str]):
        self.feuille = feuille
        self.partages = partages
        self.prets: list[tuple[int, tuple]] = []
        self.numero = 0
        self.lues = 0
        self.valeurs: dict[int, object] | None = None
        self.colonne = -1
        self.type: str | None = None
        self.texte: list[str] | None = None
        self.capture = False
        self.longueur = 0
        self.phonetique = 0
        self.lignes_max = settings.IMPORT_LIGNES_MAX + 1
        self.colonnes_max = settings.IMPORT_COLONNES_MAX
        self.locaux: dict[str, str] = {}
        self.colonnes: dict[str, int] = {}

    def debut(self, nom: str, attributs: dict) -> None:
        local = self.locaux.get(nom) or self.locaux.setdefault(nom, _local(nom))
        if local == "row":
            r = attributs.get("r")
            if r is None:
                numero = self.numero + 1
            elif r.isdigit() and len(r) <= 10:
                numero = int(r)
            else:
                raise FichierIllisible(
                    f"La feuille « {self.feuille} » a un numéro de ligne illisible : {r[:20]}."
                )
            self.lues += 1
            # Rows absent from the XML are empty: never produced, only their number is bounded.
            if numero > self.lignes_max or self.lues > self.lignes_max:
                raise trop_de_lignes(self.feuille)
            self.numero = numero
            self.valeurs = {}
            self.colonne = -1
        elif local == "c" and self.valeurs is not None:
            reference = attributs.get("r")
            if reference:
                lettres = reference.rstrip("0123456789")
                colonne = self.colonnes.get(lettres)
                if colonne is None and len(self.colonnes) < self.colonnes_max:
                    colonne = self.colonnes[lettres] = _colonne(lettres)
                self.colonne = _colonne(lettres) if colonne is None else colonne
            else:
                self.colonne += 1
            if not 0 <= self.colonne < self.colonnes_max:
                raise trop_de_colonnes(self.feuille, self.numero)
            self.type = attributs.get("t")
            self.texte = []
            self.longueur = 0
        elif local == "rPh":
            self.phonetique += 1
        elif local in ("v", "t") and self.texte is not None and not self.phonetique:
            self.capture = True

    def caracteres(self, donnees: str) -> None:
        if self.capture:
            self.longueur += len(donnees)
            if self.longueur > CELLULE_MAX:
                raise cellule_trop_longue(self.feuille, self.numero)
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
            row = tuple(valeurs.get(i) for i in range(max(valeurs) + 1)) if valeurs else ()
            self.prets.append((self.numero, row))
            self.valeurs = None

    def _valeur(self, texte: str):
        try:
            if self.type == "s":
                return self.partages[int(texte)]
            if self.type in ("str", "e", "inlineStr", "d"):
                return texte
            if self.type == "b":
                return texte == "1"
            nombre = float(texte)
        except (ValueError, IndexError):
            raise FichierIllisible(
                f"La feuille « {self.feuille} » a, ligne {entier_lisible(self.numero)}, une "
                f"cellule illisible : « {texte[:40]} »."
            ) from None
        return int(nombre) if nombre.is_integer() else nombre


def _parseur(debut, fin, caracteres):
    parseur = expat.ParserCreate()
    parseur.buffer_text = True
    parseur.StartElementHandler = debut
    parseur.EndElementHandler = fin
    parseur.CharacterDataHandler = caracteres

    def sans_dtd(*args):  # a workbook never declares a DTD or entities
        raise FichierIllisible("Le classeur contient une déclaration XML interdite (DTD).")

    parseur.StartDoctypeDeclHandler = sans_dtd
    parseur.EntityDeclHandler = sans_dtd
    return parseur


def _rows_xlsx(archive: zipguard.ArchiveSure, chemin: str, feuille: str, partages: list[str]):
    """(number, values) of each row of one sheet, streamed with expat by bounded chunks."""
    lecteur = _FeuilleXml(feuille, partages)
    parseur = _parseur(lecteur.debut, lecteur.fin, lecteur.caracteres)
    with archive.ouvrir(chemin) as flux:
        while morceau := flux.read(CHUNK):
            parseur.Parse(morceau, False)
            yield from lecteur.prets
            lecteur.prets.clear()
        parseur.Parse(b"", True)
        yield from lecteur.prets


class _TextesPartagesXml:
    """Expat handlers for the shared strings: each text bounded, and their number too."""

    def __init__(self):
        self.partages: list[str] = []
        self.texte: list[str] | None = None
        self.capture = False
        self.phonetique = 0
        self.longueur = 0
        self.maximum = settings.IMPORT_LIGNES_MAX

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
                raise FichierIllisible(
                    f"Le classeur contient plus de {entier_lisible(self.maximum)} textes "
                    "différents, la limite d'un import."
                )
            self.partages.append("".join(self.texte))
            self.texte = None

    def caracteres(self, donnees: str) -> None:
        if self.capture:
            self.longueur += len(donnees)
            if self.longueur > CELLULE_MAX:
                raise FichierIllisible(
                    "Le classeur contient un texte de plus de "
                    f"{entier_lisible(CELLULE_MAX)} caractères."
                )
            self.texte.append(donnees)


def _partages(archive: zipguard.ArchiveSure) -> list[str]:
    """The shared strings, streamed, bounded in size and in number."""
    chemin = "xl/sharedStrings.xml"
    if not archive.contient(chemin):
        return []
    if archive.taille(chemin) > settings.IMPORT_TEXTES_MAX:
        raise FichierIllisible(
            "La table des textes du classeur (sharedStrings.xml) dépasse "
            f"{zipguard.taille_lisible(settings.IMPORT_TEXTES_MAX)} une fois décompressée, la "
            "limite d'un import."
        )
    lecteur = _TextesPartagesXml()
    parseur = _parseur(lecteur.debut, lecteur.fin, lecteur.caracteres)
    with archive.ouvrir(chemin) as flux:
        while morceau := flux.read(CHUNK):
            parseur.Parse(morceau, False)
        parseur.Parse(b"", True)
    return lecteur.partages


def _nom(fichier) -> str | None:
    nom = fichier if isinstance(fichier, str | PurePath) else getattr(fichier, "name", None)
    return PurePath(nom).name if nom else None


def classeur_read(fichier) -> tuple[list, list]:
    """Rows of the sheets `marches` and `heures` of an XLSX workbook (path or file object)."""
    size_check(fichier)
    try:
        archive = zipguard.ArchiveSure(fichier, nom=_nom(fichier))
    except zipguard.PasUneArchive as exc:
        raise FichierIllisible("Le fichier n'est pas un classeur XLSX lisible.") from exc
    except zipguard.ArchiveRefusee as exc:
        raise FichierIllisible(exc.messages[0]) from exc
    with archive:
        try:
            classeur = ElementTree.fromstring(  # noqa: S314
                archive.lire("xl/workbook.xml", maximum=XML_PETIT_MAX)
            )
            liens = ElementTree.fromstring(  # noqa: S314
                archive.lire("xl/_rels/workbook.xml.rels", maximum=XML_PETIT_MAX)
            )
            cibles = {
                rel.get("Id"): rel.get("Target") for rel in liens.iter(f"{NS_PKG}Relationship")
            }
            feuilles = {}
            for sheet in classeur.iter(f"{NS}sheet"):
                cible = cibles.get(sheet.get(f"{NS_REL}id"), "")
                cible = cible.lstrip("/") if cible.startswith("/") else f"xl/{cible}"
                feuilles[(sheet.get("name") or "").strip().lower()] = cible
            for nom in ("marches", "heures"):
                if nom not in feuilles:
                    raise FichierIllisible(f"Le classeur n'a pas de feuille « {nom} ».")
            partages = _partages(archive)
            marches = lignes_non_vides(
                _rows_xlsx(archive, feuilles["marches"], "marches", partages),
                "marches",
                COLONNES_MARCHES,
            )
            heures = lignes_non_vides(
                _rows_xlsx(archive, feuilles["heures"], "heures", partages),
                "heures",
                COLONNES_HEURES,
                COLONNES_HEURES_FACULTATIVES,
            )
        except zipguard.ArchiveRefusee as exc:
            raise FichierIllisible(exc.messages[0]) from exc
        except (KeyError, ElementTree.ParseError, expat.ExpatError) as exc:
            raise FichierIllisible("Le fichier n'est pas un classeur XLSX lisible.") from exc
    return marches, heures


NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
