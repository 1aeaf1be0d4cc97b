"""The weekly e-mail digest (Django's test e-mail backend, no mock)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from territoires.pilotage.models import SuiviElu
from territoires.pilotage.services.elus import resumes_hebdomadaires_send

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
