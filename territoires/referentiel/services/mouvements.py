"""Import of the INSEE file of the communes' events (`v_mvt_commune_AAAA.csv` of the COG).

Each row is one event: before (`TYPECOM_AV`, `COM_AV`, `LIBELLE_AV`) and after
(`TYPECOM_AP`, `COM_AP`, `LIBELLE_AP`), with its kind (`MOD`) and date (`DATE_EFF`). A code
that stopped being a commune is followed, event after event, to the current communes of the
référentiel that took it in; each (old code, current commune) becomes an `AncienneCommune`
with the old name and the date. All or nothing, every bad line reported; idempotent.
"""

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ..communes import CODE_INSEE
from ..models import AncienneCommune, Commune

COLONNES = ("MOD", "DATE_EFF", "TYPECOM_AV", "COM_AV", "LIBELLE_AV", "TYPECOM_AP", "COM_AP",
            "LIBELLE_AP")  # fmt: skip
TYPES = {"COM", "COMA", "COMD", "ARM"}
# Bounded reads: the file is a few megabytes; a line longer than this is not the COG's.
LIGNE_MAX = 4096


class MouvementsImportError(Exception):
    """The file cannot be imported: nothing was written; `erreurs` lists each line."""

    def __init__(self, erreurs: list[str]):
        super().__init__(f"{len(erreurs)} erreur(s) : rien n'a été importé.")
        self.erreurs = erreurs


@dataclass
class MouvementsReport:
    lignes: int = 0
    creees: int = 0
    mises_a_jour: int = 0
    sans_commune_actuelle: int = 0

    def summary(self) -> str:
        return (
            f"{self.lignes} mouvement(s) lu(s) ; anciens codes : {self.creees} créé(s), "
            f"{self.mises_a_jour} mis à jour ; {self.sans_commune_actuelle} ancien(s) code(s) "
            "sans commune actuelle dans le référentiel (autres départements ?)"
        )


@dataclass(frozen=True)
class _Evenement:
    date: datetime.date
    vers: str
    nom_avant: str


