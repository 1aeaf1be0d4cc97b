"""Equal Shares with a raised share and greedy completion (`mes-add1`).

The share of each voter is raised by `increment` (one monetary unit) as long as the outcome of
the Method of Equal Shares still fits in the budget; the last outcome that fits is then
completed greedily, as pabutools `completion_by_rule_combination` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from .base import Decompte, Tour, cle_departage, compter_voix, cout_de, normaliser
from .glouton import completer_glouton
from .parts_egales import EtatPartsEgales


def mes_add1(
    couts: Mapping[str, object],
    bulletins: Iterable[Iterable[str]],
    budget: object,
    *,
    departage: str = "lexicographique",
    increment: object = 1,
) -> Decompte:
    couts_f, groupes = normaliser(couts, bulletins)
    budget_f = Fraction(str(budget))
    voix = compter_voix(groupes)
    cle = cle_departage(departage, couts_f, voix)
    etat = EtatPartsEgales(couts_f, groupes, cle)
    tours: list[Tour] = []
    if etat.n == 0:
        choisis = completer_glouton(couts_f, voix, budget_f, [], cle, tours)
        return Decompte("mes-add1", choisis, budget_f, cout_de(couts_f, choisis), tours)
    choisis, part_retenue = _part_relevee(etat, budget_f, Fraction(str(increment)))
    # Replay the retained pass to keep its rounds (public explanation).
    if choisis:
        choisis = etat.selection(part_retenue, tours)
    total = cout_de(couts_f, choisis)
    if any(couts_f[p] + total <= budget_f for p in couts_f if p not in set(choisis)):
        for t in tours:
            t.motif = "parts égales"
        completion: list[Tour] = []
        choisis = completer_glouton(couts_f, voix, budget_f, choisis, cle, completion)
        for t in completion:
            t.numero = len(tours) + 1
            t.motif = "complétion gloutonne" + (f" : {t.motif}" if t.motif else "")
            tours.append(t)
    return Decompte("mes-add1", choisis, budget_f, cout_de(couts_f, choisis), tours, part_retenue)


def _part_relevee(
    etat: EtatPartsEgales, budget: Fraction, pas: Fraction
) -> tuple[list[str], Fraction]:
    """The last Equal Shares outcome that fits in the budget as the share rises, and its share.

    Step by step as pabutools, except that the steps where the outcome provably cannot change
    are skipped: after a float pass at share t, `PasseFlottante.certifier` proves (or not) that
    the outcome is the same up to t + k steps; k doubles after each proof and halves after
    each failure, and when even one step cannot be proven, the next attempts are spaced out
    (1, 2, 4… steps later) so that a file where the outcome changes at every step pays for few
    vain attempts. Only shares of the grid t₀ + i × pas are ever looked at, so the outcome and
    the retained share are those of the step-by-step search.
    """
    couts = etat.couts
    part = budget / etat.n
    precedent: list[str] = list(etat.gratuits)
    part_retenue = part
    essai, repos, attente = 1, 0, 1
    while True:
        choix, ratios = etat.selection_ratios(part)
        total = cout_de(couts, choix)
        if total > budget:
            break
        precedent, part_retenue = choix, part
        pris = set(choix)
        # Exhaustive among supported projects: none fits any more.
        if all(couts[p] + total > budget for p in etat.projets if p not in pris):
            break
        saut = 0
        if ratios is not None and repos == 0:
            if etat.flottante.certifier(choix, ratios, float(part + essai * pas)):
                saut, essai, attente = essai, essai * 2, 1
            elif essai > 1:
                essai //= 2
            else:
                repos, attente = attente, attente * 2
        elif repos:
            repos -= 1
        # The outcome is `choix` on every step up to part + saut × pas.
        part_retenue = part + saut * pas
        part += (saut + 1) * pas
    return precedent, part_retenue
