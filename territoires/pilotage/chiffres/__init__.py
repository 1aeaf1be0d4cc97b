"""The Département's key figures (issue 13, « The Département's figures »).

`chiffres_cles(periode)` is the frozen interface: a list of figures, each a dict
`cle, phrase, valeur, unite, definition, url_module`. Every value is read from the selector the
module's own command or dashboard uses (`ingenierie stats`, the aid dashboard, `clauses bilan`,
the participatory budget's counters), so each figure equals the module's on the same period.
"""

from __future__ import annotations

from territoires.pilotage.chiffres.calcul import chiffres_cles
from territoires.pilotage.chiffres.periode import Periode

__all__ = ["Periode", "chiffres_cles"]
