"""Writes of the clauses module, one module per concern.

- `imports`: a workbook upload, launched in the background, read, checked and written;
  `imports_application` writes the checked data by natural keys (all or nothing).
- `decp`: DECP files (pre-fill the followed buyers' marchés, follow a new buyer).
- `marches`: the facilitator's steps on a marché, its schedule, the lots' hours and companies.
- `entreprises`: companies and buyers (donneurs d'ordre).
- `participants`: GDPR — journaled consultations and anonymisation.
- `activite`: the facilitator's activity (site meetings, support agreements, requests for
  support received from buyers).

The names below are re-exported for callers outside the app (commands, other apps' tests,
benchmarks); inside the app, views and tasks import the modules.
"""

from .activite import convention_create, demande_create, demande_suite_update, reunion_create
from .decp import decp_apply, decp_launch, decp_run, donneur_ordre_follow
from .entreprises import donneur_ordre_update, entreprise_save
from .imports import ImportRefuse, classeur_import, import_launch, import_run
from .imports_application import ResultatImport, import_apply
from .marches import (
    attribution_remove,
    attribution_save,
    lot_calibrate,
    marche_advance,
    marche_schedule,
)
from .participants import (
    participant_consultation_log,
    participants_anonymise,
    participants_consultation_log,
)

__all__ = [
    "ImportRefuse",
    "ResultatImport",
    "attribution_remove",
    "attribution_save",
    "classeur_import",
    "convention_create",
    "decp_apply",
    "demande_create",
    "demande_suite_update",
    "decp_launch",
    "decp_run",
    "donneur_ordre_follow",
    "donneur_ordre_update",
    "entreprise_save",
    "import_apply",
    "import_launch",
    "import_run",
    "lot_calibrate",
    "marche_advance",
    "marche_schedule",
    "participant_consultation_log",
    "participants_anonymise",
    "participants_consultation_log",
    "reunion_create",
]
