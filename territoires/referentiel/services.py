"""Writes of the référentiel: the import of the COG territories.

The import compares the source with the database in memory and writes only the differences,
in batches (`bulk_create` / `bulk_update`), so that all France takes seconds, not minutes.
It never deletes: a code that vanished from the source (within the imported scope) is marked
obsolete with the date, and becomes current again if it reappears.
"""

import gzip
import json
import lzma
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from territoires.core.text import normalize_search

from .models import AncienneCommune, Canton, Commune, Departement, Epci, Region

T = TypeVar("T")
Progress = Callable[[Iterable[T], str, int], Iterable[T]]

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCE_DIR = DATA_DIR / "decoupage-administratif"
BATCH_SIZE = 2000

# Plain JSON first (a folder given with --source), then the shipped compressed copies.
_OPENERS = ((".json", open), (".json.xz", lzma.open), (".json.gz", gzip.open))


class ImportSourceError(Exception):
    """The source folder or the requested départements cannot be imported."""


@dataclass
class KindReport:
    label: str
    feminine: bool = False
    created: int = 0
    updated: int = 0
    obsoleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.obsoleted)

    def summary(self) -> str:
        """« communes : 458 créées, 0 mises à jour, 0 rendues obsolètes »."""
        created, updated, obsoleted = (
            ("créées", "mises à jour", "rendues obsolètes")
            if self.feminine
            else ("créés", "mis à jour", "rendus obsolètes")
        )
        return (
            f"{self.label} : {_number(self.created)} {created}, "
            f"{_number(self.updated)} {updated}, {_number(self.obsoleted)} {obsoleted}"
        )


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


@dataclass
class ImportReport:
    departements: list[str]
    tout: bool
    source: Path
    regions: KindReport = field(default_factory=lambda: KindReport("régions", feminine=True))
    departements_report: KindReport = field(default_factory=lambda: KindReport("départements"))
    epcis: KindReport = field(default_factory=lambda: KindReport("EPCI"))
    communes: KindReport = field(default_factory=lambda: KindReport("communes", feminine=True))
    anciens_codes: KindReport = field(default_factory=lambda: KindReport("anciens codes"))

    @property
    def kinds(self) -> list[KindReport]:
        return [self.regions, self.departements_report, self.epcis, self.communes,
                self.anciens_codes]  # fmt: skip

    @property
    def changed(self) -> bool:
        return any(kind.changed for kind in self.kinds)


SOURCE_FILES = ("regions", "departements", "epci", "communes")


def _source_path(directory: Path, name: str) -> tuple[Path, Callable] | None:
    for suffix, opener in _OPENERS:
        path = directory / f"{name}{suffix}"
        if path.exists():
            return path, opener
    return None


def read_source_file(directory: Path, name: str) -> Any:
    """`name`.json from `directory`, plain or compressed (xz, gzip)."""
    found = _source_path(directory, name)
    if found is None:
        raise ImportSourceError(f"Fichier {name}.json introuvable dans {directory}.")
    path, opener = found
    try:
        with opener(path, "rb") as handle:
            return json.load(handle)
    except (OSError, EOFError, lzma.LZMAError, ValueError) as error:
        raise ImportSourceError(f"Fichier illisible : {path} ({error}).") from error


def _no_progress(iterable: Iterable[T], description: str, total: int) -> Iterable[T]:
    return iterable


# --- Generic synchronisation ----------------------------------------------------------------


