"""Parts égales avec relèvement de la part (add1) puis complétion gloutonne."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from .base import Resultat, Tour, _cle_departage, _normaliser, compter_voix
from .glouton import _greedy
from .parts_egales import _Mes


def mes_add1(
    couts: Mapping[str, object],
    bulletins: Iterable[Iterable[str]],
    budget: object,
    *,
    departage: str = "lexicographique",
    increment: object = 1,
) -> Resultat:
    couts_f, groupes = _normaliser(couts, bulletins)
    budget_f = Fraction(str(budget))
    voix = compter_voix(groupes)
    cle = _cle_departage(departage, couts_f, voix)
    etat = _Mes(couts_f, groupes, cle)
    pas = Fraction(str(increment))
    tours: list[Tour] = []
    if etat.n == 0:
        choisis = _greedy(couts_f, voix, budget_f, [], cle, tours)
        return Resultat("mes-add1", choisis, budget_f, sum(couts_f[p] for p in choisis), tours)
    part = budget_f / etat.n
    precedent: list[str] = list(etat.gratuits)
    part_retenue = part

    def cout(sel: Iterable[str]) -> Fraction:
        return sum((couts_f[p] for p in sel), Fraction(0))

    while True:
        choix = etat.passe_rapide(part)
        if choix is None:
            choix = etat.passe(part)
        total = cout(choix)
        if total > budget_f:
            break
        precedent, part_retenue = choix, part
        pris = set(choix)
        # Exhaustif parmi les projets soutenus : aucun ne tient plus.
        if all(couts_f[p] + total > budget_f for p in etat.projets if p not in pris):
            break
        part += pas
    # Rejoue la passe retenue pour en garder les tours (explication publique).
    if precedent:
        rejoue = etat.passe_rapide(part_retenue, tours)
        if rejoue is None:
            tours.clear()
            rejoue = etat.passe(part_retenue, tours)
        precedent = rejoue
    choisis = precedent
    total = cout(choisis)
    if any(couts_f[p] + total <= budget_f for p in couts_f if p not in set(choisis)):
        for t in tours:
            t.motif = "parts égales"
        completion: list[Tour] = []
        choisis = _greedy(couts_f, voix, budget_f, choisis, cle, completion)
        for t in completion:
            t.numero = len(tours) + 1
            t.motif = "complétion gloutonne" + (f" : {t.motif}" if t.motif else "")
            tours.append(t)
    return Resultat("mes-add1", choisis, budget_f, cout(choisis), tours, part_retenue)
