"""Méthode gloutonne : projets par nombre de voix décroissant."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction

from .base import Resultat, Tour, _cle_departage, _normaliser, compter_voix


def _greedy(
    couts: dict[str, Fraction],
    voix: Mapping[str, int],
    budget: Fraction,
    deja: Sequence[str],
    cle: Callable[[str], tuple],
    tours: list[Tour],
) -> list[str]:
    choisis = list(deja)
    reste = budget - sum((couts[p] for p in choisis), Fraction(0))
    candidats = sorted((p for p in couts if p not in set(choisis)), key=cle)
    # Tri stable : voix décroissantes, puis ordre du départage (pabutools trie pareil).
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
) -> Resultat:
    couts_f, groupes = _normaliser(couts, bulletins)
    budget_f = Fraction(str(budget))
    voix = compter_voix(groupes)
    tours: list[Tour] = []
    choisis = _greedy(couts_f, voix, budget_f, [], _cle_departage(departage, couts_f, voix), tours)
    return Resultat(
        "greedy", choisis, budget_f, sum((couts_f[p] for p in choisis), Fraction(0)), tours
    )