def _sync(
    *,
    queryset: models.QuerySet,
    key_fields: tuple[str, ...],
    fields: tuple[str, ...],
    rows: dict[tuple, tuple],
    in_scope: Callable[[int, tuple], bool],
    report: KindReport,
    today: date,
    progress: Progress,
) -> set[tuple]:
    """Make `queryset` match `rows` ({key: values of `fields`}), without deleting anything.

    Existing rows are read as tuples (not model instances) to keep memory low on all France.
    A row missing from `rows` is made obsolete only when `in_scope(pk, values)` says the
    import covered it (importing the Gers must not make the Hérault obsolete).
    Returns the keys created or updated.
    """
    model = queryset.model
    nkeys = len(key_fields)
    obsolete_index = fields.index("obsolete")
    existing = {}
    for values in queryset.values_list("pk", *key_fields, *fields).iterator(chunk_size=5000):
        existing[values[1 : 1 + nkeys]] = (values[0], values[1 + nkeys :])

    now = timezone.now()
    changed: set[tuple] = set()
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    update_fields = (*fields, "modifie_le")

    def flush(force: bool = False) -> None:
        if to_create and (force or len(to_create) >= BATCH_SIZE):
            model.objects.bulk_create(to_create)
            to_create.clear()
        if to_update and (force or len(to_update) >= BATCH_SIZE):
            model.objects.bulk_update(to_update, update_fields, batch_size=500)
            to_update.clear()

    for key, values in progress(rows.items(), report.label, len(rows)):
        current = existing.pop(key, None)
        if current is None:
            to_create.append(model(**_kw(key_fields, key), **_kw(fields, values)))
            report.created += 1
            changed.add(key)
        elif current[1] != values:
            to_update.append(model(pk=current[0], modifie_le=now, **_kw(fields, values)))
            report.updated += 1
            changed.add(key)
        flush()

    # What is left existed before but is not in the source.
    for pk, values in existing.values():
        if values[obsolete_index] or not in_scope(pk, values):
            continue
        obsolete_values = dict(_kw(fields, values), obsolete=True, date_obsolete=today)
        to_update.append(model(pk=pk, modifie_le=now, **obsolete_values))
        report.obsoleted += 1
        flush()
    flush(force=True)
    return changed


def _kw(fields: tuple[str, ...], values: tuple) -> dict[str, Any]:
    return dict(zip(fields, values, strict=True))


def _ids(model: type[models.Model], key: str, **filters) -> dict[str, int]:
    return dict(model.objects.filter(**filters).values_list(key, "pk").iterator(chunk_size=5000))


# --- The import -----------------------------------------------------------------------------

REGION_FIELDS = ("nom", "nom_recherche", "obsolete", "date_obsolete")
DEPARTEMENT_FIELDS = ("nom", "nom_recherche", "region_id", "obsolete", "date_obsolete")
EPCI_FIELDS = (
    "nom",
    "nom_recherche",
    "type",
    "mode_financement",
    "population",
    "population_totale",
    "obsolete",
    "date_obsolete",
)
COMMUNE_FIELDS = (
    "nom",
    "nom_recherche",
    "siren",
    "codes_postaux",
    "population",
    "departement_id",
    "commune_parente_id",
    "epci_id",
    "anciens_codes",
    "obsolete",
    "date_obsolete",
)


def _parent_code(row: dict) -> str | None:
    # Déléguées and associées name their commune nouvelle in `chefLieu`, arrondissements
    # municipaux (Paris, Lyon, Marseille) their commune in `commune`.
    return row.get("chefLieu") or row.get("commune")


