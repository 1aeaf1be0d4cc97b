"""Reading and checking the facilitator's workbook (sheets `marches` and `heures`).

Nothing here writes: `lire_*` turns the file into rows, `valider` checks every row against
the référentiel and returns either the parsed data or the list of every bad row with why.
`services.import_appliquer` writes the parsed data (all or nothing).
"""

import csv
import datetime
import io
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

# Expat ≥ 2.4 refuses entity amplification and never fetches external entities; the
# workbook's XML is read with it (S314 accepted), and a DTD is refused outright.
from xml.etree import ElementTree  # noqa: S405
from xml.parsers import expat  # noqa: S408

from django.conf import settings
from stdnum.fr import siret as stdnum_siret

from territoires.core import zipguard
from territoires.core.dates import Fenetre, bornes, date_hors_fenetre
from territoires.core.documents import text_encoding
from territoires.referentiel.communes import communes_actuelles

from .models import Contrat, Critere, DonneurOrdre, Entreprise, Lot

COLONNES_MARCHES = [
    "reference",
    "donneur_ordre_siret",
    "donneur_ordre_nom",
    "donneur_ordre_categorie",
    "operation",
    "objet",
    "date_notification",
    "lot",
    "type_clause",
    "heures_prescrites",
]
COLONNES_HEURES = [
    "marche_reference",
    "donneur_ordre_siret",
    "lot",
    "entreprise_siret",
    "entreprise_nom",
    "entreprise_effectif",
    "entreprise_commune",
    "participant",
    "sexe",
    "annee_naissance",
    "commune_residence",
    "criteres",
    "type_contrat",
    "date_debut",
    "date_fin",
    "mois",
    "heures",
]
#: Optional columns of `heures` (files without them stay valid; empty cells change nothing).
COLONNES_HEURES_FACULTATIVES = ["entreprise_role", "entreprise_siae"]
ROLES_IMPORT = {
    "attributaire": "attributaire",
    "titulaire": "attributaire",
    "cotraitant": "cotraitant",
    "co_traitant": "cotraitant",
    "sous_traitant": "sous_traitant",
    "soustraitant": "sous_traitant",
}

#: What each column means, for the explanation sheet of the template.
EXPLICATIONS = {
    "marches": {
        "reference": "Référence du marché chez l'acheteur (obligatoire).",
        "donneur_ordre_siret": "SIRET de l'acheteur, 14 chiffres (clé de contrôle vérifiée).",
        "donneur_ordre_nom": "Nom de l'acheteur.",
        "donneur_ordre_categorie": "etat, region, departement, epci, commune, bailleur, sante "
        "ou autre.",
        "operation": "Nom de l'opération (chantier) ; vide : l'objet du marché.",
        "objet": "Objet du marché.",
        "date_notification": "Date de notification, AAAA-MM-JJ.",
        "lot": "Numéro ou code du lot (une ligne par lot).",
        "type_clause": "execution (condition d'exécution), attribution (critère "
        "d'attribution), reserve (marché réservé) ou insertion (marché d'insertion).",
        "heures_prescrites": "Heures d'insertion prescrites pour le lot (nombre positif).",
    },
    "heures": {
        "marche_reference": "Référence du marché, telle que dans la feuille marches.",
        "donneur_ordre_siret": "SIRET de l'acheteur du marché.",
        "lot": "Lot du marché, tel que dans la feuille marches.",
        "entreprise_siret": "SIRET de l'entreprise (attributaire, co-traitant ou sous-traitant).",
        "entreprise_nom": "Nom de l'entreprise.",
        "entreprise_effectif": "Effectif salarié de l'entreprise (nombre entier).",
        "entreprise_commune": "Code INSEE de la commune de l'établissement (5 caractères).",
        "participant": "Identifiant pseudonyme de la personne (jamais son nom).",
        "sexe": "F ou M.",
        "annee_naissance": "Année de naissance, AAAA.",
        "commune_residence": "Code INSEE de la commune de résidence.",
        "criteres": "Critères d'éligibilité séparés par « ; » parmi DELD, SENIOR, QPV, MINIMA, "
        "JEUNE, TH, PASS_IAE, AUTRE.",
        "type_contrat": "CDD_LONG, CDI, CTT, APPRENTISSAGE, INTERIM, ETTI, SIAE, "
        "PROFESSIONNALISATION ou CUI.",
        "date_debut": "Début du contrat, AAAA-MM-JJ.",
        "date_fin": "Fin du contrat, AAAA-MM-JJ (vide si en cours).",
        "mois": "Mois travaillé, AAAA-MM (dans la période du contrat).",
        "heures": "Heures travaillées dans le mois sur ce lot (nombre positif).",
        "entreprise_role": "Facultatif : rôle de l'entreprise sur le lot, attributaire, "
        "cotraitant ou sous_traitant (vide : attributaire pour une nouvelle entreprise du lot, "
        "inchangé sinon).",
        "entreprise_siae": "Facultatif : employeur d'insertion, EI, ETTI, AI, ACI, EITI, GEIQ ou "
        "EA (vide : inchangé).",
    },
}


