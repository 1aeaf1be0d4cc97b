"""Vote counting (dépouillement) of a participatory budget with approval ballots.

Pure Python (no Django), exact arithmetic (`fractions.Fraction`): ties in affordability are
frequent (1/votes in the first round) and must be broken exactly as pabutools breaks them.
One counting method per module:

- `glouton.py`, method `greedy`: projects by decreasing number of votes, each selected if it
  still fits in the budget (pabutools `greedy_utilitarian_welfare` with `Cost_Sat`);
- `parts_egales.py`, method `mes`: Method of Equal Shares, cost satisfaction, no completion
  (pabutools `method_of_equal_shares`, `Cost_Sat`);
- `parts_egales_completion.py`, method `mes-add1`: the same, raising each voter's share by one
  monetary unit until the outcome exceeds (or exhausts) the budget, then greedy completion
  (pabulib `equalshares/add1`, pabutools `completion_by_rule_combination`);
- `base.py`: what they share (rounds, outcome, tie-breaking, grouping of identical ballots).

Default tie-breaking: lexicographic order of the project identifier (a string), as
`pabutools.tiebreaking.lexico_tie_breaking`.

For speed, voters with the same ballot are grouped (multiplicity) and, for each project, its
supporters are counted by remaining budget value: computing affordability walks a few distinct
values instead of thousands of voters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .base import DEPARTAGES, Decompte, Tour, compter_voix
from .glouton import greedy
from .parts_egales import mes
from .parts_egales_completion import mes_add1

METHODES = ("greedy", "mes", "mes-add1")

__all__ = [
    "DEPARTAGES",
    "METHODES",
    "Decompte",
    "Tour",
    "calculer",
    "compter_voix",
    "greedy",
    "mes",
    "mes_add1",
]


def calculer(
    methode: str,
    couts: Mapping[str, object],
    bulletins: Iterable[Iterable[str]] | Mapping[Iterable[str], int],
    budget: object,
    *,
    departage: str = "lexicographique",
) -> Decompte:
    """Count `bulletins` (lists of project ids, or {ballot: number}) with `methode`."""
    fonctions = {"greedy": greedy, "mes": mes, "mes-add1": mes_add1}
    if methode not in fonctions:
        raise ValueError(f"Méthode inconnue : {methode}")
    return fonctions[methode](couts, bulletins, budget, departage=departage)
