"""Reference for the bench: `mes-add1` as it was before the skipping search (commit 6a0feb2).

Frozen copy, never imported by the product: the float pass on dicts of the old
`parts_egales.py`, and the step-by-step `_part_relevee` of the old
`parts_egales_completion.py`. The bench times it beside the product on the same files.

Method of Equal Shares (`mes`), cost satisfaction, without completion.

Each voter starts with an equal share of the budget. Round after round, the project that costs
its supporters the least per unit of satisfaction (its affordability, ρ / cost) is selected, and
its supporters pay for it: those who have less than ρ pay all they have, the others ρ.

Each pass exists twice: `passe` in exact fractions, and `passe_rapide` in floats with a
relative margin on every decisive comparison, which gives up (returns None) as soon as a
decision is too close to call; `selection` then replays the exact pass. The outcome is thus
always the exact one, usually at float speed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction

from territoires.participation.depouillement.base import (
    Decompte,
    Tour,
    cle_departage,
    compter_voix,
    cout_de,
    normaliser,
)
from territoires.participation.depouillement.glouton import completer_glouton
from territoires.participation.depouillement.parts_egales import (
    EtatPartsEgales as EtatProduit,
)

# Relative margin under which the float pass does not trust a comparison.
EPS = 1e-9


class _Indecis(Exception):
    """A float comparison too close to call: the exact pass must decide."""


class EtatPartsEgales(EtatProduit):
    """The product's state and exact pass (unchanged), with the float pass of before."""

    def __init__(self, couts: dict[str, Fraction], groupes: Counter, cle: Callable[[str], tuple]):
        super().__init__(couts, groupes, cle)
        self.couts_flottants = {p: float(couts[p]) for p in self.projets}

    def selection(self, part: Fraction, tours: list[Tour] | None = None) -> list[str]:
        """The projects selected with this initial share: float pass, exact when undecided."""
        choisis = self.passe_rapide(part, tours)
        if choisis is None:
            if tours is not None:
                tours.clear()
            choisis = self.passe(part, tours)
        return choisis

    # --- Float pass of before ------------------------------------------------------------------

    def passe_rapide(self, part: Fraction, tours: list[Tour] | None = None) -> list[str] | None:
        """The same pass in floats; `None` as soon as a decision is too close to call.

        Each decisive comparison (who pays everything, which project is cheapest per unit of
        satisfaction, is there enough left) is made with a relative margin; when the margin
        is not clear, the caller replays the pass in exact fractions. The outcome is therefore
        always that of the exact computation.
        """
        depart = float(part)
        budgets = [depart] * len(self.bulletins)
        par_valeur: dict[str, dict[float, int]] = {
            p: {depart: n} for p, n in self.nb_soutiens.items()
        }
        access = {p: 1.0 / self.voix[p] for p in self.projets}
        restants = set(self.projets)
        choisis = list(self.gratuits)
        reste_total = depart * self.n
        try:
            while True:
                meilleur, ex_aequo = self._moins_chers_rapide(restants, access, par_valeur)
                if not ex_aequo:
                    return choisis
                elu = min(ex_aequo, key=self.cle)
                choisis.append(elu)
                restants.discard(elu)
                rho = meilleur * self.couts_flottants[elu]
                reste_total = self._payer_rapide(
                    elu, rho, budgets, par_valeur, restants, reste_total
                )
                if tours is not None:
                    tours.append(
                        Tour(
                            numero=len(tours) + 1,
                            projet=elu,
                            retenu=True,
                            voix=self.voix[elu],
                            cout=self.couts[elu],
                            part_par_soutien=Fraction(rho).limit_denominator(10**6),
                            reste_budget=Fraction(reste_total).limit_denominator(10**6),
                        )
                    )
        except _Indecis:
            return None

    def _moins_chers_rapide(
        self,
        restants: set[str],
        access: dict[str, float],
        par_valeur: dict[str, dict[float, int]],
    ) -> tuple[float | None, list[str]]:
        """`_moins_chers` in floats; raises `_Indecis` on a tie it cannot settle exactly.

        A project is « intact » when its supporters who do not pay everything have nothing
        left: its affordability is then exactly 1 / (supporters who pay), so a tie between
        intact projects with the same number of payers is an exact tie.
        """
        couts = self.couts_flottants
        meilleur = None
        ex_aequo: list[str] = []
        intacts: dict[str, int] = {}
        for p in sorted(restants, key=access.__getitem__):
            if meilleur is not None and access[p] > meilleur * (1 + EPS):
                break
            cout = couts[p]
            calcul = _rho_rapide(cout, par_valeur[p])
            if calcul is None:
                restants.discard(p)
                continue
            rho, payeurs, intact = calcul
            a = rho / cout
            access[p] = a
            if intact:
                intacts[p] = payeurs
            if meilleur is None or a < meilleur * (1 - EPS):
                meilleur, ex_aequo = a, [p]
            elif a <= meilleur * (1 + EPS):
                ex_aequo.append(p)
        if len(ex_aequo) > 1 and (
            not all(q in intacts for q in ex_aequo) or len({intacts[q] for q in ex_aequo}) > 1
        ):
            raise _Indecis
        return meilleur, ex_aequo

    def _payer_rapide(
        self,
        elu: str,
        rho: float,
        budgets: list[float],
        par_valeur: dict[str, dict[float, int]],
        restants: set[str],
        reste_total: float,
    ) -> float:
        """`_payer` in floats; raises `_Indecis` when a supporter has about exactly ρ."""
        mult = self.multiplicites
        for i in self.soutiens[elu]:
            ancien = budgets[i]
            if ancien == 0.0:
                continue
            if abs(ancien - rho) <= EPS * rho:
                raise _Indecis
            nouveau = ancien - rho if rho < ancien else 0.0
            budgets[i] = nouveau
            m = mult[i]
            reste_total -= (ancien - nouveau) * m
            for q in self.bulletins[i]:
                if q in restants:
                    c = par_valeur[q]
                    c[ancien] -= m
                    if not c[ancien]:
                        del c[ancien]
                    c[nouveau] = c.get(nouveau, 0) + m
        return reste_total


def _rho_rapide(cout: float, par_valeur: dict[float, int]) -> tuple[float, int, bool] | None:
    """`_rho_exact` in floats: (ρ, supporters who pay ρ, project intact) or None.

    Raises `_Indecis` when the supporters have about exactly the cost, or one of them about
    exactly ρ.
    """
    valeurs = sorted(par_valeur.items())
    disponible = 0.0
    nombre = 0
    for b, m in valeurs:
        disponible += b * m
        nombre += m
    if abs(disponible - cout) <= EPS * cout:
        raise _Indecis
    if disponible < cout:
        return None
    contribue = 0.0
    for b, m in valeurs:
        rho = (cout - contribue) / nombre
        if abs(rho - b) <= EPS * rho:
            raise _Indecis
        if rho < b:
            return rho, nombre, contribue == 0.0
        contribue += b * m
        nombre -= m
    raise _Indecis  # float rounding only: let the exact pass decide


def mes_add1_avant(
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
    """The last Equal Shares outcome that fits in the budget as the share rises, and its share."""
    couts = etat.couts
    part = budget / etat.n
    precedent: list[str] = list(etat.gratuits)
    part_retenue = part
    while True:
        choix = etat.selection(part)
        total = cout_de(couts, choix)
        if total > budget:
            break
        precedent, part_retenue = choix, part
        pris = set(choix)
        # Exhaustive among supported projects: none fits any more.
        if all(couts[p] + total > budget for p in etat.projets if p not in pris):
            break
        part += pas
    return precedent, part_retenue