@transaction.atomic
def referentiel_import(
    *,
    departements: Iterable[str] | None = None,
    tout: bool = False,
    source: Path | str | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> ImportReport:
    """Import régions, départements, EPCI and communes from `source` (the shipped copy).

    With `tout`, all France; otherwise the given départements, plus every EPCI having a member
    there, imported whole (its communes of other départements too, with their département and
    région). Idempotent: a second run changes nothing.
    """
    source = Path(source) if source else SOURCE_DIR
    if not source.is_dir():
        raise ImportSourceError(f"Dossier source introuvable : {source}.")
    progress = progress or _no_progress
    today = today or timezone.localdate()
    selected = sorted({code.strip().upper() for code in departements or [] if code.strip()})
    if not tout and not selected:
        raise ImportSourceError("Indiquez au moins un département, ou --tout.")
    missing = [f"{name}.json" for name in SOURCE_FILES if _source_path(source, name) is None]
    if missing:
        raise ImportSourceError(f"Fichiers introuvables dans {source} : {', '.join(missing)}.")
    report = ImportReport(departements=selected, tout=tout, source=source)

    src_regions = read_source_file(source, "regions")
    src_departements = read_source_file(source, "departements")
    src_epcis = read_source_file(source, "epci")
    src_communes = read_source_file(source, "communes")

    known = {row["code"] for row in src_departements}
    unknown = [code for code in selected if code not in known]
    if unknown and not tout:
        raise ImportSourceError(f"Département inconnu dans la source : {', '.join(unknown)}.")

    actuelles = {row["code"]: row for row in src_communes if row["type"] == Commune.Type.ACTUELLE}
    epci_of_commune: dict[str, str] = {}
    for epci in src_epcis:
        for membre in epci["membres"]:
            epci_of_commune[membre["code"]] = epci["code"]

    def departement_of(code: str) -> str | None:
        row = actuelles.get(code)
        return row["departement"] if row else None

    # Scope: what this run reads from the source.
    if tout:
        scope = known
        epcis = src_epcis
        communes = src_communes
    else:
        scope = set(selected)
        epcis = [
            epci
            for epci in src_epcis
            if any(departement_of(m["code"]) in scope for m in epci["membres"])
        ]
        communes = [row for row in src_communes if row["departement"] in scope]
        # An EPCI straddling départements is imported whole.
        for epci in epcis:
            for membre in epci["membres"]:
                row = actuelles.get(membre["code"])
                if row and row["departement"] not in scope:
                    communes.append(row)
    departement_codes = {row["departement"] for row in communes} | scope
    departement_rows = [row for row in src_departements if row["code"] in departement_codes]
    region_codes = {row["region"] for row in departement_rows}
    region_rows = [row for row in src_regions if row["code"] in region_codes]
    del src_communes, src_regions, src_departements

    common = {"today": today, "progress": progress}

    # Régions and départements vanish only with a national import.
    _sync(
        queryset=Region.objects.all(),
        key_fields=("code",),
        fields=REGION_FIELDS,
        rows={
            (row["code"],): (row["nom"], normalize_search(row["nom"]), False, None)
            for row in region_rows
        },
        in_scope=lambda pk, values: tout,
        report=report.regions,
        **common,
    )
    region_ids = _ids(Region, "code")
    _sync(
        queryset=Departement.objects.all(),
        key_fields=("code",),
        fields=DEPARTEMENT_FIELDS,
        rows={
            (row["code"],): (
                row["nom"],
                normalize_search(row["nom"]),
                region_ids[row["region"]],
                False,
                None,
            )
            for row in departement_rows
        },
        in_scope=lambda pk, values: tout,
        report=report.departements_report,
        **common,
    )
    departement_ids = _ids(Departement, "code")
    scope_departement_ids = {departement_ids[code] for code in scope if code in departement_ids}

    # An EPCI is in scope when it was linked to an imported département before this run.
    through = Epci.departements.through
    links = list(through.objects.values_list("pk", "epci_id", "departement_id"))
    epcis_in_scope = {epci_id for _, epci_id, dep_id in links if dep_id in scope_departement_ids}
    changed_epcis = _sync(
        queryset=Epci.objects.all(),
        key_fields=("siren",),
        fields=EPCI_FIELDS,
        rows={
            (epci["code"],): (
                epci["nom"],
                normalize_search(epci["nom"]),
                epci["type"],
                epci.get("modeFinancement") or "",
                epci.get("populationMunicipale"),
                epci.get("populationTotale"),
                False,
                None,
            )
            for epci in epcis
        },
        in_scope=lambda pk, values: tout or pk in epcis_in_scope,
        report=report.epcis,
        **common,
    )
    epci_ids = _ids(Epci, "siren")

    # EPCI ↔ départements, from the départements of their members.
    wanted = {
        (epci_ids[epci["code"]], departement_ids[dep])
        for epci in epcis
        for membre in epci["membres"]
        if (dep := departement_of(membre["code"])) in departement_ids
    }
    imported = {epci_ids[epci["code"]] for epci in epcis}
    have = {(epci_id, dep_id): pk for pk, epci_id, dep_id in links}
    stale = {pk: pair[0] for pair, pk in have.items() if pair[0] in imported and pair not in wanted}
    missing = wanted - set(have)
    if stale:
        through.objects.filter(pk__in=list(stale)).delete()
    if missing:
        through.objects.bulk_create(
            [through(epci_id=epci_id, departement_id=dep_id) for epci_id, dep_id in missing],
            batch_size=BATCH_SIZE,
        )
    changed_ids = {epci_ids[siren] for (siren,) in changed_epcis}
    relinked = {epci_id for epci_id, _ in missing} | set(stale.values())
    report.epcis.updated += len(relinked - changed_ids)

    # Communes: current ones first, so that déléguées can point to their parent.
    def commune_values(row: dict, parent_ids: dict[str, int]) -> tuple:
        parent = _parent_code(row)
        epci = epci_of_commune.get(row["code"]) if row["type"] == Commune.Type.ACTUELLE else None
        return (
            row["nom"],
            normalize_search(row["nom"]),
            row.get("siren") or "",
            row.get("codesPostaux") or [],
            row.get("population"),
            departement_ids[row["departement"]],
            parent_ids.get(parent) if parent else None,
            epci_ids.get(epci) if epci else None,
            row.get("anciensCodes") or [],
            False,
            None,
        )

    departement_index = COMMUNE_FIELDS.index("departement_id")

    def commune_in_scope(pk: int, values: tuple) -> bool:
        return tout or values[departement_index] in scope_departement_ids

    actuelles_qs = Commune.objects.filter(type=Commune.Type.ACTUELLE)
    _sync(
        queryset=actuelles_qs,
        key_fields=("code", "type"),
        fields=COMMUNE_FIELDS,
        rows={
            (row["code"], row["type"]): commune_values(row, {})
            for row in communes
            if row["type"] == Commune.Type.ACTUELLE
        },
        in_scope=commune_in_scope,
        report=report.communes,
        **common,
    )
    parent_ids = dict(actuelles_qs.values_list("code", "pk").iterator(chunk_size=5000))
    _sync(
        queryset=Commune.objects.exclude(type=Commune.Type.ACTUELLE),
        key_fields=("code", "type"),
        fields=COMMUNE_FIELDS,
        rows={
            (row["code"], row["type"]): commune_values(row, parent_ids)
            for row in communes
            if row["type"] != Commune.Type.ACTUELLE
        },
        in_scope=commune_in_scope,
        report=report.communes,
        **common,
    )
    _anciens_codes_sync(communes=communes, report=report.anciens_codes)
    return report


def _anciens_codes_sync(*, communes: list[dict], report: KindReport) -> None:
    """Old code → current commune, from the `anciensCodes` of the current communes.

    The source gives no name: a commune déléguée or associée keeping the old code lends
    its own. Rows already known (from here or from `import-mouvements`) are kept as they are.
    """
    actuelles = [
        row for row in communes if row["type"] == Commune.Type.ACTUELLE and row.get("anciensCodes")
    ]
    if not actuelles:
        return
    ids = dict(
        Commune.objects.filter(
            type=Commune.Type.ACTUELLE, code__in={row["code"] for row in actuelles}
        ).values_list("code", "pk")
    )
    noms = {
        (row.get("chefLieu"), row["code"]): row["nom"]
        for row in communes
        if row["type"] != Commune.Type.ACTUELLE
    }
    known = set(
        AncienneCommune.objects.filter(commune_actuelle_id__in=ids.values()).values_list(
            "code", "commune_actuelle_id"
        )
    )
    to_create = []
    for row in actuelles:
        commune_id = ids[row["code"]]
        for code in row["anciensCodes"]:
            if code == row["code"] or (code, commune_id) in known:
                continue
            known.add((code, commune_id))
            to_create.append(
                AncienneCommune(
                    code=code,
                    nom=noms.get((row["code"], code), ""),
                    commune_actuelle_id=commune_id,
                    source=AncienneCommune.Source.DECOUPAGE,
                )
            )
    AncienneCommune.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    report.created += len(to_create)


# --- Cantons (INSEE COG files) ----------------------------------------------------------------

COLONNES_CANTONS = ("CAN", "DEP", "REG", "COMPCT", "BURCENTRAL", "TNCC", "NCC", "NCCENR",
                    "LIBELLE", "TYPECT")  # fmt: skip
COLONNES_COMMUNES = ("TYPECOM", "COM", "REG", "DEP", "CTCD", "ARR", "TNCC", "NCC", "NCCENR",
                     "LIBELLE", "CAN", "COMPARENT")  # fmt: skip


class ImportCantonsErreur(Exception):
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
            f"{self.cantons.summary()} ; {_number(self.rattachements)} commune(s) "
            f"rattachée(s) à leur canton"
        )


