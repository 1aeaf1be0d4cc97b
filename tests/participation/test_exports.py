"""Aucun export du budget participatif ne porte de formule active : les charges OWASP dans le
titre de la campagne, le nom de l'enveloppe, les titres et catégories des projets sortent
inertes et lisibles de l'urne (CSV) et du fichier pabulib (page et commande), que le
vérificateur officiel accepte toujours."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from territoires.participation import pabulib
from territoires.participation.services.resultats import resultats_compute
from territoires.participation.services.vote import vote_cast
from tests.core.formules import MILIEU, charge, contenu, verifier_csv

from .factories import CampagneFactory, enveloppe, projet
from .test_pabulib_checker import verifier

pytestmark = pytest.mark.django_db

ATTENDUS = [charge(0), charge(1), charge(2), charge(3), charge(4), MILIEU]


@pytest.fixture
def urne():
    c = CampagneFactory(phase="vote", titre=charge(0))
    env = enveloppe(c, nom=charge(1), budget=Decimal(100), choix_min=1, choix_max=2)
    p = [
        projet(env, "1", 40, titre=charge(2), categorie=charge(3)),
        projet(env, "2", 30, titre=MILIEU, categorie=charge(4)),
        projet(env, "3", 50, titre=charge(5), categorie=charge(6)),
    ]
    for i, choix in enumerate([[0], [0, 1], [1, 2], [2]]):
        vote_cast(
            campagne=c,
            empreinte=f"e{i}",
            canal="en_ligne",
            choix={env.pk: [p[k].pk for k in choix]},
        )
    return c, env


def test_urne_et_pabulib(client, urne):
    c, env = urne
    url = reverse("participation:urne_export", args=[c.slug, env.pk])
    with time_machine.travel(c.vote_fin + datetime.timedelta(days=1)):
        resultats_compute(campagne=c)
        lignes = verifier_csv(contenu(client.get(url)).decode("utf-8-sig"), attendus=[])
        assert lignes[0] == ["bulletin", "jour", "projets"] and len(lignes) == 5
        datetime.date.fromisoformat(lignes[1][1])  # an ISO date
        texte = client.get(url, {"format": "pabulib"}).content.decode()
    verifier_csv(texte, attendus=ATTENDUS)
    assert len(pabulib.lire_texte(texte).votes) == 4
    assert verifier(texte)["errors"] == {}
    sortie = StringIO()
    call_command("budget_resultats", c.slug, format_="pabulib", stdout=sortie)
    verifier_csv(sortie.getvalue(), attendus=ATTENDUS)