class FichierIllisible(Exception):
    """The file cannot be read as the expected workbook or CSV."""


@dataclass
class Erreur:
    feuille: str
    ligne: int
    message: str

    def as_dict(self) -> dict:
        return {"feuille": self.feuille, "ligne": self.ligne, "message": self.message}


@dataclass
class Donnees:
    """The checked content of a file, ready to be written."""

    donneurs: dict = field(default_factory=dict)  # siret → {nom, categorie}
    marches: dict = field(default_factory=dict)  # (siret, ref) → {objet, date, operation}
    lots: dict = field(default_factory=dict)  # (siret, ref, lot) → {type_clause, heures}
    entreprises: dict = field(default_factory=dict)  # siret → {nom, effectif, commune}
    entreprises_siae: dict = field(default_factory=dict)  # siret → SIAE kind (when given)
    roles: dict = field(default_factory=dict)  # (lot key, siret) → role (when given)
    participants: dict = field(default_factory=dict)  # id → {sexe, annee, commune, criteres}
    contrats: dict = field(default_factory=dict)  # (pid, siret, type, debut) → {fin, lots}
    heures: dict = field(default_factory=dict)  # (contrat key, lot key, mois) → Decimal


# --- Reading -----------------------------------------------------------------------------------
# A workbook or a CSV may be hostile (README « Fichiers hostiles »). It is read as a stream and
# bounded before rows pile up: the ZIP guard for the archive (core/zipguard.py), then
# IMPORT_TAILLE_MAX bytes, IMPORT_LIGNES_MAX rows (and row numbers), IMPORT_COLONNES_MAX columns,
# IMPORT_TEXTES_MAX of shared strings, and Excel's own 32,767 characters per cell.

CHUNK = 64 * 1024
CELLULE_MAX = 32767  # characters in one cell: Excel's own limit
XML_PETIT_MAX = 1024 * 1024  # workbook.xml and its relationships: a few Ko in practice


def _entier(nombre: int) -> str:
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


def _trop_de_lignes(feuille: str) -> FichierIllisible:
    return FichierIllisible(
        f"La feuille « {feuille} » dépasse {_entier(settings.IMPORT_LIGNES_MAX)} lignes, la "
        "limite d'un import : découpez le fichier en plusieurs."
    )


def _trop_de_colonnes(feuille: str, numero: int) -> FichierIllisible:
    return FichierIllisible(
        f"La feuille « {feuille} » a, ligne {_entier(numero)}, des cellules au-delà de "
        f"{_entier(settings.IMPORT_COLONNES_MAX)} colonnes, la limite d'un import."
    )


def _cellule_trop_longue(feuille: str, numero: int) -> FichierIllisible:
    return FichierIllisible(
        f"La feuille « {feuille} » a, ligne {_entier(numero)}, une cellule de plus de "
        f"{_entier(CELLULE_MAX)} caractères."
    )


