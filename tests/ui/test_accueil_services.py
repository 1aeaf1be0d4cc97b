"""The service cards of the public home page lead somewhere (issue 14), and the engineering
and social-clause services each have a public page that explains them and how to ask."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.clauses.factories import ContratFactory, LotFactory, heures
from tests.ingenierie.factories import SollicitationFactory, mission_setup

pytestmark = pytest.mark.django_db


def test_every_service_card_has_a_link_that_answers(client):
    mission_setup()
    page = client.get("/").content.decode()
    cartes = re.findall(
        r'<section class="card" aria-labelledby="offre-[a-z]+">(.*?)</section>', page, re.S
    )
    assert len(cartes) == 5
    for carte in cartes:
        lien = re.search(r'<a href="([^"]+)"', carte)
        assert lien, carte
        assert client.get(lien.group(1)).status_code == 200, lien.group(1)


def test_the_engineering_page_explains_and_counts_last_year(client):
    mission_setup()
    annee = timezone.localdate().year - 1
    for _ in range(3):
        SollicitationFactory(deposee_le=datetime.datetime(annee, 3, 1, 12, tzinfo=datetime.UTC))
    page = client.get("/ingenierie/presentation/").content.decode()
    assert "Dans quels domaines ?" in page and "Comment demander ?" in page
    assert f"En {annee} : <strong>3 demandes</strong>" in page
    assert "Se connecter pour demander" in page


def test_the_clauses_page_explains_and_leads_to_the_directory(client):
    annee = timezone.localdate().year - 1
    heures(lot=LotFactory(), contrat=ContratFactory(), mois=datetime.date(annee, 5, 1),
           nombre=1200)  # fmt: skip
    page = client.get("/clauses/presentation/").content.decode()
    assert "Vous êtes un acheteur public" in page
    assert f"En {annee} : <strong>1\u00a0200 heures d'insertion</strong>" in page
    assert 'href="/clauses/annuaire/"' in page
