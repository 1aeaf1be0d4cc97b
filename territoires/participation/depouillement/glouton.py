"""Greedy method (`greedy`): projects by decreasing votes, each kept if it still fits."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction

from .base import Decompte, Tour, cle_departage, compter_voix, cout_de, normaliser


def completer_glouton(
    couts: dict[str, Fraction],
    voix: Mapping[str, int],
    budget: Fraction,
    deja: Sequence[str],
    cle: Callable[[str], tuple],
    tours: list[Tour],
) -> list[str]:
    """Add projects to `deja` greedily, one round written to `tours` per project tried."""
    choisis = list(deja)
    reste = budget - cout_de(couts, choisis)
    candidats = sorted((p for p in couts if p not in set(choisis)), key=cle)
    # Stable sort: decreasing votes, then tie-breaking order (pabutools sorts the same way).
    candidats.sort(key=lambda p: -voix.get(p, 0))
    for p in candidats:
        tient = couts[p] <= reste
        if tient:
            choisis.append(p)
            reste -= couts[p]
        tours.append(
            Tour(
                numero=len(tours) + 1,
                projet=p,
                retenu=tient,
                voix=voix.get(p, 0),
                cout=couts[p],
                reste_budget=reste,
                motif="" if tient else "ne tient plus dans le budget restant",
            )
        )
    return choisis


def greedy(
    couts: Mapping[str, object],
    bulletins: Iterable[Iterable[str]],
    budget: object,
    *,
    departage: str = "lexicographique",
) -> Decompte:
    couts_f, groupes = normaliser(couts, bulletins)
    budget_f = Fraction(str(budget))
    voix = compter_voix(groupes)
    tours: list[Tour] = []
    cle = cle_departage(departage, couts_f, voix)
    choisis = completer_glouton(couts_f, voix, budget_f, [], cle, tours)
    return Decompte("greedy", choisis, budget_f, cout_de(couts_f, choisis), tours)
