"""Import of the cantons and their communes from the INSEE COG files (`v_canton_AAAA.csv`,
`v_commune_AAAA.csv`): all or nothing, every bad row reported, idempotent."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ..models import Canton, Commune, Departement
from .reports import KindReport, format_number

COLONNES_CANTONS = ("CAN", "DEP", "REG", "COMPCT", "BURCENTRAL", "TNCC", "NCC", "NCCENR",
                    "LIBELLE", "TYPECT")  # fmt: skip
COLONNES_COMMUNES = ("TYPECOM", "COM", "REG", "DEP", "CTCD", "ARR", "TNCC", "NCC", "NCCENR",
                     "LIBELLE", "CAN", "COMPARENT")  # fmt: skip


class CantonsImportError(Exception):
    """The COG files cannot be imported: nothing was written; `erreurs` lists each row."""

    def __init__(self, erreurs: list[str]):
        super().__init__(f"{len(erreurs)} erreur(s) : rien n'a été importé.")
        self.erreurs = erreurs


@dataclass
class CantonsReport:
    departements: list[str]
    cantons: KindReport = field(default_factory=lambda: KindReport("cantons"))
    rattachements: int = 0

    def summary(self) -> str:
        return (
            f"{self.cantons.summary()} ; {format_number(self.rattachements)} commune(s) "
            f"rattachée(s) à leur canton"
        )


def _read_cog_csv(chemin: Path | str, colonnes: tuple[str, ...], erreurs: list[str]) -> list[dict]:
    """Rows of a COG CSV file (UTF-8, comma, header line), with their line numbers."""
    import csv

    chemin = Path(chemin)
    try:
        texte = chemin.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        erreurs.append(f"{chemin.name} : fichier illisible ({error}).")
        return []
    lignes = texte.splitlines()
    if not lignes:
        erreurs.append(f"{chemin.name} : fichier vide.")
        return []
    separateur = ";" if lignes[0].count(";") > lignes[0].count(",") else ","
    lecteur = csv.DictReader(lignes, delimiter=separateur)
    manquantes = [c for c in colonnes if c not in (lecteur.fieldnames or [])]
    if manquantes:
        erreurs.append(
            f"{chemin.name} : colonne(s) absente(s) : {', '.join(manquantes)} (attendu : "
            f"{', '.join(colonnes)})."
        )
        return []
    sortie = []
    for numero, ligne in enumerate(lecteur, start=2):
        sortie.append({**{k: (v or "").strip() for k, v in ligne.items() if k}, "_ligne": numero})
    return sortie


@transaction.atomic
def cantons_import(
    *, fichier_cantons: Path | str, fichier_communes: Path | str, departements: list[str]
) -> CantonsReport:
    """Cantons of `departements` and their communes, from the INSEE COG files; all or nothing.

    Idempotent: a second run changes nothing. A canton of these départements missing from
    the file becomes obsolete (and loses its communes); nothing is deleted.
    """
    erreurs: list[str] = []
    nom_c, nom_m = Path(fichier_cantons).name, Path(fichier_communes).name
    lignes_cantons = _read_cog_csv(fichier_cantons, COLONNES_CANTONS, erreurs)
    lignes_communes = _read_cog_csv(fichier_communes, COLONNES_COMMUNES, erreurs)
    if erreurs:
        raise CantonsImportError(erreurs)
    deps = _departements_imported(departements, erreurs)
    cantons = _cantons_read(lignes_cantons, departements, nom_c, erreurs)
    composition = _composition_read(lignes_communes, cantons, departements, nom_c, nom_m, erreurs)
    if erreurs:
        raise CantonsImportError(erreurs)

    rapport = CantonsReport(departements=list(departements))
    existants = {c.code: c for c in Canton.objects.filter(departement__code__in=departements)}
    for code, ligne in cantons.items():
        created, changed = _canton_save(code, ligne, composition[code], existants, deps)
        rapport.cantons.created += created
        rapport.cantons.updated += changed
        rapport.rattachements += len(composition[code])
    rapport.cantons.obsoleted += _vanished_cantons_obsolete(existants, cantons)
    return rapport


def _departements_imported(departements: list[str], erreurs: list[str]) -> dict:
    """The départements of the référentiel by code; an error for each one not imported."""
    deps = {d.code: d for d in Departement.objects.filter(code__in=departements)}
    for code in departements:
        if code not in deps:
            erreurs.append(
                f"Département {code} absent du référentiel : lancez d'abord "
                f"« territoires referentiel import --departement {code} »."
            )
    return deps


def _cantons_read(
    lignes: list[dict], departements: list[str], nom_c: str, erreurs: list[str]
) -> dict[str, dict]:
    """The rows of the cantons of `departements` by code, each bad row reported."""
    types = {t.value for t in Canton.Type}
    cantons: dict[str, dict] = {}
    for ligne in lignes:
        if ligne["DEP"] not in departements:
            continue
        ou = f"{nom_c}, ligne {ligne['_ligne']}"
        code, nom = ligne["CAN"], ligne["LIBELLE"] or ligne["NCCENR"]
        if not code:
            erreurs.append(f"{ou} : code de canton (CAN) vide.")
            continue
        if not code.startswith(ligne["DEP"]):
            erreurs.append(f"{ou} : le canton {code} ne commence pas par son département.")
        if ligne["TYPECT"] not in types:
            erreurs.append(f"{ou} : type de canton « {ligne['TYPECT']} » inconnu (C, V ou N).")
        if not nom:
            erreurs.append(f"{ou} : nom du canton (LIBELLE) vide.")
        if code in cantons:
            erreurs.append(f"{ou} : canton {code} en double.")
        cantons[code] = ligne
    return cantons


def _composition_read(
    lignes: list[dict],
    cantons: dict[str, dict],
    departements: list[str],
    nom_c: str,
    nom_m: str,
    erreurs: list[str],
) -> dict[str, set[int]]:
    """The ids of the communes of each canton, each bad row of the communes' file reported."""
    communes = {
        c.code: c.pk
        for c in Commune.objects.filter(
            departement__code__in=departements, type=Commune.Type.ACTUELLE, obsolete=False
        ).only("code")
    }
    composition: dict[str, set[int]] = {code: set() for code in cantons}
    for ligne in lignes:
        # Only current communes carry a canton; déléguées, associées, arrondissements do not.
        if ligne["DEP"] not in departements or ligne["TYPECOM"] != "COM":
            continue
        ou = f"{nom_m}, ligne {ligne['_ligne']}"
        if not ligne["CAN"]:
            erreurs.append(f"{ou} : commune {ligne['COM']} sans canton (CAN vide).")
        elif ligne["CAN"] not in cantons:
            erreurs.append(
                f"{ou} : commune {ligne['COM']} rattachée au canton {ligne['CAN']} absent de "
                f"{nom_c}."
            )
        elif ligne["COM"] not in communes:
            erreurs.append(
                f"{ou} : commune {ligne['COM']} ({ligne['LIBELLE']}) inconnue du référentiel "
                f"(millésime différent ? mettez à jour le référentiel)."
            )
        else:
            composition[ligne["CAN"]].add(communes[ligne["COM"]])
    return composition


