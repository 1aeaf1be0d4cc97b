import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from territoires.comptes.models import Role
from territoires.ingenierie.models import Action, Relance, Sollicitation
from territoires.ingenierie.services.relances import relances_send
from tests.comptes.factories import MembreFactory, login

from .factories import SollicitationFactory

pytestmark = pytest.mark.django_db


def _quiet(days, commune, mission, **kwargs):
    last = timezone.now() - datetime.timedelta(days=days)
    return SollicitationFactory(
        organisation=commune["organisation"],
        referent=kwargs.pop("referent", mission["conseiller"]),
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

    bilan = relances_send()
    assert (bilan.digests, bilan.ou_en_etes_vous, bilan.inactivites) == (1, 1, 0)
    digest = _to(mission["conseiller"].email)[0]
    assert "Envoyer les plans" in digest.body and "Pourquoi ce courriel" in digest.body
    ouee = _to(commune["maire"].email)[0]
    assert ouee.subject.startswith("Où en êtes-vous ?")
    assert reverse("ingenierie:relances_arreter", args=[s.pk]) in ouee.body
    assert "Pourquoi ce courriel" in ouee.body
    assert not _to(left.email)  # someone who left gets nothing

    mail.outbox.clear()
    bilan = relances_send()
    assert (bilan.digests, bilan.ou_en_etes_vous, bilan.inactivites) == (0, 0, 0)
    assert not mail.outbox

    # Next week: a new digest, still no second « où en êtes-vous ? » for the same silence.
    bilan = relances_send(now=timezone.now() + datetime.timedelta(days=7))
    assert (bilan.digests, bilan.ou_en_etes_vous) == (1, 0)


def test_inactivity_is_flagged_once_and_not_paused(mission, commune):
    s = _quiet(70, commune, mission)
    bilan = relances_send()
    assert bilan.inactivites == 1
    s = Sollicitation.objects.get(pk=s.pk)
    assert s.inactivite_signalee_le is not None and s.statut == "en_cours"
    assert relances_send().inactivites == 0
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
    assert relances_send().ou_en_etes_vous == 0


def test_nothing_for_a_referent_who_left(mission, commune):
    _quiet(10, commune, mission)
    mission["conseiller"].membres.update(actif=False)
    bilan = relances_send()
    assert bilan.digests == 0 and any("n'est plus en poste" in x for x in bilan.ignorees)


def test_new_activity_rearms_where_are_you(mission, commune):
    s = _quiet(50, commune, mission)
    assert relances_send().ou_en_etes_vous == 1
    # Activity 45 days later, then silence again: a new event, a new reminder.
    later = timezone.now() + datetime.timedelta(days=90)
    Sollicitation.objects.filter(pk=s.pk).update(
        derniere_activite_le=timezone.now() + datetime.timedelta(days=45)
    )
    assert relances_send(now=later).ou_en_etes_vous == 1


def _preferences_link(message):
    path = reverse("ingenierie:relances_preferences_jeton", args=["X"]).removesuffix("X/")
    start = message.body.index(path)
    return message.body[start:].split()[0]


def test_each_person_can_stop_a_kind_of_reminder_from_the_email(client, mission, commune):
    s = _quiet(70, commune, mission)
    adjoint = MembreFactory(organisation=commune["organisation"], role=Role.AGENT).user
    other = _quiet(70, commune, mission, referent=mission["conseiller2"])
    relances_send()
    ouee = _to(commune["maire"].email)[0]
    link = _preferences_link(ouee)
    assert ouee.extra_headers["List-Unsubscribe"].endswith(link + ">")

    # The link works without signing in, and only stops the mayor's own e-mails.
    page = client.get(link).content.decode()
    assert commune["maire"].email in page and "Récapitulatif hebdomadaire" not in page
    response = client.post(link, {}, follow=True)
    assert "Vous ne recevrez plus : « où en êtes-vous ? » à la collectivité." in (
        response.content.decode()
    )

    # The referent stops his digest and inactivity flags with his own link.
    digest = _to(mission["conseiller"].email)[0]
    client.post(_preferences_link(digest), {"recues": []})

    mail.outbox.clear()
    Sollicitation.objects.filter(pk__in=[s.pk, other.pk]).update(
        derniere_activite_le=timezone.now() - datetime.timedelta(days=80),
        inactivite_signalee_le=None,
    )
    call_command("ingenierie_relances")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert commune["maire"].email not in recipients
    assert mission["conseiller"].email not in recipients
    # The others still get theirs: the deputy (one per request), the other referent (his
    # inactivity flag; this week's digest was already sent, and is never sent twice).
    assert recipients.count(adjoint.email) == 2
    assert recipients.count(mission["conseiller2"].email) == 1

    # Ticking the box again starts them again.
    client.post(link, {"recues": ["ou_en_etes_vous"]})
    mail.outbox.clear()
    Sollicitation.objects.filter(pk=s.pk).update(
        derniere_activite_le=timezone.now() - datetime.timedelta(days=90)
    )
    relances_send()
    assert _to(commune["maire"].email)


def test_a_forged_preferences_link_is_refused(client, commune):
    url = reverse("ingenierie:relances_preferences_jeton", args=["faux:jeton"])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_signed_in_preferences_page(client, mission, commune):
    login(client, mission["conseiller"])
    url = reverse("ingenierie:relances_preferences")
    page = client.get(url).content.decode()
    assert "Récapitulatif hebdomadaire" in page and "Où en êtes-vous" not in page
    client.post(url, {"recues": ["inactivite"]})
    _quiet(70, commune, mission)
    bilan = relances_send()
    assert (bilan.digests, bilan.inactivites) == (0, 1)
    assert any("a arrêté le récapitulatif" in x for x in bilan.ignorees)


def test_inactive_requests_are_flagged_in_one_email_per_referent(mission, commune):
    a = _quiet(70, commune, mission, sujet="Pont de la Baïse")
    b = _quiet(80, commune, mission, sujet="Salle des fêtes")
    bilan = relances_send()
    assert bilan.inactivites == 2
    flags = [m for m in _to(mission["conseiller"].email) if "sans activité" in m.subject]
    assert len(flags) == 1 and flags[0].subject.startswith("2 sollicitations sans activité")
    assert a.numero in flags[0].body and b.numero in flags[0].body
    assert Relance.objects.filter(type="inactivite").count() == 2
    # New activity on one, then silence again: only that one is flagged, alone.
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(days=100)
    Sollicitation.objects.filter(pk=a.pk).update(
        derniere_activite_le=timezone.now() + datetime.timedelta(days=20),
        inactivite_signalee_le=None,
    )
    assert relances_send(now=later).inactivites == 1
    flags = [m for m in _to(mission["conseiller"].email) if "sans activité" in m.subject]
    assert len(flags) == 1 and flags[0].subject.startswith("1 sollicitation sans activité")
    assert a.numero in flags[0].body and b.numero not in flags[0].body
