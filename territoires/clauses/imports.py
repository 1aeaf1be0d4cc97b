"""Reading and checking the facilitator's workbook (sheets `marches` and `heures`).

Nothing here writes: `lire_*` turns the file into rows, `valider` checks every row against
the référentiel and returns either the parsed data or the list of every bad row with why.
`services.import_appliquer` writes the parsed data (all or nothing).
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# Expat ≥ 2.4 refuses entity amplification and never fetches external entities; the
# workbook's XML is read with it (S314 accepted).
from xml.etree import ElementTree  # noqa: S405

from stdnum.fr import siret as stdnum_siret

from territoires.core.dates import Fenetre, bornes, date_hors_fenetre
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


def _entetes(valeurs: Iterable, feuille: str, attendues: list[str]) -> list[str]:
    entetes = [str(v).strip().lower() if v is not None else "" for v in valeurs]
    manquantes = [c for c in attendues if c not in entetes]
    if manquantes:
        raise FichierIllisible(
            f"La feuille « {feuille} » n'a pas les colonnes : {', '.join(manquantes)}."
        )
    return entetes


def _lignes(
    rows: Iterable[tuple], feuille: str, attendues: list[str], facultatives: list[str] = ()
) -> list[tuple[int, dict]]:
    iterator = iter(rows)
    try:
        entetes = _entetes(next(iterator), feuille, attendues)
    except StopIteration:
        raise FichierIllisible(f"La feuille « {feuille} » est vide.") from None
    lues = set(attendues) | set(facultatives)
    index = [(i, nom) for i, nom in enumerate(entetes) if nom in lues]
    lignes = []
    for numero, row in enumerate(iterator, start=2):
        if row is None or all(v is None or str(v).strip() == "" for v in row):
            continue
        lignes.append((numero, {nom: (row[i] if i < len(row) else None) for i, nom in index}))
    return lignes


NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _colonne(reference: str) -> int:
    index = 0
    for char in reference:
        if char.isalpha():
            index = index * 26 + ord(char.upper()) - 64
        else:
            break
    return index - 1


def _texte_riche(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{NS}t"))


def _rows_xlsx(archive: zipfile.ZipFile, chemin: str, partages: list[str]):
    """Rows of one sheet, streamed with the C XML parser (openpyxl's reader is 5× slower)."""
    courant = 0
    with archive.open(chemin) as flux:
        for _, element in ElementTree.iterparse(flux):  # noqa: S314
            if element.tag != f"{NS}row":
                continue
            numero = int(element.get("r") or courant + 1)
            while courant + 1 < numero:  # rows absent from the XML are empty rows
                courant += 1
                yield ()
            courant = numero
            valeurs: dict[int, object] = {}
            for cell in element.iter(f"{NS}c"):
                kind = cell.get("t")
                index = _colonne(cell.get("r", "")) if cell.get("r") else len(valeurs)
                if kind == "inlineStr":
                    valeurs[index] = _texte_riche(cell)
                    continue
                v = cell.find(f"{NS}v")
                if v is None or v.text is None:
                    continue
                if kind == "s":
                    valeurs[index] = partages[int(v.text)]
                elif kind in ("str", "e"):
                    valeurs[index] = v.text
                elif kind == "b":
                    valeurs[index] = v.text == "1"
                else:
                    nombre = float(v.text)
                    valeurs[index] = int(nombre) if nombre.is_integer() else nombre
            element.clear()
            if valeurs:
                yield tuple(valeurs.get(i) for i in range(max(valeurs) + 1))
            else:
                yield ()


def lire_classeur(fichier) -> tuple[list, list]:
    """Rows of the sheets `marches` and `heures` of an XLSX workbook (path or file object)."""
    try:
        archive = zipfile.ZipFile(fichier)
        classeur = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314
        liens = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise FichierIllisible("Le fichier n'est pas un classeur XLSX lisible.") from exc
    cibles = {rel.get("Id"): rel.get("Target") for rel in liens.iter(f"{NS_PKG}Relationship")}
    feuilles = {}
    for sheet in classeur.iter(f"{NS}sheet"):
        cible = cibles.get(sheet.get(f"{NS_REL}id"), "")
        cible = cible.lstrip("/") if cible.startswith("/") else f"xl/{cible}"
        feuilles[(sheet.get("name") or "").strip().lower()] = cible
    partages: list[str] = []
    if "xl/sharedStrings.xml" in archive.namelist():
        racine = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))  # noqa: S314
        partages = [_texte_riche(si) for si in racine.iter(f"{NS}si")]
    for nom in ("marches", "heures"):
        if nom not in feuilles:
            raise FichierIllisible(f"Le classeur n'a pas de feuille « {nom} ».")
    with archive:
        marches = _lignes(_rows_xlsx(archive, feuilles["marches"], partages), "marches",
                          COLONNES_MARCHES)  # fmt: skip
        heures = _lignes(_rows_xlsx(archive, feuilles["heures"], partages), "heures",
                         COLONNES_HEURES, COLONNES_HEURES_FACULTATIVES)  # fmt: skip
    return marches, heures


def _csv_rows(fichier) -> Iterable[tuple]:
    data = fichier.read() if hasattr(fichier, "read") else open(fichier, "rb").read()  # noqa: SIM115
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            data = data.decode("cp1252")
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(data[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    return [tuple(row) for row in csv.reader(io.StringIO(data), dialect)]


def lire_csv(marches, heures) -> tuple[list, list]:
    """The same rows from the two files `marches.csv` and `heures.csv`."""
    return (
        _lignes(_csv_rows(marches), "marches", COLONNES_MARCHES),
        _lignes(_csv_rows(heures), "heures", COLONNES_HEURES, COLONNES_HEURES_FACULTATIVES),
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
