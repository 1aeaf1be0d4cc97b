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

from .cantons import CantonsImportError, CantonsReport, cantons_import
from .cog import (
    DATA_DIR,
    SOURCE_DIR,
    ImportReport,
    ImportSourceError,
    read_source_file,
    referentiel_import,
)
from .mouvements import MouvementsImportError, MouvementsReport, mouvements_import
from .reports import KindReport

__all__ = [
    "DATA_DIR",
    "SOURCE_DIR",
    "CantonsReport",
    "CantonsImportError",
    "ImportReport",
    "ImportSourceError",
    "KindReport",
    "MouvementsImportError",
    "MouvementsReport",
    "cantons_import",
    "mouvements_import",
    "read_source_file",
    "referentiel_import",
]
