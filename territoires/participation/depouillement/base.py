"""Socle commun des méthodes de dépouillement : tours, résultat, départage, regroupement."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

DEPARTAGES = ("lexicographique", "cout_min", "cout_max", "voix")


@dataclass
class Tour:
    """Un tour du dépouillement, pour l'expliquer publiquement."""

    numero: int
    projet: str
    retenu: bool
    voix: int
    cout: Fraction
    # MES : ce que paie chaque soutien (ρ), nombre de soutiens qui paient tout ce qui leur reste.
    part_par_soutien: Fraction | None = None
    reste_budget: Fraction | None = None
    motif: str = ""


@dataclass
class Resultat:
    methode: str
    selectionnes: list[str]
    budget: Fraction
    cout_total: Fraction
    tours: list[Tour] = field(default_factory=list)
    part_initiale: Fraction | None = None


def _cle_departage(
    departage: str, couts: Mapping[str, Fraction], voix: Mapping[str, int]
) -> Callable[[str], tuple]:
    if departage == "lexicographique":
        return lambda p: (p,)
    if departage == "cout_min":
        return lambda p: (couts[p], p)
    if departage == "cout_max":
        return lambda p: (-couts[p], p)
    if departage == "voix":
        return lambda p: (-voix.get(p, 0), p)
    raise ValueError(f"Départage inconnu : {departage}")


def _normaliser(
    couts: Mapping[str, object], bulletins: Iterable[Iterable[str]]
) -> tuple[dict[str, Fraction], Counter]:
    couts_f = {str(p): Fraction(str(c)) for p, c in couts.items()}
    groupes: Counter = Counter()
    for b in bulletins:
        groupes[frozenset(str(p) for p in b)] += 1
    return couts_f, groupes


def compter_voix(groupes: Mapping[frozenset, int]) -> Counter:
    voix: Counter = Counter()
    for bulletin, m in groupes.items():
        for p in bulletin:
            voix[p] += m
    return voix
