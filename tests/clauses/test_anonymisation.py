"""The automatic anonymisation: once a day, in the background, without changing any total."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from territoires.clauses.models import ConfigurationClauses, Participant
from territoires.clauses.selectors.bilan import bilan_annuel
from territoires.clauses.services.participants import (
    anonymisation_quotidienne,
    participants_anonymise,
)
from territoires.comptes.models import Role
from tests.comptes.factories import ServiceFactory, login, member

from .factories import ContratFactory, LotFactory, heures

pytestmark = pytest.mark.django_db


@pytest.fixture
def ancien_et_recent():
    aujourd_hui = timezone.localdate()
    lot = LotFactory(marche__date_notification=datetime.date(2015, 3, 1))
    ancien = ContratFactory(date_debut=datetime.date(2015, 3, 1), date_fin=None)
    heures(lot=lot, contrat=ancien, mois=datetime.date(2015, 4, 1), nombre=70)
    recent = ContratFactory(date_debut=datetime.date(2015, 3, 1), date_fin=None)
    heures(lot=lot, contrat=recent, mois=datetime.date(2015, 4, 1), nombre=35)
    heures(lot=lot, contrat=recent, mois=aujourd_hui.replace(day=1), nombre=35)
    return ancien.participant, recent.participant


def test_the_facilitators_first_visit_of_the_day_anonymises_in_the_background(
    client, ancien_et_recent, django_capture_on_commit_callbacks
):
    ancien, recent = ancien_et_recent
    avant = bilan_annuel(2015)
    login(client, member(Role.FACILITATEUR, organisation=ServiceFactory()))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.get(reverse("clauses:marches")).status_code == 200
    assert len(callbacks) == 1  # the task, enqueued once the page's transaction commits
    ancien.refresh_from_db()
    recent.refresh_from_db()
    assert ancien.anonymise_le is not None and ancien.annee_naissance is None
    assert ancien.identifiant.startswith("ANONYME-")
    assert recent.anonymise_le is None  # hours this month: kept
    assert bilan_annuel(2015) == avant
    assert ConfigurationClauses.courante().anonymisation_derniere == timezone.localdate()

    # The rest of the day, visits enqueue nothing more (also from the home page).
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.get(reverse("clauses:marches"))
        client.get("/")
    assert callbacks == []


def test_the_daily_claim_is_taken_once_per_day(ancien_et_recent):
    jour = datetime.date(2031, 1, 5)
    assert anonymisation_quotidienne(aujourd_hui=jour) is True
    assert anonymisation_quotidienne(aujourd_hui=jour) is False
    assert anonymisation_quotidienne(aujourd_hui=jour + datetime.timedelta(1)) is True


def test_the_delay_is_a_setting(ancien_et_recent):
    config = ConfigurationClauses.courante()
    config.delai_anonymisation_annees = 20
    config.save()
    assert participants_anonymise() == 0
    config.delai_anonymisation_annees = 1
    config.save()
    assert participants_anonymise() == 1
    assert participants_anonymise() == 0  # idempotent
    assert Participant.objects.filter(anonymise_le__isnull=False).count() == 1


def test_other_users_visits_do_not_trigger_it(client, ancien_et_recent):
    login(client, member(Role.DIRECTION, organisation=ServiceFactory()))
    client.get(reverse("clauses:marches"))
    assert ConfigurationClauses.courante().anonymisation_derniere is None