def _lignes(chemin: Path, erreurs: list[str]) -> list[tuple[int, dict]]:
    """Rows of the CSV (UTF-8, comma or semicolon), read line by line, with their numbers."""
    try:
        handle = open(chemin, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as error:
        erreurs.append(f"{chemin.name} : fichier illisible ({error}).")
        return []
    with handle:
        try:
            entete = handle.readline(LIGNE_MAX)
        except UnicodeDecodeError:
            erreurs.append(f"{chemin.name} : le fichier n'est pas en UTF-8.")
            return []
        separateur = ";" if entete.count(";") > entete.count(",") else ","
        noms = next(csv.reader(io.StringIO(entete), delimiter=separateur), [])
        noms = [nom.strip().upper() for nom in noms]
        manquantes = [c for c in COLONNES if c not in noms]
        if manquantes:
            erreurs.append(
                f"{chemin.name} : colonne(s) absente(s) : {', '.join(manquantes)} (attendu : "
                f"{', '.join(COLONNES)}…)."
            )
            return []
        sortie = []
        numero = 1
        try:
            while ligne := handle.readline(LIGNE_MAX):
                numero += 1
                if not ligne.endswith("\n") and len(ligne) >= LIGNE_MAX:
                    erreurs.append(f"{chemin.name}, ligne {numero} : ligne trop longue.")
                    return []
                if not ligne.strip():
                    continue
                valeurs = next(csv.reader([ligne], delimiter=separateur))
                sortie.append((numero, dict(zip(noms, (v.strip() for v in valeurs), strict=False))))
        except UnicodeDecodeError:
            erreurs.append(f"{chemin.name}, ligne {numero + 1} : le fichier n'est pas en UTF-8.")
            return []
    return sortie


def _evenements(lignes, nom: str, erreurs: list[str]) -> dict[str, list[_Evenement]]:
    """Old code → the events that gave its territory to another code (checked line by line)."""
    suites: dict[str, list[_Evenement]] = defaultdict(list)
    for numero, ligne in lignes:
        ou = f"{nom}, ligne {numero}"
        messages = []
        if not ligne.get("MOD", "").isdigit():
            messages.append(f"type d'événement (MOD) « {ligne.get('MOD', '')} » non numérique")
        try:
            date = datetime.date.fromisoformat(ligne.get("DATE_EFF", ""))
        except ValueError:
            messages.append(f"date d'effet « {ligne.get('DATE_EFF', '')} » invalide (AAAA-MM-JJ)")
        for cote in ("AV", "AP"):
            if ligne.get(f"TYPECOM_{cote}") not in TYPES:
                messages.append(
                    f"TYPECOM_{cote} « {ligne.get(f'TYPECOM_{cote}', '')} » inconnu "
                    f"({', '.join(sorted(TYPES))})"
                )
            if not CODE_INSEE.match(ligne.get(f"COM_{cote}", "")):
                messages.append(f"COM_{cote} « {ligne.get(f'COM_{cote}', '')} » invalide")
        erreurs.extend(f"{ou} : {message}." for message in messages)
        if messages:
            continue
        avant, apres = ligne["COM_AV"], ligne["COM_AP"]
        # Only a commune handing its territory to another commune code matters here; a name
        # change keeps the code, a commune becoming déléguée keeps it beside its parent.
        if ligne["TYPECOM_AV"] == "COM" and ligne["TYPECOM_AP"] == "COM" and avant != apres:
            suites[avant].append(_Evenement(date, apres, ligne["LIBELLE_AV"]))
    return suites


def _actuelles(code: str, suites, actuelles: set[str]) -> set[str]:
    """The current communes a code ends in, following its latest events (cycle-safe)."""
    trouvees, vus, pile = set(), {code}, [code]
    while pile:
        courant = pile.pop()
        evenements = suites.get(courant, [])
        if not evenements:
            continue
        derniere = max(e.date for e in evenements)
        for evenement in evenements:
            if evenement.date != derniere or evenement.vers in vus:
                continue
            vus.add(evenement.vers)
            if evenement.vers in actuelles:
                trouvees.add(evenement.vers)
            else:
                pile.append(evenement.vers)
    return trouvees


@transaction.atomic
def mouvements_import(*, fichier: Path | str) -> MouvementsReport:
    """Old codes → current communes from the INSEE events file; all or nothing, idempotent."""
    chemin = Path(fichier)
    erreurs: list[str] = []
    lignes = _lignes(chemin, erreurs)
    suites = _evenements(lignes, chemin.name, erreurs)
    if erreurs:
        raise MouvementsImportError(erreurs)
    report = MouvementsReport(lignes=len(lignes))
    ids = dict(
        Commune.objects.filter(type=Commune.Type.ACTUELLE, obsolete=False).values_list("code", "pk")
    )
    existantes = {
        (a.code, a.commune_actuelle_id): a
        for a in AncienneCommune.objects.filter(code__in=list(suites))
    }
    for code, evenements in sorted(suites.items()):
        if code in ids:
            continue  # re-established since: a current commune again
        cibles = _actuelles(code, suites, set(ids))
        if not cibles:
            report.sans_commune_actuelle += 1
            continue
        dernier = max(evenements, key=lambda e: e.date)
        valeurs = {
            "nom": dernier.nom_avant[:200],
            "date_effet": dernier.date,
            "source": AncienneCommune.Source.MOUVEMENTS,
        }
        for cible in sorted(cibles):
            ancienne = existantes.get((code, ids[cible]))
            if ancienne is None:
                AncienneCommune.objects.create(code=code, commune_actuelle_id=ids[cible], **valeurs)
                report.creees += 1
            elif any(getattr(ancienne, k) != v for k, v in valeurs.items()):
                for k, v in valeurs.items():
                    setattr(ancienne, k, v)
                ancienne.save()
                report.mises_a_jour += 1
    return report
