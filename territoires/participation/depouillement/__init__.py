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

from collections.abc import Iterable, Mapping

from .base import DEPARTAGES, Resultat, Tour, compter_voix
from .glouton import greedy
from .parts_egales import mes
from .parts_egales_completion import mes_add1

METHODES = ("greedy", "mes", "mes-add1")

__all__ = [
    "DEPARTAGES",
    "METHODES",
    "Resultat",
    "Tour",
    "calculer",
    "compter_voix",
    "greedy",
    "mes",
    "mes_add1",
]


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
