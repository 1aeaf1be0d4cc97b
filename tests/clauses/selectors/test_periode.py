"""Headcounts over several years: a person or a company present two years counts once, and a
one-year period equals the yearly report (`clauses bilan`)."""

import datetime
import json

import pytest
from django.core.management import call_command

from territoires.clauses.models import ConfigurationClauses
from territoires.clauses.selectors import effectifs_periode

from ..factories import ContratFactory, EntrepriseFactory, LotFactory, MarcheFactory, heures

pytestmark = pytest.mark.django_db


def _seuil(n):
    config = ConfigurationClauses.courante()
    config.seuil_secret_statistique = n
    config.save()


@pytest.fixture
def deux_annees():
    entreprise = EntrepriseFactory()
    lot_2022 = LotFactory(marche=MarcheFactory(date_notification=datetime.date(2022, 3, 1)))
    lot_2023 = LotFactory(marche=MarcheFactory(date_notification=datetime.date(2023, 2, 1)))
    MarcheFactory(date_notification=datetime.date(2023, 9, 1))  # a buyer without hours yet
    fidele = ContratFactory(entreprise=entreprise, date_fin=datetime.date(2023, 12, 31))
    heures(lot=lot_2022, contrat=fidele, mois=datetime.date(2022, 4, 1), nombre=35)
    heures(lot=lot_2022, contrat=fidele, mois=datetime.date(2023, 4, 1), nombre=40)
    nouveau = ContratFactory(entreprise=entreprise, date_debut=datetime.date(2023, 3, 1))
    heures(lot=lot_2023, contrat=nouveau, mois=datetime.date(2023, 5, 1), nombre=20.5)


def test_a_person_present_two_years_counts_once(deux_annees, django_assert_max_num_queries):
    _seuil(1)
    with django_assert_max_num_queries(4):
        periode = effectifs_periode(depuis=2022, jusqu_a=2023, masquer=True)
    assert periode["heures_realisees"] == 95.5
    assert periode["participants"] == 2  # not 1 + 2
    assert periode["entreprises"] == 1  # not 1 + 1
    assert periode["donneurs_ordre"] == 3


@pytest.mark.parametrize("annee", [2022, 2023])
def test_one_year_equals_the_report_command(deux_annees, tmp_path, annee):
    _seuil(1)
    sortie = tmp_path / "bilan.json"
    call_command("clauses_bilan", annee=annee, format="json", sortie=str(sortie), public=True)
    bilan = json.loads(sortie.read_text())
    periode = effectifs_periode(depuis=annee, jusqu_a=annee, masquer=True)
    for cle in ("heures_realisees", "entreprises", "participants", "donneurs_ordre"):
        assert periode[cle] == bilan[cle], cle


def test_small_counts_are_masked_as_in_the_report(deux_annees):
    _seuil(3)
    periode = effectifs_periode(depuis=2022, jusqu_a=2023, masquer=True)
    assert (periode["participants"], periode["entreprises"]) == (None, None)
    assert periode["heures_realisees"] == 95.5 and periode["donneurs_ordre"] == 3
    assert effectifs_periode(depuis=2022, jusqu_a=2023)["participants"] == 2
