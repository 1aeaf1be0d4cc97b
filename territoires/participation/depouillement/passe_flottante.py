"""The Equal Shares pass in floats on arrays (numpy), and the certificate of `mes-add1`.

Voters with the same ballot form a group (multiplicity); the remaining budget of every group is
one float of an array, and each project keeps the index array of its supporting groups. What
each supporter pays (ρ) is found by the fixed point « the poor pay all they have, the rich
share the rest »: a few vectorised passes over the supporters, instead of Python loops over
thousands of voters.

Every decisive comparison is made with a relative margin `EPS`; a comparison too close to call
raises `Indecis`, and the caller replays the pass in exact fractions (`parts_egales.py`). The
outcome is thus always the exact one.

`certifier` proves that the outcome of a pass stays the same on a whole interval of initial
shares (see its docstring): `mes-add1` then skips the steps of that interval.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Protocol

import numpy as np

from .base import Tour

# Relative margin under which a float comparison is not trusted.
EPS = 1e-9
# Rounds of the fixed point for ρ before sorting the supporters' budgets instead.
ITERATIONS = 64


def _scalaire(a: np.ndarray, b: np.ndarray) -> float:
    """Σ aᵢ·bᵢ without BLAS: its threads cost milliseconds per call on a busy machine."""
    return float(np.einsum("i,i->", a, b))


class Indecis(Exception):
    """A float comparison too close to call: the exact pass must decide."""


class _Etat(Protocol):
    """What the float pass reads of `parts_egales.EtatPartsEgales`."""

    cle: Callable[[str], tuple]
    gratuits: list[str]
    projets: list[str]
    n: int
    bulletins: list[frozenset]
    multiplicites: list[int]
    couts: dict[str, Fraction]
    voix: Mapping[str, int]
    soutiens: dict[str, list[int]]
    nb_soutiens: dict[str, int]


class PasseFlottante:
    """Arrays prepared once from an `EtatPartsEgales`, reused by every pass."""

    def __init__(self, etat: _Etat):
        self.cle: Callable[[str], tuple] = etat.cle
        self.gratuits = list(etat.gratuits)
        self.projets = list(etat.projets)
        self.n = etat.n
        self.nb_groupes = len(etat.bulletins)
        poids = np.asarray(etat.multiplicites, dtype=np.float64)
        self.couts = {p: float(etat.couts[p]) for p in self.projets}
        self.couts_exacts = etat.couts
        self.voix = etat.voix
        self.index = {p: np.asarray(etat.soutiens[p], dtype=np.intp) for p in self.projets}
        self.poids = {p: poids[self.index[p]] for p in self.projets}
        self.nombre = {p: float(etat.nb_soutiens[p]) for p in self.projets}
        self.acces_initial = {p: 1.0 / etat.voix[p] for p in self.projets}

    # --- One pass ---------------------------------------------------------------------------

    def passe(self, part: float, tours: list[Tour] | None = None) -> tuple[list[str], list[float]]:
        """Selected projects and, round by round, the affordability of the elected one.

        Raises `Indecis` when a decision is too close to call.
        """
        budgets = np.full(self.nb_groupes, part, dtype=np.float64)
        acces = dict(self.acces_initial)
        restants = set(self.projets)
        choisis = list(self.gratuits)
        ratios: list[float] = []
        reste_total = part * self.n
        while True:
            meilleur, ex_aequo, rhos = self._moins_chers(budgets, restants, acces)
            if not ex_aequo:
                return choisis, ratios
            elu = min(ex_aequo, key=self.cle)
            choisis.append(elu)
            ratios.append(meilleur)
            restants.discard(elu)
            reste_total -= self._payer(budgets, elu, rhos[elu])
            if tours is not None:
                tours.append(
                    Tour(
                        numero=len(tours) + 1,
                        projet=elu,
                        retenu=True,
                        voix=self.voix[elu],
                        cout=self.couts_exacts[elu],
                        part_par_soutien=Fraction(rhos[elu]).limit_denominator(10**6),
                        reste_budget=Fraction(reste_total).limit_denominator(10**6),
                    )
                )

    def _moins_chers(
        self, budgets: np.ndarray, restants: set[str], acces: dict[str, float]
    ) -> tuple[float, list[str], dict[str, float]]:
        """Projects of least affordability (ties included) and what their supporters pay.

        Projects are tried by their last known affordability, a lower bound of the current
        one: the search stops at the first that cannot beat the best. Projects their
        supporters can no longer pay for leave `restants`. A project is « intact » when its
        poor supporters have nothing left: its affordability is then exactly 1 / payers, so a
        tie between intact projects with as many payers is an exact tie.
        """
        meilleur = 0.0
        ex_aequo: list[str] = []
        intacts: dict[str, float] = {}
        rhos: dict[str, float] = {}
        for p in sorted(restants, key=acces.__getitem__):
            if ex_aequo and acces[p] > meilleur * (1 + EPS):
                break
            calcul = self.rho(budgets, p, acces[p] * self.couts[p])
            if calcul is None:
                restants.discard(p)
                continue
            rho, payeurs, intact = calcul
            a = rho / self.couts[p]
            acces[p] = a
            rhos[p] = rho
            if intact:
                intacts[p] = payeurs
            if not ex_aequo or a < meilleur * (1 - EPS):
                meilleur, ex_aequo = a, [p]
            elif a <= meilleur * (1 + EPS):
                ex_aequo.append(p)
        if len(ex_aequo) > 1 and (
            not all(q in intacts for q in ex_aequo) or len({intacts[q] for q in ex_aequo}) > 1
        ):
            raise Indecis
        return meilleur, ex_aequo, rhos

    def rho(
        self, budgets: np.ndarray, p: str, plancher: float = 0.0
    ) -> tuple[float, float, bool] | None:
        """(ρ, supporters who pay ρ, project intact) for `p`, or None if they cannot pay it.

        Newton's method on the concave function ρ ↦ Σ min(bᵢ, ρ) − cost, from below: start
        from a lower bound of ρ (everyone paying cost / supporters, or `plancher`, what ρ was
        earlier in the pass: budgets only fall); those with less pay all they have, and ρ
        rises; stop when no one else falls short. Raises `Indecis` when the supporters have
        about exactly the cost, or one of them about exactly ρ.
        """
        b = budgets[self.index[p]]
        w = self.poids[p]
        cout = self.couts[p]
        disponible = _scalaire(b, w)
        if abs(disponible - cout) <= EPS * cout:
            raise Indecis
        if disponible < cout:
            return None
        nombre = self.nombre[p]
        pauvres_n = -1.0
        pauvres_somme = 0.0
        rho = max(cout / nombre, plancher)
        bw = b * w
        for _ in range(ITERATIONS):
            pauvres = (b < rho).astype(np.float64)
            n = _scalaire(w, pauvres)
            if n == pauvres_n:
                break
            pauvres_n = n
            pauvres_somme = _scalaire(bw, pauvres)
            if nombre - pauvres_n <= 0:
                raise Indecis
            rho = (cout - pauvres_somme) / (nombre - pauvres_n)
        else:
            rho, pauvres_n, pauvres_somme = _rho_trie(b, w, cout, nombre)
        if bool(np.any(np.abs(b - rho) <= EPS * rho)):
            raise Indecis
        return rho, nombre - pauvres_n, pauvres_somme == 0.0

    def _payer(self, budgets: np.ndarray, elu: str, rho: float) -> float:
        """The supporters of `elu` pay ρ each (or all they have); returns what they paid."""
        index = self.index[elu]
        b = budgets[index]
        if bool(np.any((b > 0) & (np.abs(b - rho) <= EPS * rho))):
            raise Indecis
        nouveau = np.where(b > rho, b - rho, 0.0)
        budgets[index] = nouveau
        return _scalaire(b - nouveau, self.poids[elu])

    # --- Certificate ------------------------------------------------------------------------

    def certifier(self, elus: Sequence[str], ratios: Sequence[float], part: float) -> bool:
        """True if the outcome `elus` of the pass at share t0 holds for every share in [t0, part].

        `ratios` are the affordabilities of the elected projects in the pass at t0. Proof: with
        the sequence of elected projects fixed, every remaining budget is a nondecreasing
        function of the initial share (a budget b becomes max(b − ρ, 0), and ρ, solution of
        Σ min(bᵢ, ρ) = cost, decreases when the budgets rise), so every affordability is
        nonincreasing and every sum of supporters' budgets nondecreasing. Replaying the
        sequence at `part` (the top of the interval), if at each round every other remaining
        project is either unaffordable there or strictly less affordable there than the
        elected one was at t0, then for any share t in between: the elected one costs at most
        its value at t0, every other at least its value at `part`, so the elected one is the
        only choice at t; and projects out of reach at `part` are out of reach at t. At the
        end, every remaining project must be out of reach at `part`. The property is also
        monotone: true up to `part`, it is true up to any smaller share.
        """
        budgets = np.full(self.nb_groupes, part, dtype=np.float64)
        acces = dict(self.acces_initial)
        restants = set(self.projets)
        try:
            for elu, ratio in zip(elus[len(self.gratuits) :], ratios, strict=True):
                seuil = ratio * (1 + EPS)
                restants.discard(elu)
                for q in sorted(restants, key=acces.__getitem__):
                    if acces[q] > seuil:
                        break
                    calcul = self.rho(budgets, q, acces[q] * self.couts[q])
                    if calcul is None:
                        restants.discard(q)
                        continue
                    acces[q] = calcul[0] / self.couts[q]
                    if acces[q] <= seuil:
                        return False
                calcul = self.rho(budgets, elu, acces[elu] * self.couts[elu])
                if calcul is None:
                    return False
                self._payer(budgets, elu, calcul[0])
            return all(
                _scalaire(budgets[self.index[q]], self.poids[q]) < self.couts[q] * (1 - EPS)
                for q in restants
            )
        except Indecis:
            return False


def _rho_trie(
    b: np.ndarray, w: np.ndarray, cout: float, nombre: float
) -> tuple[float, float, float]:
    """ρ by sorting the budgets: the first budget that covers (cost − what the poorer pay) /
    (those left) gives ρ. Returns (ρ, weight of the poor, what the poor pay)."""
    ordre = np.argsort(b, kind="stable")
    bs = b[ordre]
    ws = w[ordre]
    avant_w = np.concatenate(([0.0], np.cumsum(ws)[:-1]))
    avant_bw = np.concatenate(([0.0], np.cumsum(bs * ws)[:-1]))
    restant = nombre - avant_w
    with np.errstate(divide="ignore", invalid="ignore"):
        rhos = (cout - avant_bw) / restant
    couvre = np.flatnonzero((rhos <= bs) & (restant > 0))
    if not len(couvre):
        raise Indecis  # float rounding only: `disponible > cout` means the richest covers it
    k = int(couvre[0])
    return float(rhos[k]), float(avant_w[k]), float(avant_bw[k])
