"""Bulletins compacts : les groupes relus par le dépouillement sont exactement les bulletins."""

import random
from collections import Counter

import pytest

from territoires.participation.models import Bulletin, GroupeBulletins
from territoires.participation.services.bulletins_compacts import (
    bulletins_groupes,
    choix_decode,
    choix_encode,
)
from territoires.participation.services.resultats import resultat_compute
from territoires.participation.services.vote import urne_shuffle, vote_cast

pytestmark = pytest.mark.django_db


def urne(env) -> Counter:
    """Les bulletins d'origine, un par un, comptés par contenu (la source de vérité)."""
    return Counter(
        tuple(sorted(c))
        for c in Bulletin.objects.filter(enveloppe=env).values_list("choix", flat=True)
    )


def test_cle_du_bulletin_aller_retour():
    assert choix_encode([15, 3, 120]) == "3,15,120"
    assert choix_decode("3,15,120") == (3, 15, 120)
    assert choix_decode(choix_encode([])) == ()


def test_le_vote_n_ecrit_pas_les_groupes_le_premier_comptage_les_construit(
    scrutin, django_assert_max_num_queries
):
    c, env, p = scrutin
    alea = random.Random(7)
    for i in range(30):
        choix = alea.sample([q.pk for q in p], alea.randint(1, 2))
        vote_cast(campagne=c, empreinte=f"v{i}", canal="en_ligne", choix={env.pk: choix})
    # Aucune ligne partagée par les votants sur le chemin du vote.
    assert not GroupeBulletins.objects.exists()
    assert bulletins_groupes(enveloppe=env) == urne(env)
    assert sum(GroupeBulletins.objects.values_list("nombre", flat=True)) == 30
    assert GroupeBulletins.objects.count() == len(urne(env))
    # Les comptages suivants lisent les groupes tels quels, sans reconstruction.
    attendu = urne(env)
    with django_assert_max_num_queries(3):
        groupes = bulletins_groupes(enveloppe=env)
    assert groupes == attendu


def test_brassage_reecrit_les_groupes(scrutin):
    c, env, p = scrutin
    for i in range(6):
        vote_cast(campagne=c, empreinte=f"e{i}", canal="en_ligne", choix={env.pk: [p[i % 3].pk]})
    bulletins_groupes(enveloppe=env)
    ids = set(GroupeBulletins.objects.values_list("id", flat=True))
    assert urne_shuffle(campagne=c) == 6
    assert not ids & set(GroupeBulletins.objects.values_list("id", flat=True))
    assert (
        bulletins_groupes(enveloppe=env)
        == urne(env)
        == Counter({(p[0].pk,): 2, (p[1].pk,): 2, (p[2].pk,): 2})
    )


def test_groupes_reconstruits_quand_ils_divergent_de_l_urne(scrutin):
    c, env, p = scrutin
    vote_cast(campagne=c, empreinte="a", canal="en_ligne", choix={env.pk: [p[0].pk]})
    # Des bulletins écrits sans leurs groupes (reprise, ancienne version) : l'urne fait foi.
    Bulletin.objects.bulk_create(
        Bulletin(enveloppe=env, jour=c.vote_debut, choix=sorted([p[1].pk, p[2].pk]))
        for _ in range(4)
    )
    attendu = Counter({(p[0].pk,): 1, tuple(sorted([p[1].pk, p[2].pk])): 4})
    assert bulletins_groupes(enveloppe=env) == attendu == urne(env)
    assert GroupeBulletins.objects.filter(enveloppe=env).count() == 2


def test_relecture_en_requetes_constantes(scrutin, django_assert_max_num_queries):
    c, env, p = scrutin
    for i in range(12):
        vote_cast(campagne=c, empreinte=f"q{i}", canal="papier", choix={env.pk: [p[i % 4].pk]})
    bulletins_groupes(enveloppe=env)  # the first count builds them
    with django_assert_max_num_queries(3):
        groupes = bulletins_groupes(enveloppe=env)
    assert groupes.total() == 12


def test_resultat_compte_les_groupes_comme_les_bulletins(scrutin):
    c, env, p = scrutin
    votes = [[0], [0, 1], [1], [2, 3], [0, 1], [3]]
    for i, v in enumerate(votes):
        vote_cast(
            campagne=c, empreinte=f"r{i}", canal="en_ligne", choix={env.pk: [p[j].pk for j in v]}
        )
    r = resultat_compute(enveloppe=env, methode="greedy")
    assert r.bulletins == 6
    assert r.voix == {str(p[0].pk): 3, str(p[1].pk): 3, str(p[2].pk): 1, str(p[3].pk): 2}
    # Deux projets de 40 € dans 100 € : les deux plus soutenus, départage par numéro.
    assert r.selectionnes == [p[0].pk, p[1].pk]
