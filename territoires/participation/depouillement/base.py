"""What the counting methods share: rounds, outcome, tie-breaking, grouped ballots."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

DEPARTAGES = ("lexicographique", "cout_min", "cout_max", "voix")


@dataclass
class Tour:
    """One round of the count, to explain it publicly."""

    numero: int
    projet: str
    retenu: bool
    voix: int
    cout: Fraction
    # MES: what each supporter pays (ρ), and the budget left to all voters after the round.
    part_par_soutien: Fraction | None = None
    reste_budget: Fraction | None = None
    motif: str = ""


@dataclass
class Decompte:
    """Outcome of a count (the model `Resultat` stores it for an enveloppe)."""

    methode: str
    selectionnes: list[str]
    budget: Fraction
    cout_total: Fraction
    tours: list[Tour] = field(default_factory=list)
    part_initiale: Fraction | None = None


def cle_departage(
    departage: str, couts: Mapping[str, Fraction], voix: Mapping[str, int]
) -> Callable[[str], tuple]:
    """Sort key of the tie-breaking rule: the smallest key wins."""
    if departage == "lexicographique":
        return lambda p: (p,)
    if departage == "cout_min":
        return lambda p: (couts[p], p)
    if departage == "cout_max":
        return lambda p: (-couts[p], p)
    if departage == "voix":
        return lambda p: (-voix.get(p, 0), p)
    raise ValueError(f"Départage inconnu : {departage}")


def normaliser(
    couts: Mapping[str, object], bulletins: Iterable[Iterable[str]] | Mapping[Iterable[str], int]
) -> tuple[dict[str, Fraction], Counter]:
    """Exact costs by project id, and identical ballots grouped with their multiplicity.

    `bulletins` is either the ballots one by one, or already grouped: {ballot: number}.
    """
    couts_f = {str(p): Fraction(str(c)) for p, c in couts.items()}
    groupes: Counter = Counter()
    if isinstance(bulletins, Mapping):
        for b, m in bulletins.items():
            if m:
                groupes[frozenset(str(p) for p in b)] += int(m)
    else:
        for b in bulletins:
            groupes[frozenset(str(p) for p in b)] += 1
    return couts_f, groupes


def compter_voix(groupes: Mapping[frozenset, int]) -> Counter:
    """Approvals of each project."""
    voix: Counter = Counter()
    for bulletin, m in groupes.items():
        for p in bulletin:
            voix[p] += m
    return voix


def cout_de(couts: Mapping[str, Fraction], projets: Iterable[str]) -> Fraction:
    return sum((couts[p] for p in projets), Fraction(0))
