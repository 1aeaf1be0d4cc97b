"""Méthode des parts égales (Method of Equal Shares)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction

from .base import Resultat, Tour, _cle_departage, _normaliser, compter_voix


class _Mes:
    """État préparé une fois, réutilisé par chaque passe de `mes-add1`."""

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
        # Projets gratuits soutenus : retenus d'office (pabutools fait de même).
        self.gratuits = sorted((p for p in self.soutiens if couts[p] == 0), key=cle)
        self.projets = [p for p in self.soutiens if couts[p] > 0]
        # Préparé une fois pour les passes en flottants de `mes-add1`.
        self.couts_flottants = {p: float(couts[p]) for p in self.projets}
        self.nb_soutiens = {
            p: sum(self.multiplicites[i] for i in self.soutiens[p]) for p in self.projets
        }

    def passe(self, part: Fraction, tours: list[Tour] | None = None) -> list[str]:
        couts = self.couts
        budgets = [part] * len(self.bulletins)
        # Par projet : nombre de soutiens par valeur de budget restant.
        par_valeur: dict[str, Counter] = {}
        for p in self.projets:
            c: Counter = Counter()
            for i in self.soutiens[p]:
                c[part] += self.multiplicites[i]
            par_valeur[p] = c
        # Accessibilité initiale = coût / satisfaction totale = 1 / voix (borne inférieure).
        access = {p: Fraction(1, self.voix[p]) for p in self.projets}
        restants = set(self.projets)
        choisis = list(self.gratuits)
        reste_total = part * self.n
        while True:
            meilleur: Fraction | None = None
            ex_aequo: list[str] = []
            meilleur_rho = Fraction(0)
            for p in sorted(restants, key=lambda q: access[q]):
                if meilleur is not None and access[p] > meilleur:
                    break
                cout = couts[p]
                valeurs = sorted(par_valeur[p].items())
                disponible = sum((b * m for b, m in valeurs), Fraction(0))
                if disponible < cout:
                    restants.discard(p)
                    continue
                contribue = Fraction(0)
                nombre = sum(m for _, m in valeurs)
                for b, m in valeurs:
                    rho = (cout - contribue) / nombre
                    if rho <= b:
                        a = rho / cout
                        access[p] = a
                        if meilleur is None or a < meilleur:
                            meilleur, ex_aequo, meilleur_rho = a, [p], rho
                        elif a == meilleur:
                            ex_aequo.append(p)
                        break
                    contribue += b * m
                    nombre -= m
            if not ex_aequo:
                return choisis
            elu = min(ex_aequo, key=self.cle)
            choisis.append(elu)
            restants.discard(elu)
            rho = meilleur * couts[elu]
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
            if tours is not None:
                tours.append(
                    Tour(
                        numero=len(tours) + 1,
                        projet=elu,
                        retenu=True,
                        voix=self.voix[elu],
                        cout=couts[elu],
                        part_par_soutien=meilleur_rho,
                        reste_budget=reste_total,
                    )
                )

    def passe_rapide(self, part: Fraction, tours: list[Tour] | None = None) -> list[str] | None:
        """La même passe en flottants ; `None` dès qu'une décision est trop serrée.

        Chaque comparaison décisive (qui paie tout, quel projet est le moins cher par unité
        de satisfaction, reste-t-il assez) est faite avec une marge relative ; si la marge
        n'est pas nette, l'appelant rejoue la passe en fractions exactes. Le résultat est donc
        toujours celui du calcul exact.
        """
        eps = 1e-9
        couts = self.couts_flottants
        depart = float(part)
        budgets = [depart] * len(self.bulletins)
        mult = self.multiplicites
        par_valeur: dict[str, dict[float, int]] = {
            p: {depart: n} for p, n in self.nb_soutiens.items()
        }
        access = {p: 1.0 / self.voix[p] for p in self.projets}
        restants = set(self.projets)
        choisis = list(self.gratuits)
        reste_total = depart * self.n
        while True:
            meilleur = None
            ex_aequo: list[str] = []
            # Projet « intact » : ses soutiens qui ne paient pas tout n'ont plus rien ; son
            # accessibilité vaut exactement 1 / (soutiens qui paient) : l'égalité est exacte.
            intacts: dict[str, int] = {}
            for p in sorted(restants, key=access.__getitem__):
                if meilleur is not None and access[p] > meilleur * (1 + eps):
                    break
                cout = couts[p]
                valeurs = sorted(par_valeur[p].items())
                disponible = 0.0
                nombre = 0
                for b, m in valeurs:
                    disponible += b * m
                    nombre += m
                if abs(disponible - cout) <= eps * cout:
                    return None
                if disponible < cout:
                    restants.discard(p)
                    continue
                contribue = 0.0
                for b, m in valeurs:
                    rho = (cout - contribue) / nombre
                    if abs(rho - b) <= eps * rho:
                        return None
                    if rho < b:
                        a = rho / cout
                        access[p] = a
                        if contribue == 0.0:
                            intacts[p] = nombre
                        if meilleur is None or a < meilleur * (1 - eps):
                            meilleur, ex_aequo = a, [p]
                        elif a <= meilleur * (1 + eps):
                            ex_aequo.append(p)
                        break
                    contribue += b * m
                    nombre -= m
            if not ex_aequo:
                return choisis
            if len(ex_aequo) > 1:
                if not all(q in intacts for q in ex_aequo):
                    return None
                if len({intacts[q] for q in ex_aequo}) > 1:
                    return None
            elu = min(ex_aequo, key=self.cle)
            choisis.append(elu)
            restants.discard(elu)
            rho = meilleur * couts[elu]
            for i in self.soutiens[elu]:
                ancien = budgets[i]
                if ancien == 0.0:
                    continue
                if abs(ancien - rho) <= eps * rho:
                    return None
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


def mes(
    couts: Mapping[str, object],
    bulletins: Iterable[Iterable[str]],
    budget: object,
    *,
    departage: str = "lexicographique",
) -> Resultat:
    couts_f, groupes = _normaliser(couts, bulletins)
    budget_f = Fraction(str(budget))
    etat = _Mes(couts_f, groupes, _cle_departage(departage, couts_f, compter_voix(groupes)))
    if etat.n == 0:
        return Resultat("mes", [], budget_f, Fraction(0))
    part = budget_f / etat.n
    tours: list[Tour] = []
    choisis = etat.passe_rapide(part, tours)
    if choisis is None:
        tours = []
        choisis = etat.passe(part, tours)
    return Resultat(
        "mes", choisis, budget_f, sum((couts_f[p] for p in choisis), Fraction(0)), tours, part
    )
