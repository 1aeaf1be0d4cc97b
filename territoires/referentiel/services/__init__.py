"""Writes of the référentiel: the imports of the territories.

- `cog.py`: régions, départements, EPCI and communes from the shipped COG
  (`territoires referentiel import`), with `sync.py`, which writes only the differences and
  never deletes;
- `cantons.py`: cantons and their communes from the INSEE COG files
  (`territoires referentiel import-cantons`);
- `mouvements.py`: old codes of communes and the current commune that took them in, from the
  INSEE file of the communes' events (`territoires referentiel import-mouvements`);
- `reports.py`: what each run created, updated or made obsolete.
"""

from .cantons import CantonsReport, ImportCantonsErreur, cantons_importer
from .cog import (
    DATA_DIR,
    SOURCE_DIR,
    ImportReport,
    ImportSourceError,
    read_source_file,
    referentiel_import,
)
from .mouvements import MouvementsErreur, MouvementsReport, mouvements_importer
from .reports import KindReport

__all__ = [
    "DATA_DIR",
    "SOURCE_DIR",
    "CantonsReport",
    "ImportCantonsErreur",
    "ImportReport",
    "ImportSourceError",
    "KindReport",
    "MouvementsErreur",
    "MouvementsReport",
    "cantons_importer",
    "mouvements_importer",
    "read_source_file",
    "referentiel_import",
]
