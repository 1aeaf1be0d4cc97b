"""Writes about elected officials: what they follow, their visits, their weekly digest."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from territoires.comptes.rules import is_elu
from territoires.core import journal
from territoires.core.links import absolute_url
from territoires.core.models import Evenement

from .. import elus
from ..models import SuiviElu

logger = logging.getLogger(__name__)


def _intervalle_visites() -> datetime.timedelta:
    """Pages seen closer than this belong to the same visit (setting, minutes)."""
    return datetime.timedelta(minutes=settings.PILOTAGE_VISITE_MINUTES)


def _periode_resume() -> datetime.timedelta:
    """Minimum time between two weekly digests of one official (setting, days)."""
    return datetime.timedelta(days=settings.PILOTAGE_RESUME_JOURS)


@transaction.atomic
def suivi_elu_ensure(*, user) -> SuiviElu:
    """The official's row (created empty: an administrator sets the territory)."""
    suivi, _ = SuiviElu.objects.get_or_create(user=user)
    return suivi


def _etat(suivi: SuiviElu) -> dict[str, str]:
    """What an administrator sets, in words, for the journal."""
    return {
        "canton": suivi.canton.nom if suivi.canton_id else "",
        "communes": ", ".join(sorted(c.nom for c in suivi.communes.all())),
        "delegation": suivi.get_delegation_display() if suivi.delegation else "",
    }


@transaction.atomic
def suivi_elu_set(*, elu, canton, communes, delegation: str, actor) -> SuiviElu:
    """An administrator sets what `elu` follows: their canton (its communes), otherwise a
    list of communes, and a delegation (or "" for none). Journaled with what changed."""
    if not is_elu(elu):
        raise ValueError(f"{elu} n'est pas élu départemental.")
    suivi, created = SuiviElu.objects.select_for_update().get_or_create(user=elu)
    avant = _etat(suivi)
    suivi.canton = canton
    suivi.delegation = delegation
    suivi.save(update_fields=["canton", "delegation"])
    suivi.communes.set([] if canton is not None else communes)
    apres = _etat(suivi)
    changes = {k: [avant[k], apres[k]] for k in apres if avant[k] != apres[k]}
    if changes or created:
        journal.journal_record(
            obj=suivi,
            actor=actor,
            action=Evenement.Action.MODIFICATION,
            changes=changes,
            description="Territoire suivi par l'élu modifié",
        )
    return suivi


@transaction.atomic
def visite_record(
    *, suivi: SuiviElu, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """Record a visit; returns the start of « since your last visit » (None: first visit).

    Pages seen within `PILOTAGE_VISITE_MINUTES` of the last one are the same visit: reloading
    the home page does not empty its news.
    """
    now = now or timezone.now()
    suivi = SuiviElu.objects.select_for_update().get(pk=suivi.pk)
    if suivi.derniere_visite is None or now - suivi.derniere_visite > _intervalle_visites():
        suivi.visite_precedente = suivi.derniere_visite
    suivi.derniere_visite = now
    suivi.save(update_fields=["derniere_visite", "visite_precedente"])
    return suivi.visite_precedente


@transaction.atomic
def resume_hebdomadaire_set(*, suivi: SuiviElu, actif: bool) -> None:
    suivi.resume_hebdomadaire = actif
    suivi.save(update_fields=["resume_hebdomadaire"])


def _send(suivi: SuiviElu, context: dict) -> None:
    subject = f"[{context['site_name']}] Votre territoire cette semaine"
    text = render_to_string("pilotage/elus/emails/resume.txt", context)
    html = render_to_string("pilotage/elus/emails/resume.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[suivi.user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def _debut_fenetre(now: datetime.datetime) -> datetime.datetime:
    """Start of the local day `PILOTAGE_RESUME_JOURS - 1` days before `now`: a digest sent
    since then is recent. Counted in days, not to the second: a weekly cron that starts a few
    seconds earlier than last week still sends."""
    jour = timezone.localdate(now) - _periode_resume() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time()))


def _resume_reserve(suivi: SuiviElu, *, now: datetime.datetime) -> bool:
    """Mark the digest of `suivi` as sent now, unless it was (by another run) since the window
    started: one conditional UPDATE, so two runs at once do not both send it."""
    return bool(
        SuiviElu.objects.filter(pk=suivi.pk)
        .exclude(dernier_resume_le__gte=_debut_fenetre(now))
        .update(dernier_resume_le=now)
    )


def resumes_hebdomadaires_send(*, now: datetime.datetime | None = None) -> int:
    """E-mail the weekly digest to each active official who chose it and did not get one in
    the last `PILOTAGE_RESUME_JOURS` days (counted in calendar days); returns the e-mails sent.
    Run it daily or weekly (`territoires pilotage resume-elus`): it never sends one twice in
    the period, even run twice at once. An official with nothing new (no news, no dossier of
    theirs on the agenda) gets no e-mail; the news wait for the next one."""
    now = now or timezone.now()
    due = (
        SuiviElu.objects.filter(resume_hebdomadaire=True, user__is_active=True)
        .exclude(dernier_resume_le__gte=_debut_fenetre(now))
        .select_related("user", "canton")
        .order_by("pk")
    )
    sent = 0
    for suivi in due:
        if not is_elu(suivi.user):
            continue
        precedent = suivi.dernier_resume_le
        depuis = precedent or now - _periode_resume()
        context = elus.accueil(suivi, depuis=depuis, today=timezone.localdate(now))
        if not elus.a_signaler(context) or not _resume_reserve(suivi, now=now):
            continue
        context |= {
            "user": suivi.user,
            "site_name": settings.TERRITOIRES_BRANDING["name"],
            "accueil_url": absolute_url(reverse("pilotage:elu_accueil")),
            "reglage_url": absolute_url(reverse("pilotage:elu_resume")),
            "base_url": absolute_url("/").rstrip("/"),
        }
        try:
            _send(suivi, context)
        except Exception:
            logger.exception("Envoi du résumé hebdomadaire à l'élu %s impossible.", suivi.user_id)
            # Not sent: the next run tries again.
            SuiviElu.objects.filter(pk=suivi.pk, dernier_resume_le=now).update(
                dernier_resume_le=precedent
            )
            continue
        sent += 1
    return sent
