"""Règles de dépouillement d'un budget participatif à bulletins d'approbation.

Python pur (aucune dépendance à Django), arithmétique exacte (`fractions.Fraction`) : les
égalités d'accessibilité sont fréquentes (1/votes au premier tour) et doivent se trancher
exactement comme pabutools le fait.

- `greedy` : projets par nombre de voix décroissant, chacun retenu s'il tient encore dans le
  budget (pabutools `greedy_utilitarian_welfare` avec satisfaction `Cost_Sat`) ;
- `mes` : méthode des parts égales (Method of Equal Shares), satisfaction par le coût, sans
  complétion (pabutools `method_of_equal_shares`, `Cost_Sat`) ;
- `mes-add1` : la même, en relevant la part de chaque votant d'une unité monétaire jusqu'à ce
  que le résultat dépasse le budget (ou l'épuise), puis complétion gloutonne (pabulib
  `equalshares/add1`, pabutools `completion_by_rule_combination`).

Départage par défaut : ordre lexicographique de l'identifiant du projet (chaîne), comme
`pabutools.tiebreaking.lexico_tie_breaking`.

Pour aller vite, les votants de même bulletin sont regroupés (multiplicité) et, pour chaque
projet, ses soutiens sont comptés par valeur de budget restant : le calcul de l'accessibilité
parcourt quelques valeurs distinctes au lieu de milliers de votants.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

METHODES = ("greedy", "mes", "mes-add1")
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


def calculer(
    methode: str,
    couts: Mapping[str, object],
    bulletins: Iterable[Iterable[str]],
    budget: object,
    *,
    departage: str = "lexicographique",
) -> Resultat:
    fonctions = {"greedy": greedy, "mes": mes, "mes-add1": mes_add1}
    if methode not in fonctions:
        raise ValueError(f"Méthode inconnue : {methode}")
    return fonctions[methode](couts, bulletins, budget, departage=departage)