def _lire_cog(chemin: Path | str, colonnes: tuple[str, ...], erreurs: list[str]) -> list[dict]:
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
def cantons_importer(
    *, fichier_cantons: Path | str, fichier_communes: Path | str, departements: list[str]
) -> CantonsReport:
    """Cantons of `departements` and their communes, from the INSEE COG files; all or nothing.

    Idempotent: a second run changes nothing. A canton of these départements missing from
    the file becomes obsolete (and loses its communes); nothing is deleted.
    """
    erreurs: list[str] = []
    nom_c, nom_m = Path(fichier_cantons).name, Path(fichier_communes).name
    lignes_cantons = _lire_cog(fichier_cantons, COLONNES_CANTONS, erreurs)
    lignes_communes = _lire_cog(fichier_communes, COLONNES_COMMUNES, erreurs)
    if erreurs:
        raise ImportCantonsErreur(erreurs)
    deps = {d.code: d for d in Departement.objects.filter(code__in=departements)}
    for code in departements:
        if code not in deps:
            erreurs.append(
                f"Département {code} absent du référentiel : lancez d'abord "
                f"« territoires referentiel import --departement {code} »."
            )
    types = {t.value for t in Canton.Type}
    cantons: dict[str, dict] = {}
    for ligne in lignes_cantons:
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
    communes = {
        c.code: c.pk
        for c in Commune.objects.filter(
            departement__code__in=departements, type=Commune.Type.ACTUELLE, obsolete=False
        ).only("code")
    }
    composition: dict[str, set[int]] = {code: set() for code in cantons}
    for ligne in lignes_communes:
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
    if erreurs:
        raise ImportCantonsErreur(erreurs)

    rapport = CantonsReport(departements=list(departements))
    existants = {c.code: c for c in Canton.objects.filter(departement__code__in=departements)}
    for code, ligne in cantons.items():
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
            canton.communes.set(composition[code])
            rapport.cantons.created += 1
        else:
            change = any(getattr(canton, k) != v for k, v in valeurs.items())
            if change:
                for k, v in valeurs.items():
                    setattr(canton, k, v)
                canton.save()
            if set(canton.communes.values_list("pk", flat=True)) != composition[code]:
                canton.communes.set(composition[code])
                change = True
            rapport.cantons.updated += change
        rapport.rattachements += len(composition[code])
    for code, canton in existants.items():
        if code not in cantons and not canton.obsolete:
            canton.obsolete = True
            canton.date_obsolete = timezone.localdate()
            canton.save()
            canton.communes.clear()
            rapport.cantons.obsoleted += 1
    return rapport