def _canton_save(
    code: str, ligne: dict, communes: set[int], existants: dict[str, Canton], deps: dict
) -> tuple[bool, bool]:
    """Create or update one canton and its communes: (created, changed)."""
    valeurs = {
        "nom": ligne["LIBELLE"] or ligne["NCCENR"],
        "type": ligne["TYPECT"],
        "departement": deps[ligne["DEP"]],
        "bureau_centralisateur": ligne["BURCENTRAL"],
        "obsolete": False,
        "date_obsolete": None,
    }
    canton = existants.get(code) or Canton.objects.filter(code=code).first()
    if canton is None:
        canton = Canton.objects.create(code=code, **valeurs)
        canton.communes.set(communes)
        return True, False
    change = any(getattr(canton, k) != v for k, v in valeurs.items())
    if change:
        for k, v in valeurs.items():
            setattr(canton, k, v)
        canton.save()
    if set(canton.communes.values_list("pk", flat=True)) != communes:
        canton.communes.set(communes)
        change = True
    return False, change


def _vanished_cantons_obsolete(existants: dict[str, Canton], cantons: dict[str, dict]) -> int:
    """Cantons of the départements missing from the file become obsolete, without communes."""
    obsoleted = 0
    for code, canton in existants.items():
        if code not in cantons and not canton.obsolete:
            canton.obsolete = True
            canton.date_obsolete = timezone.localdate()
            canton.save()
            canton.communes.clear()
            obsoleted += 1
    return obsoleted
