"""Import of the COG territories (régions, départements, EPCI, communes) from the shipped
copy of `@etalab/decoupage-administratif`.

It never deletes: a code that vanished from the source (within the imported scope) is marked
obsolete with the date, and becomes current again if it reappears (see `sync.py`).
"""

import gzip
import json
import lzma
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from territoires.core.text import normalize_search

from ..models import AncienneCommune, Commune, Departement, Epci, Region
from .reports import KindReport
from .sync import BATCH_SIZE, Progress, ids_by_key, no_progress, sync

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SOURCE_DIR = DATA_DIR / "decoupage-administratif"

# Plain JSON first (a folder given with --source), then the shipped compressed copies.
_OPENERS = ((".json", open), (".json.xz", lzma.open), (".json.gz", gzip.open))


class ImportSourceError(Exception):
    """The source folder or the requested départements cannot be imported."""


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


@dataclass
class _Source:
    """What one run reads from the source, and where the codes it does not read belong."""

    tout: bool
    #: Départements whose vanished codes become obsolete (all of them with `tout`).
    scope: set[str]
    region_rows: list[dict]
    departement_rows: list[dict]
    epcis: list[dict]
    communes: list[dict]
    #: Current communes of the whole source by code, and the EPCI of each of them.
    actuelles: dict[str, dict]
    epci_of_commune: dict[str, str]

    def departement_of(self, code: str) -> str | None:
        row = self.actuelles.get(code)
        return row["departement"] if row else None


def _source_folder(source: Path | str | None) -> Path:
    source = Path(source) if source else SOURCE_DIR
    if not source.is_dir():
        raise ImportSourceError(f"Dossier source introuvable : {source}.")
    return source


def _check_source_files(source: Path) -> None:
    missing = [f"{name}.json" for name in SOURCE_FILES if _source_path(source, name) is None]
    if missing:
        raise ImportSourceError(f"Fichiers introuvables dans {source} : {', '.join(missing)}.")


def _epci_of_commune(src_epcis: list[dict]) -> dict[str, str]:
    # Communes have no EPCI field in the source: the EPCI list their members.
    return {membre["code"]: epci["code"] for epci in src_epcis for membre in epci["membres"]}


def _epcis_and_communes_of(
    scope: set[str], src_epcis: list[dict], src_communes: list[dict], actuelles: dict[str, dict]
) -> tuple[list[dict], list[dict]]:
    """The EPCI having a member in `scope`, imported whole, and the communes to import."""

    def departement_of(code: str) -> str | None:
        row = actuelles.get(code)
        return row["departement"] if row else None

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
    return epcis, communes


def _read_source(source: Path, selected: list[str], tout: bool) -> _Source:
    src_regions = read_source_file(source, "regions")
    src_departements = read_source_file(source, "departements")
    src_epcis = read_source_file(source, "epci")
    src_communes = read_source_file(source, "communes")

    known = {row["code"] for row in src_departements}
    unknown = [code for code in selected if code not in known]
    if unknown and not tout:
        raise ImportSourceError(f"Département inconnu dans la source : {', '.join(unknown)}.")

    actuelles = {row["code"]: row for row in src_communes if row["type"] == Commune.Type.ACTUELLE}
    if tout:
        scope, epcis, communes = known, src_epcis, src_communes
    else:
        scope = set(selected)
        epcis, communes = _epcis_and_communes_of(scope, src_epcis, src_communes, actuelles)
    departement_codes = {row["departement"] for row in communes} | scope
    departement_rows = [row for row in src_departements if row["code"] in departement_codes]
    region_codes = {row["region"] for row in departement_rows}
    return _Source(
        tout=tout,
        scope=scope,
        region_rows=[row for row in src_regions if row["code"] in region_codes],
        departement_rows=departement_rows,
        epcis=epcis,
        communes=communes,
        actuelles=actuelles,
        epci_of_commune=_epci_of_commune(src_epcis),
    )


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
    source = _source_folder(source)
    selected = sorted({code.strip().upper() for code in departements or [] if code.strip()})
    if not tout and not selected:
        raise ImportSourceError("Indiquez au moins un département, ou --tout.")
    _check_source_files(source)
    report = ImportReport(departements=selected, tout=tout, source=source)
    src = _read_source(source, selected, tout)
    common = {"today": today or timezone.localdate(), "progress": progress or no_progress}

    departement_ids = _regions_and_departements_sync(src, report, common)
    scope_departement_ids = {departement_ids[code] for code in src.scope if code in departement_ids}
    epci_ids = _epcis_sync(src, report, common, departement_ids, scope_departement_ids)
    _communes_sync(src, report, common, departement_ids, epci_ids, scope_departement_ids)
    _anciens_codes_sync(communes=src.communes, report=report.anciens_codes)
    return report


