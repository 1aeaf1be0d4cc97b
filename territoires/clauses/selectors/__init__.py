"""Reads of the clauses module, one module per concern.

- `chiffres`: rounding, percentages and the statistical secret shared by every figure.
- `bilan`: the yearly report (SQL aggregates only) and the years it covers.
- `marches`: the marchés a user may see, their lots and their aggregate figures.
- `entreprises`: companies, buyers (donneurs d'ordre) and a company's obligations.
- `participants`: participant-level rows (facilitator only).
- `alertes`: lots late on their schedule, contracts ending with hours still due.

The names below are re-exported for readers outside the app (open data, dashboards, commands,
benchmarks); inside the app, views import the modules.
"""

from .alertes import contrats_finissant_avec_heures_dues, lots_en_retard
from .bilan import annees_disponibles, bilan_annuel, heures_pour_communes
from .chiffres import CLES_EFFECTIFS, masquer_petits_effectifs
from .entreprises import donneurs_ordre_list, entreprises_list, obligations_for_user
from .marches import (
    contrats_for_marche,
    lots_for_marche,
    marche_synthese,
    marches_for_user,
    marches_list,
)
from .participants import participants_due_for_anonymisation, participants_list
from .territoires import heures_par_commune

__all__ = [
    "heures_par_commune",
    "CLES_EFFECTIFS",
    "annees_disponibles",
    "bilan_annuel",
    "heures_pour_communes",
    "contrats_finissant_avec_heures_dues",
    "contrats_for_marche",
    "donneurs_ordre_list",
    "entreprises_list",
    "lots_en_retard",
    "lots_for_marche",
    "marche_synthese",
    "marches_for_user",
    "marches_list",
    "masquer_petits_effectifs",
    "obligations_for_user",
    "participants_due_for_anonymisation",
    "participants_list",
]

# Headcounts over several years, each person or company once (read by the key figures).
from .periode import effectifs_periode  # noqa: E402

__all__ += ["effectifs_periode"]
