"""Versions written by the modules themselves (datasets that publish themselves).

`version_create_from_rows` takes typed rows, writes them as a CSV file (a Document, through
`core/exports`, formulas neutralised) while loading them into the tabular storage in the
same pass, compares them with the current version and makes them current. All or nothing.
"""

import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from django.conf import settings
from django.core.files import File
from django.db import transaction

from territoires.core.documents import document_upload
from territoires.core.exports.spreadsheets import csv_write

from .. import tabulaire
from ..models import Ressource, VersionRessource
from ..tabulaire import Colonne
from .versions import (
    changes_count,
    current_version_of,
    storage_drop_quietly,
    version_make_current,
    version_number_next,
)

CSV_CHUNK_ROWS = 1000


def _tee_to_csv(lignes: Iterable[Sequence], out) -> Iterator[Sequence]:
    """Yield the rows to the loader while writing them to the CSV file, by chunks."""
    batch: list[Sequence] = []
    for row in lignes:
        batch.append([json.dumps(v) if isinstance(v, dict) else v for v in row])
        yield row
        if len(batch) >= CSV_CHUNK_ROWS:
            csv_write(out, batch, bom=False)
            batch.clear()
    csv_write(out, batch, bom=False)


def version_create_from_rows(
    *,
    ressource: Ressource,
    colonnes: list[Colonne],
    lignes: Iterable[Sequence],
    nom_fichier: str,
    actor=None,
) -> VersionRessource:
    """A module's rows as the new current version: written as a CSV file (a Document) and
    loaded in one pass; compared with the previous version. All or nothing."""
    with transaction.atomic():
        version = VersionRessource.objects.create(
            ressource=ressource,
            numero=version_number_next(ressource),
            format="csv",
            encodage="utf-8-sig",
            separateur=";",
            colonnes=[{"nom": c.nom, "type_detecte": c.type, "type": c.type} for c in colonnes],
            deposee_par=actor if getattr(actor, "is_authenticated", False) else None,
        )
    cle = f"v{version.pk}"
    try:
        with tempfile.TemporaryFile() as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
            csv_write(text, [], headers=[c.nom for c in colonnes])
            storage_drop_quietly(cle)  # a key a failed run may have left
            tabulaire.table_create(cle=cle, colonnes=colonnes)
            nombre = tabulaire.rows_load(
                cle=cle, colonnes=colonnes, lignes=_tee_to_csv(lignes, text)
            )
            text.detach()
            raw.seek(0)
            with transaction.atomic():
                document = document_upload(
                    file=File(raw, name=nom_fichier),
                    owner_organisation=ressource.jeu.organisation,
                    uploaded_by=None,
                    attached_to=version,
                    allowed_types=["csv"],
                    max_size=settings.DONNEES_TAILLE_MAX,
                )
                rapport = _schema_report(ressource.schema, cle, colonnes)
                ajoutees, retirees = changes_count(
                    precedente=current_version_of(ressource),
                    cle=cle,
                    colonnes=colonnes,
                    nombre=nombre,
                )
                return version_make_current(
                    version=version,
                    actor=actor,
                    champs={
                        "document": document,
                        "nb_lignes": nombre,
                        "table": cle,
                        "validation": rapport,
                        "conforme": bool(rapport.get("valide")),
                        "lignes_ajoutees": ajoutees,
                        "lignes_retirees": retirees,
                    },
                )
    except BaseException:
        storage_drop_quietly(cle)
        VersionRessource.objects.filter(pk=version.pk).delete()
        raise


def _schema_report(schema: str, cle: str, colonnes: list[Colonne]) -> dict:
    from .. import validation

    if not schema:
        return {}
    rapport = validation.schema_validate(
        nom=schema, colonnes=colonnes, lignes=tabulaire.rows_stream(cle=cle, colonnes=colonnes)
    )
    return rapport.as_json()