def _regions_and_departements_sync(src: _Source, report: ImportReport, common: dict) -> dict:
    """Régions then départements; they vanish only with a national import. Returns the ids
    of the départements by code."""
    sync(
        queryset=Region.objects.all(),
        key_fields=("code",),
        fields=REGION_FIELDS,
        rows={
            (row["code"],): (row["nom"], normalize_search(row["nom"]), False, None)
            for row in src.region_rows
        },
        in_scope=lambda pk, values: src.tout,
        report=report.regions,
        **common,
    )
    region_ids = ids_by_key(Region, "code")
    sync(
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
            for row in src.departement_rows
        },
        in_scope=lambda pk, values: src.tout,
        report=report.departements_report,
        **common,
    )
    return ids_by_key(Departement, "code")


def _epcis_sync(
    src: _Source,
    report: ImportReport,
    common: dict,
    departement_ids: dict[str, int],
    scope_departement_ids: set[int],
) -> dict[str, int]:
    """The EPCI and their départements. Returns the ids of the EPCI by SIREN."""
    # An EPCI is in scope when it was linked to an imported département before this run.
    through = Epci.departements.through
    links = list(through.objects.values_list("pk", "epci_id", "departement_id"))
    epcis_in_scope = {epci_id for _, epci_id, dep_id in links if dep_id in scope_departement_ids}
    changed_epcis = sync(
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
            for epci in src.epcis
        },
        in_scope=lambda pk, values: src.tout or pk in epcis_in_scope,
        report=report.epcis,
        **common,
    )
    epci_ids = ids_by_key(Epci, "siren")
    relinked = _epci_departements_sync(src, links, epci_ids, departement_ids)
    changed_ids = {epci_ids[siren] for (siren,) in changed_epcis}
    report.epcis.updated += len(relinked - changed_ids)
    return epci_ids


def _epci_departements_sync(
    src: _Source, links: list[tuple], epci_ids: dict[str, int], departement_ids: dict[str, int]
) -> set[int]:
    """EPCI ↔ départements, from the départements of their members. Returns the EPCI whose
    départements changed."""
    through = Epci.departements.through
    wanted = {
        (epci_ids[epci["code"]], departement_ids[dep])
        for epci in src.epcis
        for membre in epci["membres"]
        if (dep := src.departement_of(membre["code"])) in departement_ids
    }
    imported = {epci_ids[epci["code"]] for epci in src.epcis}
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
    return {epci_id for epci_id, _ in missing} | set(stale.values())


def _communes_sync(
    src: _Source,
    report: ImportReport,
    common: dict,
    departement_ids: dict[str, int],
    epci_ids: dict[str, int],
    scope_departement_ids: set[int],
) -> None:
    """Current communes first, so that déléguées can point to their parent."""

    def commune_values(row: dict, parent_ids: dict[str, int]) -> tuple:
        parent = _parent_code(row)
        epci = (
            src.epci_of_commune.get(row["code"]) if row["type"] == Commune.Type.ACTUELLE else None
        )
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
        return src.tout or values[departement_index] in scope_departement_ids

    actuelles_qs = Commune.objects.filter(type=Commune.Type.ACTUELLE)
    sync(
        queryset=actuelles_qs,
        key_fields=("code", "type"),
        fields=COMMUNE_FIELDS,
        rows={
            (row["code"], row["type"]): commune_values(row, {})
            for row in src.communes
            if row["type"] == Commune.Type.ACTUELLE
        },
        in_scope=commune_in_scope,
        report=report.communes,
        **common,
    )
    parent_ids = dict(actuelles_qs.values_list("code", "pk").iterator(chunk_size=5000))
    sync(
        queryset=Commune.objects.exclude(type=Commune.Type.ACTUELLE),
        key_fields=("code", "type"),
        fields=COMMUNE_FIELDS,
        rows={
            (row["code"], row["type"]): commune_values(row, parent_ids)
            for row in src.communes
            if row["type"] != Commune.Type.ACTUELLE
        },
        in_scope=commune_in_scope,
        report=report.communes,
        **common,
    )


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
