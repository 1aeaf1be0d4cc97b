"""The weekly e-mail digest (Django's test e-mail backend, no mock)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from territoires.aides.models import Dossier
from territoires.pilotage.models import SuiviElu
from territoires.pilotage.services.elus import resumes_hebdomadaires_send
from tests.comptes.factories import OrganisationFactory
from tests.referentiel.factories import CommuneFactory

from .factories_elus import elu, monde

pytestmark = pytest.mark.django_db


def test_the_digest_goes_to_who_chose_it_once_a_week():
    w = monde(timezone.localdate())
    SuiviElu.objects.create(user=elu(w.departement), canton=w.canton)  # did not choose it
    w.suivi.resume_hebdomadaire = True
    w.suivi.save()
    now = timezone.now()
    assert resumes_hebdomadaires_send(now=now) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [w.elu.email]
    assert message.subject.endswith("Votre territoire cette semaine")
    assert "le canton de Lectoure-Lomagne" in message.body
    assert "Réfection du lavoir de notre canton" in message.body
    assert "Salle des fêtes" not in message.body
    assert "/pilotage/elu/resume-hebdomadaire/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="fr">' in html
    assert w.dossier.get_absolute_url() in html
    # Not twice in the same week, again the week after.
    assert resumes_hebdomadaires_send(now=now + datetime.timedelta(days=3)) == 0
    assert resumes_hebdomadaires_send(now=now + datetime.timedelta(days=7)) == 1


def test_no_digest_for_an_official_who_lost_the_role():
    w = monde(timezone.localdate())
    w.suivi.resume_hebdomadaire = True
    w.suivi.save()
    w.elu.membres.update(actif=False)
    assert resumes_hebdomadaires_send() == 0
    assert mail.outbox == []


def test_the_command(capsys):
    w = monde(timezone.localdate())
    w.suivi.resume_hebdomadaire = True
    w.suivi.save()
    call_command("pilotage_resume_elus")
    assert "1 résumé(s) hebdomadaire(s) envoyé(s)." in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_no_empty_digest_for_an_official_with_nothing_new():
    w = monde(timezone.localdate())
    calme = CommuneFactory(departement=w.canton.departement)
    suivi = SuiviElu.objects.create(user=elu(w.departement), resume_hebdomadaire=True)
    suivi.communes.set([calme])
    vide = SuiviElu.objects.create(user=elu(w.departement), resume_hebdomadaire=True)
    assert vide.communes.count() == 0  # follows nothing at all
    assert resumes_hebdomadaires_send() == 0
    assert mail.outbox == []
    suivi.refresh_from_db()
    assert suivi.dernier_resume_le is None  # the next run looks again
    # Something new: a grant decided for the commune; now the digest has something to say.
    organisation = OrganisationFactory(commune=calme)
    Dossier.objects.filter(pk=w.dossier_ailleurs.pk).update(
        organisation=organisation,
        statut="attribue",
        montant_attribue=Decimal("4200"),
        decide_le=timezone.localdate(),
    )
    assert resumes_hebdomadaires_send() == 1
    assert mail.outbox[0].to == [suivi.user.email]
    assert "Subvention de 4\u00a0200 €" in mail.outbox[0].body


def test_run_twice_in_the_same_week_sends_once(capsys):
    w = monde(timezone.localdate())
    w.suivi.resume_hebdomadaire = True
    w.suivi.save()
    now = timezone.now()
    assert resumes_hebdomadaires_send(now=now) == 1
    assert resumes_hebdomadaires_send(now=now) == 0
    call_command("pilotage_resume_elus")
    assert "0 résumé(s) hebdomadaire(s) envoyé(s)." in capsys.readouterr().out
    # Counted in calendar days: six days later is still the same week.
    assert resumes_hebdomadaires_send(now=now + datetime.timedelta(days=6)) == 0
    assert len(mail.outbox) == 1


def test_a_weekly_cron_a_little_earlier_than_last_week_still_sends():
    w = monde(timezone.localdate())
    w.suivi.resume_hebdomadaire = True
    w.suivi.save()
    lundi = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(8)))
    assert resumes_hebdomadaires_send(now=lundi + datetime.timedelta(seconds=5)) == 1
    # Seven days later, the cron starts five seconds earlier: a new week all the same.
    assert resumes_hebdomadaires_send(now=lundi + datetime.timedelta(days=7)) == 1
    assert len(mail.outbox) == 2
