"""Chiffres publics comptés depuis le registre ; lignes `Participation` pour les campagnes
importées sans registre seulement."""

import pytest
from django.utils import timezone

from territoires.participation import compteurs
from territoires.participation.models import Canal, Participation, Votant
from territoires.participation.selectors import (
    chiffres_periode,
    participation,
    participation_for_campagnes,
    votants_par_commune,
)
from tests.referentiel.factories import CommuneFactory

from .factories import CampagneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deux_campagnes():
    """Une campagne votée (registre, et d'anciennes lignes de compteurs qui ne comptent plus),
    une campagne importée (lignes seulement)."""
    auch, condom = CommuneFactory(code="32013"), CommuneFactory(code="32107")
    votee, importee = CampagneFactory(phase="vote"), CampagneFactory(phase="vote")
    jour = timezone.localdate()
    for i, (canal, tranche, commune) in enumerate(
        [(Canal.EN_LIGNE, "18-29", auch), (Canal.PAPIER, "18-29", auch),
         (Canal.EN_LIGNE, "60-74", condom), (Canal.EN_LIGNE, "", None)]
    ):  # fmt: skip
        Votant.objects.create(campagne=votee, empreinte=f"e{i}", canal=canal, jour=jour,
                              tranche_age=tranche, commune=commune)  # fmt: skip
    Participation.objects.create(campagne=votee, dimension="total", valeur="total", nombre=99)
    for dim, valeur, n in [("total", "total", 10), ("canal", "papier", 4), ("commune", "32013", 6)]:
        Participation.objects.create(campagne=importee, dimension=dim, valeur=valeur, nombre=n)
    return votee, importee


def test_campagne_votee_comptee_depuis_son_registre(deux_campagnes, django_assert_num_queries):
    votee, importee = deux_campagnes
    with django_assert_num_queries(2):
        chiffres = participation(votee)
    assert chiffres == {
        "total": {"total": 4},
        "canal": {"en_ligne": 3, "papier": 1},
        "age": {"18-29": 2, "60-74": 1},
        "commune": {"32013": 2, "32107": 1},
    }
    assert participation(importee)["total"] == {"total": 10}
    assert participation(importee)["commune"] == {"32013": 6}


def test_lectures_groupees_memes_chiffres(deux_campagnes):
    votee, importee = deux_campagnes
    lignes = {(r.campagne.pk, r.dimension, r.valeur): r.nombre
              for r in participation_for_campagnes([votee, importee])}  # fmt: skip
    assert lignes[(votee.pk, "total", "total")] == 4
    assert lignes[(importee.pk, "canal", "papier")] == 4
    assert compteurs.votants_total([votee.pk, importee.pk]) == 14
    an = votee.vote_debut.year
    assert votants_par_commune(depuis=an, jusqu_a=an) == {"32013": 8, "32107": 1}
    an_fin = votee.vote_fin.year
    assert chiffres_periode(depuis=an_fin, jusqu_a=an_fin)["votants"] == 14
