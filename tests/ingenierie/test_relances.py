import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from territoires.comptes.models import Role
from territoires.ingenierie.models import Action, Relance, Sollicitation
from territoires.ingenierie.relances import relances_envoyer
from tests.comptes.factories import MembreFactory, login

from .factories import SollicitationFactory

pytestmark = pytest.mark.django_db


def _quiet(days, commune, mission, **kwargs):
    last = timezone.now() - datetime.timedelta(days=days)
    return SollicitationFactory(
        organisation=commune["organisation"],
        referent=mission["conseiller"],
        statut=kwargs.pop("statut", "en_cours"),
        derniere_activite_le=last,
        deposee_le=last,
        **kwargs,
    )


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_digest_and_where_are_you_are_sent_once(mission, commune):
    s = _quiet(50, commune, mission)
    Action.objects.create(
        sollicitation=s, titre="Envoyer les plans", echeance=datetime.date(2020, 1, 1)
    )
    left = MembreFactory(organisation=commune["organisation"], role=Role.AGENT, actif=False).user

    bilan = relances_envoyer()
    assert (bilan.digests, bilan.ou_en_etes_vous, bilan.inactivites) == (1, 1, 0)
    digest = _to(mission["conseiller"].email)[0]
    assert "Envoyer les plans" in digest.body and "Pourquoi ce courriel" in digest.body
    ouee = _to(commune["maire"].email)[0]
    assert ouee.subject.startswith("Où en êtes-vous ?")
    assert reverse("ingenierie:relances_arreter", args=[s.pk]) in ouee.body
    assert "Pourquoi ce courriel" in ouee.body
    assert not _to(left.email)  # someone who left gets nothing

    mail.outbox.clear()
    bilan = relances_envoyer()
    assert (bilan.digests, bilan.ou_en_etes_vous, bilan.inactivites) == (0, 0, 0)
    assert not mail.outbox

    # Next week: a new digest, still no second « où en êtes-vous ? » for the same silence.
    bilan = relances_envoyer(now=timezone.now() + datetime.timedelta(days=7))
    assert (bilan.digests, bilan.ou_en_etes_vous) == (1, 0)


def test_inactivity_is_flagged_once_and_not_paused(mission, commune):
    s = _quiet(70, commune, mission)
    bilan = relances_envoyer()
    assert bilan.inactivites == 1
    s = Sollicitation.objects.get(pk=s.pk)
    assert s.inactivite_signalee_le is not None and s.statut == "en_cours"
    assert relances_envoyer().inactivites == 0
    assert Relance.objects.filter(type="inactivite").count() == 1


def test_stop_link_and_dry_run(client, mission, commune, capsys):
    s = _quiet(50, commune, mission)
    call_command("ingenierie_relances", dry_run=True)
    assert "« où en êtes-vous ? » : 1" in capsys.readouterr().out
    assert not mail.outbox and not Relance.objects.exists()

    login(client, commune["maire"])
    url = reverse("ingenierie:relances_arreter", args=[s.pk])
    assert "Arrêter les relances" in client.get(url).content.decode()
    client.post(url)
    assert Sollicitation.objects.get(pk=s.pk).relances_desactivees
    assert relances_envoyer().ou_en_etes_vous == 0


def test_nothing_for_a_referent_who_left(mission, commune):
    _quiet(10, commune, mission)
    mission["conseiller"].membres.update(actif=False)
    bilan = relances_envoyer()
    assert bilan.digests == 0 and any("n'est plus en poste" in x for x in bilan.ignorees)


def test_new_activity_rearms_where_are_you(mission, commune):
    s = _quiet(50, commune, mission)
    assert relances_envoyer().ou_en_etes_vous == 1
    # Activity 45 days later, then silence again: a new event, a new reminder.
    later = timezone.now() + datetime.timedelta(days=90)
    Sollicitation.objects.filter(pk=s.pk).update(
        derniere_activite_le=timezone.now() + datetime.timedelta(days=45)
    )
    assert relances_envoyer(now=later).ou_en_etes_vous == 1
