"""`mes-add1` qui saute les pas : identique à la recherche pas à pas, et à pabutools.

La référence est la définition de pabutools (`exhaustion_by_budget_increase`) écrite pas à pas
avec la passe exacte en fractions : la part monte d'une unité à la fois, rien n'est sauté.
"""

import random
from fractions import Fraction

import pytest
from pabutools.election.ballot import ApprovalBallot
from pabutools.election.instance import Instance, Project
from pabutools.election.profile import ApprovalProfile

from territoires.participation import depouillement
from territoires.participation.depouillement.base import (
    cle_departage,
    compter_voix,
    cout_de,
    normaliser,
)
from territoires.participation.depouillement.glouton import completer_glouton
from territoires.participation.depouillement.parts_egales import EtatPartsEgales

from .test_depouillement import pabutools_resultat


def etat_de(couts, bulletins):
    couts_f, groupes = normaliser(couts, bulletins)
    cle = cle_departage("lexicographique", couts_f, compter_voix(groupes))
    return EtatPartsEgales(couts_f, groupes, cle), couts_f, groupes, cle


def mes_add1_reference(couts, bulletins, budget, increment=1):
    """(lauréats triés, part retenue) : pas à pas, passes exactes, puis complétion gloutonne."""
    etat, couts_f, groupes, cle = etat_de(couts, bulletins)
    budget = Fraction(budget)
    part = budget / etat.n
    precedent, retenue = list(etat.gratuits), part
    while True:
        choix = etat.passe(part)
        total = cout_de(couts_f, choix)
        if total > budget:
            break
        precedent, retenue = choix, part
        if all(couts_f[p] + total > budget for p in etat.projets if p not in set(choix)):
            break
        part += increment
    voix = compter_voix(groupes)
    complet = completer_glouton(couts_f, voix, budget, precedent, cle, [])
    return sorted(complet), retenue


def profil_egalites(alea):
    """Petits coûts ronds, peu de votants : beaucoup d'égalités exactes."""
    n = alea.randint(2, 9)
    couts = {f"p{i}": alea.choice([10, 20, 30, 40, 60]) for i in range(n)}
    bulletins = [
        alea.sample(sorted(couts), alea.randint(1, min(3, n))) for _ in range(alea.randint(1, 25))
    ]
    return couts, bulletins, alea.choice([50, 70, 100, 130])


def profil_long(alea):
    """Coûts variés face à peu de votants : la part monte longtemps, souvent sans rien changer."""
    n = alea.randint(3, 10)
    couts = {f"p{i}": alea.randint(20, 400) for i in range(n)}
    poids = [alea.random() for _ in couts]
    bulletins = []
    for _ in range(alea.randint(2, 14)):
        k = alea.randint(1, min(4, n))
        bulletins.append(sorted(set(alea.choices(sorted(couts), weights=poids, k=k))))
    return couts, bulletins, alea.randint(300, 1200)


@pytest.mark.parametrize("profil", [profil_egalites, profil_long])
def test_identique_a_la_recherche_pas_a_pas(profil):
    alea = random.Random(20261204)
    for cas in range(200):
        couts, bulletins, budget = profil(alea)
        nous = depouillement.mes_add1(couts, bulletins, budget)
        attendu, part = mes_add1_reference(couts, bulletins, budget)
        assert sorted(nous.selectionnes) == attendu, (cas, couts, bulletins, budget)
        assert nous.part_initiale == part, (cas, couts, bulletins, budget)


def test_identique_a_pabutools_quand_la_part_monte_longtemps():
    alea = random.Random(16)
    for cas in range(25):
        couts, bulletins, budget = profil_long(alea)
        instance = Instance([Project(p, c) for p, c in couts.items()], budget_limit=budget)
        profil = ApprovalProfile(
            [ApprovalBallot([p for p in instance if p.name in b]) for b in bulletins]
        )
        nous = depouillement.mes_add1(couts, bulletins, budget)
        assert sorted(nous.selectionnes) == pabutools_resultat(instance, profil, "mes-add1"), cas


def test_le_certificat_ne_ment_jamais_et_sert():
    """Chaque intervalle certifié a, à chaque pas de la grille, le résultat de son début."""
    alea = random.Random(5)
    certifies = 0
    for _ in range(60):
        couts, bulletins, budget = profil_long(alea)
        etat, couts_f, _, _ = etat_de(couts, bulletins)
        depart = Fraction(budget) / etat.n + alea.randint(0, 40)
        choix, ratios = etat.selection_ratios(depart)
        if ratios is None:
            continue
        for k in (1, 3, 8, 20):
            if etat.flottante.certifier(choix, ratios, float(depart + k)):
                certifies += 1
                for i in range(k + 1):
                    assert set(etat.passe(depart + i)) == set(choix)
    assert certifies >= 20  # le saut sert vraiment sur ces profils


def test_les_tours_de_la_part_retenue_expliquent_le_resultat():
    alea = random.Random(3)
    couts, bulletins, budget = profil_long(alea)
    nous = depouillement.mes_add1(couts, bulletins, budget)
    parts_egales = [t.projet for t in nous.tours if t.motif == "parts égales" or not t.motif]
    etat, *_ = etat_de(couts, bulletins)
    assert parts_egales == etat.passe(nous.part_initiale)[: len(parts_egales)]
