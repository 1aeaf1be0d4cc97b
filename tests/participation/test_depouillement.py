"""Règles de dépouillement comparées à pabutools (GPL, dépendance de test seulement).

Fichiers : Pabulib (Stolicki, Szufa, Talmon, « Pabulib: A Participatory Budgeting Library »,
2020), Toulouse 2022 et deux de ses quartiers.
"""

import json
import random
from fractions import Fraction
from pathlib import Path

import pytest
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.election.ballot import ApprovalBallot
from pabutools.election.instance import Instance, Project
from pabutools.election.profile import ApprovalProfile
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from territoires.participation import depouillement, pabulib

DATA = Path(__file__).parent / "data"
QUARTIERS = sorted(DATA.glob("France_Toulouse_2022_*.pb"))
TOULOUSE = DATA / "France_Toulouse_2022.pb"


def pabutools_resultat(instance, profil, methode):
    if methode == "greedy":
        sortie = greedy_utilitarian_welfare(instance, profil, sat_class=Cost_Sat)
    elif methode == "mes":
        sortie = method_of_equal_shares(instance, profil, sat_class=Cost_Sat)
    else:
        sortie = completion_by_rule_combination(
            instance,
            profil,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
        )
    return sorted(p.name for p in sortie)


@pytest.mark.parametrize("chemin", QUARTIERS, ids=lambda p: p.stem[-14:])
@pytest.mark.parametrize("methode", depouillement.METHODES)
def test_quartiers_identiques_a_pabutools(chemin, methode):
    instance, profil = parse_pabulib(str(chemin))
    fichier = pabulib.lire(chemin)
    nous = depouillement.calculer(methode, fichier.couts(), fichier.bulletins(), fichier.budget)
    assert sorted(nous.selectionnes) == pabutools_resultat(instance, profil, methode)
    assert nous.cout_total <= fichier.budget


@pytest.mark.parametrize("methode", ["greedy", "mes"])
def test_toulouse_identique_a_pabutools(methode):
    instance, profil = parse_pabulib(str(TOULOUSE))
    fichier = pabulib.lire(TOULOUSE)
    nous = depouillement.calculer(methode, fichier.couts(), fichier.bulletins(), fichier.budget)
    assert sorted(nous.selectionnes) == pabutools_resultat(instance, profil, methode)


def test_toulouse_mes_add1_identique_a_pabutools():
    # pabutools met des dizaines de minutes sur ce fichier (1 600 passes de MES) : son résultat
    # a été calculé une fois et rangé à côté du fichier (tests/participation/data/).
    attendu = json.loads((DATA / "France_Toulouse_2022.mes-add1.pabutools.json").read_text())
    fichier = pabulib.lire(TOULOUSE)
    nous = depouillement.mes_add1(fichier.couts(), fichier.bulletins(), fichier.budget)
    assert sorted(nous.selectionnes) == attendu["selectionnes"]


def instance_aleatoire(graine):
    alea = random.Random(graine)
    nb_projets = alea.randint(2, 9)
    # Coûts ronds et votes peu nombreux : beaucoup d'égalités exactes.
    couts = {f"p{i}": alea.choice([10, 20, 30, 40, 60]) for i in range(nb_projets)}
    bulletins = [
        alea.sample(sorted(couts), alea.randint(1, min(3, nb_projets)))
        for _ in range(alea.randint(1, 25))
    ]
    budget = alea.choice([50, 70, 100, 130])
    instance = Instance([Project(p, c) for p, c in couts.items()], budget_limit=budget)
    profil = ApprovalProfile(
        [ApprovalBallot([p for p in instance if p.name in b]) for b in bulletins]
    )
    return couts, bulletins, budget, instance, profil


@pytest.mark.parametrize("graine", range(40))
def test_instances_aleatoires_avec_egalites(graine):
    couts, bulletins, budget, instance, profil = instance_aleatoire(graine)
    for methode in depouillement.METHODES:
        nous = depouillement.calculer(methode, couts, bulletins, budget)
        assert sorted(nous.selectionnes) == pabutools_resultat(instance, profil, methode), methode


def test_passe_flottante_egale_passe_exacte():
    fichier = pabulib.lire(TOULOUSE)
    couts, groupes = depouillement.base.normaliser(fichier.couts(), fichier.bulletins())
    etat = depouillement.parts_egales.EtatPartsEgales(couts, groupes, lambda p: (p,))
    part = fichier.budget / etat.n
    for ajout in (0, 300, 1500):
        choisis, ratios = etat.selection_ratios(part + ajout)
        assert ratios is not None  # la passe flottante a tranché seule
        assert choisis == etat.passe(part + ajout)


def test_tours_expliquent_le_resultat():
    fichier = pabulib.lire(QUARTIERS[1])
    r = depouillement.mes(fichier.couts(), fichier.bulletins(), fichier.budget)
    assert [t.projet for t in r.tours] == r.selectionnes
    assert all(t.part_par_soutien > 0 for t in r.tours)
    g = depouillement.greedy(fichier.couts(), fichier.bulletins(), fichier.budget)
    assert {t.projet for t in g.tours if t.retenu} == set(g.selectionnes)
    assert any(not t.retenu and t.motif for t in g.tours)


def test_departage_configurable():
    couts = {"b": 10, "a": 20}
    bulletins = [["a", "b"]]
    assert depouillement.greedy(couts, bulletins, 20).selectionnes == ["a"]
    assert depouillement.greedy(couts, bulletins, 20, departage="cout_min").selectionnes == ["b"]
    with pytest.raises(ValueError):
        depouillement.greedy(couts, bulletins, 20, departage="hasard")


def test_aucun_bulletin():
    assert depouillement.mes({"a": 5}, [], 10).selectionnes == []
    assert depouillement.mes_add1({"a": 5}, [], 10).selectionnes == ["a"]
    assert depouillement.greedy({"a": 5}, [], 10).cout_total == Fraction(5)
