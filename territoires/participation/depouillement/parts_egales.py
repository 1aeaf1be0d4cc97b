"""Method of Equal Shares (`mes`), cost satisfaction, without completion.

Each voter starts with an equal share of the budget. Round after round, the project that costs
its supporters the least per unit of satisfaction (its affordability, ρ / cost) is selected, and
its supporters pay for it: those who have less than ρ pay all they have, the others ρ.

Each pass exists twice: `passe` here in exact fractions, and the float pass on arrays of
`passe_flottante.py`, with a relative margin on every decisive comparison, which gives up as
soon as a decision is too close to call; `selection` then replays the exact pass. The outcome
is thus always the exact one, usually at float speed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction

from .base import Decompte, Tour, cle_departage, compter_voix, cout_de, normaliser
from .passe_flottante import Indecis, PasseFlottante


class EtatPartsEgales:
    """What every pass needs, prepared once and reused by each pass of `mes-add1`."""

    def __init__(self, couts: dict[str, Fraction], groupes: Counter, cle: Callable[[str], tuple]):
        self.couts = couts
        self.cle = cle
        self.bulletins = list(groupes.keys())
        self.multiplicites = [groupes[b] for b in self.bulletins]
        self.n = sum(self.multiplicites)
        self.voix = compter_voix(groupes)
        soutiens: dict[str, list[int]] = defaultdict(list)
        for i, b in enumerate(self.bulletins):
            for p in b:
                if p in couts:
                    soutiens[p].append(i)
        self.soutiens = dict(soutiens)
        # Supported free projects are selected outright (as pabutools does).
        self.gratuits = sorted((p for p in self.soutiens if couts[p] == 0), key=cle)
        self.projets = [p for p in self.soutiens if couts[p] > 0]
        self.nb_soutiens = {
            p: sum(self.multiplicites[i] for i in self.soutiens[p]) for p in self.projets
        }

        self._flottante: PasseFlottante | None = None

    @property
    def flottante(self) -> PasseFlottante:
        """The arrays of the float pass, prepared on first use."""
        if self._flottante is None:
            self._flottante = PasseFlottante(self)
        return self._flottante

    def selection(self, part: Fraction, tours: list[Tour] | None = None) -> list[str]:
        """The projects selected with this initial share: float pass, exact when undecided."""
        return self.selection_ratios(part, tours)[0]

    def selection_ratios(
        self, part: Fraction, tours: list[Tour] | None = None
    ) -> tuple[list[str], list[float] | None]:
        """`selection`, with the float affordability of each elected project (None if exact)."""
        try:
            return self.flottante.passe(float(part), tours)
        except Indecis:
            if tours is not None:
                tours.clear()
            return self.passe(part, tours), None

    # --- Exact pass ---------------------------------------------------------------------------

    def passe(self, part: Fraction, tours: list[Tour] | None = None) -> list[str]:
        budgets = [part] * len(self.bulletins)
        # By project: number of supporters by remaining budget value.
        par_valeur: dict[str, Counter] = {}
        for p in self.projets:
            c: Counter = Counter()
            for i in self.soutiens[p]:
                c[part] += self.multiplicites[i]
            par_valeur[p] = c
        # Initial affordability = cost / total satisfaction = 1 / votes (a lower bound).
        access = {p: Fraction(1, self.voix[p]) for p in self.projets}
        restants = set(self.projets)
        choisis = list(self.gratuits)
        reste_total = part * self.n
        while True:
            meilleur, ex_aequo, meilleur_rho = self._moins_chers(restants, access, par_valeur)
            if not ex_aequo:
                return choisis
            elu = min(ex_aequo, key=self.cle)
            choisis.append(elu)
            restants.discard(elu)
            rho = meilleur * self.couts[elu]
            reste_total = self._payer(elu, rho, budgets, par_valeur, restants, reste_total)
            if tours is not None:
                tours.append(
                    Tour(
                        numero=len(tours) + 1,
                        projet=elu,
                        retenu=True,
                        voix=self.voix[elu],
                        cout=self.couts[elu],
                        part_par_soutien=meilleur_rho,
                        reste_budget=reste_total,
                    )
                )

    def _moins_chers(
        self, restants: set[str], access: dict[str, Fraction], par_valeur: dict[str, Counter]
    ) -> tuple[Fraction | None, list[str], Fraction]:
        """Projects of least affordability (ties included) and what each supporter pays.

        Projects are tried by their last known affordability, a lower bound of the current
        one: the search stops at the first that cannot beat the best. Projects their
        supporters can no longer pay for leave `restants`.
        """
        meilleur: Fraction | None = None
        ex_aequo: list[str] = []
        meilleur_rho = Fraction(0)
        for p in sorted(restants, key=lambda q: access[q]):
            if meilleur is not None and access[p] > meilleur:
                break
            cout = self.couts[p]
            rho = _rho_exact(cout, par_valeur[p])
            if rho is None:
                restants.discard(p)
                continue
            a = rho / cout
            access[p] = a
            if meilleur is None or a < meilleur:
                meilleur, ex_aequo, meilleur_rho = a, [p], rho
            elif a == meilleur:
                ex_aequo.append(p)
        return meilleur, ex_aequo, meilleur_rho

    def _payer(
        self,
        elu: str,
        rho: Fraction,
        budgets: list[Fraction],
        par_valeur: dict[str, Counter],
        restants: set[str],
        reste_total: Fraction,
    ) -> Fraction:
        """The supporters of `elu` pay ρ each (or all they have); returns the budget left."""
        for i in self.soutiens[elu]:
            ancien = budgets[i]
            nouveau = ancien - min(ancien, rho)
            if nouveau == ancien:
                continue
            budgets[i] = nouveau
            m = self.multiplicites[i]
            reste_total -= (ancien - nouveau) * m
            for q in self.bulletins[i]:
                if q in restants:
                    c = par_valeur[q]
                    c[ancien] -= m
                    if not c[ancien]:
                        del c[ancien]
                    c[nouveau] += m
        return reste_total


def _rho_exact(cout: Fraction, par_valeur: Counter) -> Fraction | None:
    """What each supporter pays for a project costing `cout`, or None if they cannot.

    Supporters with less than ρ pay all they have; the others share the rest equally.
    """
    valeurs = sorted(par_valeur.items())
    disponible = sum((b * m for b, m in valeurs), Fraction(0))
    if disponible < cout:
        return None
    contribue = Fraction(0)
    nombre = sum(m for _, m in valeurs)
    for b, m in valeurs:
        rho = (cout - contribue) / nombre
        if rho <= b:
            return rho
        contribue += b * m
        nombre -= m
    return None  # unreachable: `disponible >= cout` means the last value pays the rest


def mes(
    couts: Mapping[str, object],
    bulletins: Iterable[Iterable[str]],
    budget: object,
    *,
    departage: str = "lexicographique",
) -> Decompte:
    couts_f, groupes = normaliser(couts, bulletins)
    budget_f = Fraction(str(budget))
    etat = EtatPartsEgales(
        couts_f, groupes, cle_departage(departage, couts_f, compter_voix(groupes))
    )
    if etat.n == 0:
        return Decompte("mes", [], budget_f, Fraction(0))
    part = budget_f / etat.n
    tours: list[Tour] = []
    choisis = etat.selection(part, tours)
    return Decompte("mes", choisis, budget_f, cout_de(couts_f, choisis), tours, part)
