"""The participatory budget's key figures equal each campaign's own counters."""

import datetime

import pytest

from territoires.participation.models import Participation, Realisation
from territoires.participation.selectors import participation
from territoires.pilotage.chiffres import Periode, chiffres_cles
from tests.participation.factories import CampagneFactory, enveloppe, projet

pytestmark = pytest.mark.django_db


def test_voters_and_projects_realised_of_the_campaigns_closed_in_the_period():
    campagne = CampagneFactory(vote_fin=datetime.date(2022, 10, 15))
    hors_periode = CampagneFactory(vote_fin=datetime.date(2020, 10, 15))
    for c, nombre in ((campagne, 42), (hors_periode, 7)):
        Participation.objects.create(campagne=c, dimension="total", valeur="total", nombre=nombre)
    env = enveloppe(campagne)
    for code, statut in (("P1", "terminee"), ("P2", "en_cours")):
        realisation = Realisation.objects.create(projet=projet(env, code, 10))
        Realisation.objects.filter(pk=realisation.pk).update(statut=statut)

    chiffres = {c["cle"]: c for c in chiffres_cles(Periode(depuis=2021, jusqu_a=2023))}
    assert chiffres["participation.votants"]["valeur"] == participation(campagne)["total"]["total"]
    assert chiffres["participation.votants"]["valeur"] == 42
    assert chiffres["participation.projets_realises"]["valeur"] == 1
    assert (
        "42 votants au budget participatif entre 2021 et 2023"
        in (chiffres["participation.votants"]["phrase"])
    )
