"""Writes of the open-data portal (every one keyword-only, in a transaction).

- `jeux.py`: datasets — create, update, publish (first publication of an organisation goes
  through moderation), moderate, unpublish; notifications to the producer and the data officer.
- `ressources.py`: resources of a dataset, their chart settings.
- `versions.py`: a file deposited (hostile-file guard, inspection), then confirmed with the
  corrected column types (read, load into the tabular storage, validate, diff, current).
- `versions_automatiques.py`: rows of a module as a new version (datasets that publish
  themselves).
- `compteurs.py`: daily counts of downloads and API calls.
- `themes.py`: the catalogue's themes (reference data).
"""

from .compteurs import count_api_call, count_download
from .jeux import (
    dataset_create,
    dataset_moderate,
    dataset_publish,
    dataset_unpublish,
    dataset_update,
)
from .ressources import resource_chart_set, resource_create, resource_schema_set
from .themes import themes_ensure
from .versions import resource_add, version_confirm, version_retry, version_upload
from .versions_automatiques import version_create_from_rows

__all__ = [
    "count_api_call",
    "count_download",
    "dataset_create",
    "dataset_moderate",
    "dataset_publish",
    "dataset_unpublish",
    "dataset_update",
    "resource_add",
    "resource_chart_set",
    "resource_create",
    "resource_schema_set",
    "themes_ensure",
    "version_confirm",
    "version_create_from_rows",
    "version_retry",
    "version_upload",
]
