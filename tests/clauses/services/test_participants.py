"""The anonymisation: by the scheduled command (or the task it queues), never by a page, without
changing any total."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from territoires.clauses.models import ConfigurationClauses, Participant
from territoires.clauses.selectors.bilan import bilan_annuel
from territoires.clauses.services.participants import participants_anonymise
from territoires.comptes.models import Role
from tests.comptes.factories import ServiceFactory, login, member

from ..factories import ContratFactory, LotFactory, heures

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


def _anonymisation_checked(ancien, recent, avant) -> None:
    ancien.refresh_from_db()
    recent.refresh_from_db()
    assert ancien.anonymise_le is not None and ancien.annee_naissance is None
    assert ancien.identifiant.startswith("ANONYME-")
    assert recent.anonymise_le is None  # hours this month: kept
    assert bilan_annuel(2015) == avant
    assert ConfigurationClauses.courante().anonymisation_derniere == timezone.localdate()


def test_the_scheduled_command_anonymises_without_changing_any_total(ancien_et_recent):
    ancien, recent = ancien_et_recent
    avant = bilan_annuel(2015)
    sortie = io.StringIO()
    call_command("clauses_anonymiser", stdout=sortie)
    assert sortie.getvalue() == "1 participant(s) anonymisé(s).\n"
    _anonymisation_checked(ancien, recent, avant)

    # The next run of the day (cron) is harmless: nobody more is due.
    sortie = io.StringIO()
    call_command("clauses_anonymiser", stdout=sortie)
    assert sortie.getvalue() == "0 participant(s) anonymisé(s).\n"


def test_the_command_may_hand_it_to_the_task_queue(ancien_et_recent):
    ancien, recent = ancien_et_recent
    avant = bilan_annuel(2015)
    sortie = io.StringIO()
    call_command("clauses_anonymiser", "--en-tache", stdout=sortie)
    assert sortie.getvalue().startswith("Anonymisation confiée aux tâches de fond (")
    _anonymisation_checked(ancien, recent, avant)  # the test backend runs the task at once


def test_no_page_anonymises_nor_enqueues_it(
    client, ancien_et_recent, django_capture_on_commit_callbacks
):
    """A GET writes nothing: the facilitator's pages (list, home) leave it to the command."""
    ancien, _ = ancien_et_recent
    login(client, member(Role.FACILITATEUR, organisation=ServiceFactory()))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.get(reverse("clauses:marches")).status_code == 200
        assert client.get("/").status_code == 200
    assert callbacks == []
    ancien.refresh_from_db()
    assert ancien.anonymise_le is None
    assert ConfigurationClauses.courante().anonymisation_derniere is None


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