def _lignes(
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
            raise _trop_de_lignes(feuille)
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        valeurs = tuple(
            (textes.setdefault(v, v) if type(v) is str else v)
            for v in (row[i] if i < len(row) else None for i in colonnes)
        )
        lignes.append((numero, Ligne(index, valeurs)))
    return lignes


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
                raise _trop_de_lignes(self.feuille)
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
                raise _trop_de_colonnes(self.feuille, self.numero)
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
                raise _cellule_trop_longue(self.feuille, self.numero)
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
                f"La feuille « {self.feuille} » a, ligne {_entier(self.numero)}, une cellule "
                f"illisible : « {texte[:40]} »."
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
    partages: list[str] = []
    etat = {"texte": None, "capture": False, "phonetique": 0, "longueur": 0}
    maximum = settings.IMPORT_LIGNES_MAX

    def debut(nom, attributs):
        local = _local(nom)
        if local == "si":
            etat["texte"], etat["longueur"] = [], 0
        elif local == "rPh":
            etat["phonetique"] += 1
        elif local == "t" and etat["texte"] is not None and not etat["phonetique"]:
            etat["capture"] = True

    def fin(nom):
        local = _local(nom)
        if local == "t":
            etat["capture"] = False
        elif local == "rPh":
            etat["phonetique"] -= 1
        elif local == "si" and etat["texte"] is not None:
            if len(partages) >= maximum:
                raise FichierIllisible(
                    f"Le classeur contient plus de {_entier(maximum)} textes différents, la "
                    "limite d'un import."
                )
            partages.append("".join(etat["texte"]))
            etat["texte"] = None

    def caracteres(donnees):
        if etat["capture"]:
            etat["longueur"] += len(donnees)
            if etat["longueur"] > CELLULE_MAX:
                raise FichierIllisible(
                    f"Le classeur contient un texte de plus de {_entier(CELLULE_MAX)} caractères."
                )
            etat["texte"].append(donnees)

    parseur = _parseur(debut, fin, caracteres)
    with archive.ouvrir(chemin) as flux:
        while morceau := flux.read(CHUNK):
            parseur.Parse(morceau, False)
        parseur.Parse(b"", True)
    return partages


def _nom(fichier) -> str | None:
    nom = fichier if isinstance(fichier, str | PurePath) else getattr(fichier, "name", None)
    return PurePath(nom).name if nom else None


def _verifier_taille(fichier) -> None:
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


def lire_classeur(fichier) -> tuple[list, list]:
    """Rows of the sheets `marches` and `heures` of an XLSX workbook (path or file object)."""
    _verifier_taille(fichier)
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
            marches = _lignes(_rows_xlsx(archive, feuilles["marches"], "marches", partages),
                              "marches", COLONNES_MARCHES)  # fmt: skip
            heures = _lignes(_rows_xlsx(archive, feuilles["heures"], "heures", partages),
                             "heures", COLONNES_HEURES, COLONNES_HEURES_FACULTATIVES)  # fmt: skip
        except zipguard.ArchiveRefusee as exc:
            raise FichierIllisible(exc.messages[0]) from exc
        except (KeyError, ElementTree.ParseError, expat.ExpatError) as exc:
            raise FichierIllisible("Le fichier n'est pas un classeur XLSX lisible.") from exc
    return marches, heures


NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _lignes_bornees(texte, feuille: str):
    """Physical lines of a text stream, each one bounded (a file without newline is not one
    huge line)."""
    limite = settings.IMPORT_COLONNES_MAX * CELLULE_MAX
    numero = 0
    while ligne := texte.readline(limite + 1):
        numero += 1
        if len(ligne) > limite:
            raise _cellule_trop_longue(feuille, numero)
        yield ligne


def _csv_rows(fichier, feuille: str) -> Iterator[tuple[int, tuple]]:
    """(number, values) of each record of a CSV, streamed (UTF-8, UTF-8 BOM or Windows-1252)."""
    _verifier_taille(fichier)
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
                        raise _trop_de_colonnes(feuille, numero)
                    if any(len(v) > CELLULE_MAX for v in row):
                        raise _cellule_trop_longue(feuille, numero)
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


def lire_csv(marches, heures) -> tuple[list, list]:
    """The same rows from the two files `marches.csv` and `heures.csv`."""
    return (
        _lignes(_csv_rows(marches, "marches"), "marches", COLONNES_MARCHES),
        _lignes(
            _csv_rows(heures, "heures"), "heures", COLONNES_HEURES, COLONNES_HEURES_FACULTATIVES
        ),
    )


# --- Checking ----------------------------------------------------------------------------------


def _texte(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _code(value, longueur: int) -> str:
    texte = _texte(value).replace(" ", "").upper()
    if texte.isdigit() and len(texte) < longueur:
        texte = texte.zfill(longueur)  # a spreadsheet ate the leading zeros
    return texte


EPOQUE_EXCEL = datetime.date(1899, 12, 30)


def _date(value) -> datetime.date:
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 < value < 2958466:
        return EPOQUE_EXCEL + datetime.timedelta(days=int(value))  # a date cell of Excel
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(_texte(value))


def _mois(value) -> datetime.date:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = _date(value)
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, 1)
    texte = _texte(value)
    annee, mois = texte.split("-")
    if len(annee) != 4 or len(mois) != 2:
        raise ValueError(texte)
    return datetime.date(int(annee), int(mois), 1)


def _nombre(value) -> Decimal:
    if isinstance(value, int | float):
        return Decimal(str(value))
    return Decimal(_texte(value).replace(",", ".").replace("\u202f", "").replace(" ", ""))


def _fin_mois(mois: datetime.date) -> datetime.date:
    suivant = datetime.date(mois.year + mois.month // 12, mois.month % 12 + 1, 1)
    return suivant - datetime.timedelta(days=1)


class _Verificateur:
    def __init__(self):
        self.sirets: dict[str, bool] = {}

    def siret(self, value: str) -> bool:
        ok = self.sirets.get(value)
        if ok is None:
            ok = self.sirets[value] = stdnum_siret.is_valid(value)
        return ok


def valider(
    marches: list[tuple[int, dict]],
    heures: list[tuple[int, dict]],
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[Donnees, list[Erreur]]:
    """Check every row; return the parsed data and every error found (all rows are read)."""
    erreurs: list[Erreur] = []
    donnees = Donnees()
    verif = _Verificateur()
    categories = set(DonneurOrdre.Categorie.values)
    types_clause = set(Lot.TypeClause.values)
    types_contrat = set(Contrat.Type.values)
    types_siae = set(Entreprise.TypeEmployeur.values) - {""}
    criteres = set(Critere.objects.values_list("code", flat=True))
    codes_insee = {
        _code(ligne.get(col), 5)
        for _, ligne in heures
        for col in ("entreprise_commune", "commune_residence")
    }
    # One rule for every module: current communes only, the refusal names the one to choose.
    _, communes_refusees = communes_actuelles(codes_insee)
    naissance = bornes(Fenetre.NAISSANCE)
    total = len(marches) + len(heures)
    # Anonymisation replaces the identifier: re-importing an old file would re-create the
    # person and count the hours twice. Contracts of anonymised participants are recognised by
    # what anonymisation keeps (company, contract type, dates, sex).
    contrats_anonymises = set(
        Contrat.objects.filter(
            participant__anonymise_le__isnull=False,
            entreprise__siret__in={_code(li.get("entreprise_siret"), 14) for _, li in heures},
        ).values_list(
            "entreprise__siret", "type_contrat", "date_debut", "date_fin", "participant__sexe"
        )
    )

    # Sheet marches: one row per lot.
    for numero, ligne in marches:
        messages = []
        reference = _texte(ligne["reference"])
        siret = _code(ligne["donneur_ordre_siret"], 14)
        nom = _texte(ligne["donneur_ordre_nom"])
        categorie = _texte(ligne["donneur_ordre_categorie"]).lower()
        objet = _texte(ligne["objet"])
        lot = _texte(ligne["lot"])
        type_clause = _texte(ligne["type_clause"]).lower()
        if not reference:
            messages.append("référence du marché manquante")
        if not verif.siret(siret):
            messages.append(f"SIRET de l'acheteur « {siret} » invalide (clé de contrôle)")
        if not nom:
            messages.append("nom de l'acheteur manquant")
        if categorie not in categories:
            messages.append(f"catégorie d'acheteur « {categorie} » inconnue")
        if not objet:
            messages.append("objet du marché manquant")
        date_notification = None
        try:
            date_notification = _date(ligne["date_notification"])
        except (ValueError, TypeError):
            messages.append(
                f"date de notification « {_texte(ligne['date_notification'])} » invalide "
                "(AAAA-MM-JJ attendu)"
            )
        else:
            if hors := date_hors_fenetre(date_notification, Fenetre.PASSE):
                messages.append(f"date de notification « {date_notification:%Y-%m-%d} » {hors}")
        if not lot:
            messages.append("lot manquant")
        if type_clause not in types_clause:
            messages.append(f"type de clause « {type_clause} » inconnu")
        heures_prescrites = None
        try:
            heures_prescrites = _nombre(ligne["heures_prescrites"])
            if heures_prescrites < 0:
                messages.append("heures prescrites négatives")
        except (InvalidOperation, ValueError):
            messages.append(
                f"heures prescrites « {_texte(ligne['heures_prescrites'])} » : nombre attendu"
            )
        cle_lot = (siret, reference, lot)
        if not messages and cle_lot in donnees.lots:
            messages.append(f"lot {lot} du marché {reference} en double")
        if not messages:
            donneur = {"nom": nom, "categorie": categorie}
            precedent = donnees.donneurs.setdefault(siret, donneur)
            if precedent != donneur:
                messages.append(
                    f"l'acheteur {siret} a un autre nom ou une autre catégorie plus haut"
                )
            marche = {
                "objet": objet,
                "date_notification": date_notification,
                "operation": _texte(ligne["operation"]) or objet,
            }
            precedent = donnees.marches.setdefault((siret, reference), marche)
            if precedent != marche:
                messages.append(
                    f"le marché {reference} a un autre objet, une autre date ou une autre "
                    "opération plus haut"
                )
            donnees.lots[cle_lot] = {"type_clause": type_clause, "heures": heures_prescrites}
        for message in messages:
            erreurs.append(Erreur("marches", numero, message))

    # Lots known in the database count as well as those of the sheet.
    lots_base = set()
    refs = {
        (_code(li["donneur_ordre_siret"], 14), _texte(li["marche_reference"])) for _, li in heures
    }
    refs -= set(donnees.marches)
    if refs:
        for do_siret, ref, numero_lot in Lot.objects.filter(
            marche__reference__in={r for _, r in refs},
            marche__donneur_ordre__siret__in={s for s, _ in refs},
        ).values_list("marche__donneur_ordre__siret", "marche__reference", "numero"):
            lots_base.add((do_siret, ref, numero_lot))
        marches_base = {(s, r) for s, r, _ in lots_base}
    else:
        marches_base = set()

    # Sheet heures: one row per participant, contract, lot and month.
    lignes_vues: dict[tuple, int] = {}
    for rang, (numero, ligne) in enumerate(heures, start=1):
        if on_progress and rang % 5000 == 0:
            on_progress(len(marches) + rang, total)
        messages = []
        reference = _texte(ligne["marche_reference"])
        do_siret = _code(ligne["donneur_ordre_siret"], 14)
        lot = _texte(ligne["lot"])
        cle_lot = (do_siret, reference, lot)
        if cle_lot not in donnees.lots and cle_lot not in lots_base:
            if (do_siret, reference) in donnees.marches or (do_siret, reference) in marches_base:
                messages.append(f"le lot « {lot} » n'existe pas dans le marché {reference}")
            else:
                messages.append(
                    f"le marché « {reference} » de l'acheteur {do_siret} n'est pas dans la "
                    "feuille marches"
                )
        e_siret = _code(ligne["entreprise_siret"], 14)
        if not verif.siret(e_siret):
            messages.append(f"SIRET de l'entreprise « {e_siret} » invalide (clé de contrôle)")
        e_nom = _texte(ligne["entreprise_nom"])
        if not e_nom:
            messages.append("nom de l'entreprise manquant")
        effectif = None
        if _texte(ligne["entreprise_effectif"]):
            try:
                effectif = int(_nombre(ligne["entreprise_effectif"]))
                if effectif < 0:
                    raise ValueError
            except (InvalidOperation, ValueError):
                messages.append(
                    f"effectif « {_texte(ligne['entreprise_effectif'])} » : entier positif attendu"
                )
        e_commune = _code(ligne["entreprise_commune"], 5)
        if e_commune in communes_refusees:
            messages.append(f"commune de l'entreprise : {communes_refusees[e_commune]}")
        participant = _texte(ligne["participant"])
        if not participant:
            messages.append("identifiant du participant manquant")
        sexe = _texte(ligne["sexe"]).upper()
        if sexe not in ("F", "M"):
            messages.append(f"sexe « {sexe} » : F ou M attendu")
        annee = None
        try:
            annee = int(_nombre(ligne["annee_naissance"]))
            if not naissance.debut.year <= annee <= naissance.fin.year:
                raise ValueError
        except (InvalidOperation, ValueError):
            messages.append(
                f"année de naissance « {_texte(ligne['annee_naissance'])} » invalide (entre "
                f"{naissance.debut.year} et {naissance.fin.year})"
            )
        residence = _code(ligne["commune_residence"], 5)
        if residence in communes_refusees:
            messages.append(f"commune de résidence : {communes_refusees[residence]}")
        codes = sorted(
            {c.strip().upper() for c in _texte(ligne["criteres"]).split(";") if c.strip()}
        )
        inconnus = [c for c in codes if c not in criteres]
        if inconnus:
            messages.append(f"critère(s) inconnu(s) : {', '.join(inconnus)}")
        if not codes:
            messages.append("aucun critère d'éligibilité")
        type_contrat = _texte(ligne["type_contrat"]).upper()
        if type_contrat not in types_contrat:
            messages.append(f"type de contrat « {type_contrat} » inconnu")
        debut = fin = mois = None
        try:
            debut = _date(ligne["date_debut"])
        except (ValueError, TypeError):
            messages.append(f"date de début « {_texte(ligne['date_debut'])} » invalide")
        if debut and (hors := date_hors_fenetre(debut, Fenetre.PASSE)):
            messages.append(f"date de début « {debut:%Y-%m-%d} » {hors}")
            debut = None
        if _texte(ligne["date_fin"]):
            try:
                fin = _date(ligne["date_fin"])
            except (ValueError, TypeError):
                messages.append(f"date de fin « {_texte(ligne['date_fin'])} » invalide")
            if fin and (hors := date_hors_fenetre(fin, Fenetre.PROJET)):
                messages.append(f"date de fin « {fin:%Y-%m-%d} » {hors}")
                fin = None
        try:
            mois = _mois(ligne["mois"])
        except (ValueError, TypeError):
            messages.append(f"mois « {_texte(ligne['mois'])} » invalide (AAAA-MM attendu)")
        # Hours are worked: the month has begun, and is not before the window.
        if mois and (hors := date_hors_fenetre(mois, Fenetre.PASSE)):
            messages.append(f"mois « {mois:%Y-%m} » {hors}")
            mois = None
        if debut and fin and fin < debut:
            messages.append("la fin du contrat précède son début")
        elif mois and debut and (_fin_mois(mois) < debut or (fin and mois > fin)):
            messages.append(f"le mois {mois:%Y-%m} est hors de la période du contrat")
        nb_heures = None
        try:
            nb_heures = _nombre(ligne["heures"])
            if nb_heures < 0:
                messages.append("heures négatives")
            elif nb_heures > 744:
                messages.append("plus de 744 heures dans un mois")
        except (InvalidOperation, ValueError):
            messages.append(f"heures « {_texte(ligne['heures'])} » : nombre attendu")
        role_texte = _texte(ligne.get("entreprise_role")).lower().replace("-", "_")
        role = ROLES_IMPORT.get(role_texte.replace(" ", "_")) if role_texte else None
        if role_texte and role is None:
            messages.append(
                f"rôle de l'entreprise « {role_texte} » inconnu (attributaire, cotraitant ou "
                "sous_traitant)"
            )
        siae = _texte(ligne.get("entreprise_siae")).upper() or None
        if siae and siae not in types_siae:
            messages.append(
                f"employeur d'insertion « {siae} » inconnu ({', '.join(sorted(types_siae))})"
            )

        if not messages and (e_siret, type_contrat, debut, fin, sexe) in contrats_anonymises:
            messages.append(
                f"ce contrat ({e_nom}, début {debut:%d/%m/%Y}) appartient à un participant déjà "
                "anonymisé : ses heures sont déjà comptées, retirez ces lignes du fichier"
            )
        if not messages:
            personne = {
                "sexe": sexe,
                "annee_naissance": annee,
                "commune": residence,
                "criteres": tuple(codes),
            }
            precedent = donnees.participants.setdefault(participant, personne)
            if precedent != personne:
                messages.append(
                    f"le participant {participant} a d'autres sexe, année, commune ou critères "
                    "plus haut"
                )
            entreprise = {"nom": e_nom, "effectif": effectif, "commune": e_commune}
            precedent = donnees.entreprises.setdefault(e_siret, entreprise)
            if precedent != entreprise:
                messages.append(
                    f"l'entreprise {e_siret} a un autre nom, effectif ou commune plus haut"
                )
            if siae and donnees.entreprises_siae.setdefault(e_siret, siae) != siae:
                messages.append(
                    f"l'entreprise {e_siret} a un autre employeur d'insertion plus haut"
                )
            if role and donnees.roles.setdefault((cle_lot, e_siret), role) != role:
                messages.append(
                    f"l'entreprise {e_siret} a un autre rôle sur le lot {lot} plus haut"
                )
            cle_contrat = (participant, e_siret, type_contrat, debut)
            contrat = donnees.contrats.setdefault(cle_contrat, {"fin": fin, "lots": set()})
            if contrat["fin"] != fin:
                messages.append("le même contrat a une autre date de fin plus haut")
            cle = (cle_contrat, cle_lot, mois)
            if cle in lignes_vues:
                messages.append(f"ligne en double de la ligne {lignes_vues[cle]}")
            if not messages:
                lignes_vues[cle] = numero
                contrat["lots"].add(cle_lot)
                donnees.heures[cle] = nb_heures
        for message in messages:
            erreurs.append(Erreur("heures", numero, message))
    if on_progress:
        on_progress(total, total)
    return donnees, erreurs
