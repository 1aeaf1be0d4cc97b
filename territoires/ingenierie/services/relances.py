"""Reminders: the referents' weekly digest, « où en êtes-vous ? » to the collectivité, and the
inactivity flag. Run by `territoires ingenierie relances` (cron, daily or weekly).

Every e-mail is recorded in `Relance` under a key naming its event *before* it is sent, in
the same transaction: a second run (or two runs at once) never sends it again, and a failed
sending leaves no record so the next run retries. Recipients are only active users with an
active membership (someone who left the organisation gets nothing). Each e-mail says why it
was sent and how to stop it.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from territoires.comptes.models import Membre, Organisation
from territoires.core.journal import track_changes

from ..models import Action, ConfigurationIngenierie, Relance, RelanceRefusee, Sollicitation


@dataclass
class Bilan:
    digests: int = 0
    ou_en_etes_vous: int = 0
    inactivites: int = 0
    ignorees: list[str] = field(default_factory=list)


SALT = "ingenierie.relances.preferences"


def _absolute(path: str) -> str:
    return settings.TERRITOIRES_BASE_URL.rstrip("/") + path


def preferences_token(user) -> str:
    """Signed, non-expiring key of a person's reminder preferences (works without login)."""
    return signing.dumps({"u": user.pk}, salt=SALT)


def user_from_token(jeton: str):
    """The person a preferences link was made for, or None when the link was altered."""

    try:
        pk = signing.loads(jeton, salt=SALT)["u"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def preferences_url(user) -> str:
    return _absolute(
        reverse("ingenierie:relances_preferences_jeton", args=[preferences_token(user)])
    )


def _refusees(type: str) -> set[int]:
    return set(RelanceRefusee.objects.filter(type=type).values_list("destinataire_id", flat=True))


def _send_once(*, type: str, user, evenement: str, sollicitation, subject: str, template: str,
               context: dict, dry_run: bool) -> bool:  # fmt: skip
    return bool(
        _send_grouped(type=type, user=user, evenements=[(evenement, sollicitation)],
                      subject=lambda n: subject, template=template, context=lambda _: context,
                      dry_run=dry_run)
    )  # fmt: skip


def _send_grouped(*, type: str, user, evenements: list, subject, template: str, context,
                  dry_run: bool) -> list:  # fmt: skip
    """One e-mail for the events (key, request) not yet sent to this person; each event is
    recorded in the same transaction as the sending. Returns the requests sent about."""
    deja = set(
        Relance.objects.filter(
            type=type, destinataire=user, evenement__in=[e for e, _ in evenements]
        ).values_list("evenement", flat=True)
    )
    nouveaux = [(e, s) for e, s in evenements if e not in deja]
    if not nouveaux or dry_run:
        return [s for _, s in nouveaux]
    sollicitations = [s for _, s in nouveaux]
    preferences = preferences_url(user)
    body = render_to_string(
        f"ingenierie/emails/{template}.txt",
        {
            **context(sollicitations),
            "user": user,
            "preferences_url": preferences,
            "site_name": settings.TERRITOIRES_BRANDING["name"],
        },
    )
    message = EmailMessage(
        subject(len(nouveaux)),
        body,
        None,
        [user.email],
        headers={"List-Unsubscribe": f"<{preferences}>"},
    )
    try:
        with transaction.atomic():
            Relance.objects.bulk_create(
                Relance(type=type, destinataire=user, evenement=e, sollicitation=s)
                for e, s in nouveaux
            )
            message.send()
    except IntegrityError:  # another run recorded it first
        return []
    return sollicitations


def _staff_still_there(user) -> bool:
    return (
        user.is_active
        and Membre.objects.actifs()
        .filter(user=user, organisation__type__in=Organisation.TYPES_DEPARTEMENT)
        .exists()
    )


def relances_send(*, now: datetime.datetime | None = None, dry_run: bool = False) -> Bilan:
    """One run of the reminders (the command's): inactivity flags, « où en êtes-vous ? »,
    weekly digests. `dry_run` counts what would be sent, sends and records nothing."""
    now = now or timezone.now()
    config = ConfigurationIngenierie.courante()
    bilan = Bilan()
    ouvertes = Sollicitation.objects.filter(statut__in=Sollicitation.STATUTS_OUVERTS)
    if config.delai_inactivite_jours:
        _inactivity_send(ouvertes, jours=config.delai_inactivite_jours, now=now, dry_run=dry_run,
                         bilan=bilan)  # fmt: skip
    if config.delai_ou_en_etes_vous_jours:
        _ou_en_etes_vous_send(ouvertes, jours=config.delai_ou_en_etes_vous_jours, now=now,
                              dry_run=dry_run, bilan=bilan)  # fmt: skip
    _digests_send(ouvertes, now=now, dry_run=dry_run, bilan=bilan)
    return bilan


def _inactive_by_referent(inactives, bilan: Bilan) -> dict[int, list[Sollicitation]]:
    """The requests to flag, by referent still in post who did not stop these flags."""
    refusees = _refusees(Relance.Type.INACTIVITE)
    par_referent: dict[int, list[Sollicitation]] = {}
    for s in inactives:
        if s.referent is None or not _staff_still_there(s.referent):
            bilan.ignorees.append(f"{s.numero} : pas de référent en poste")
            continue
        if s.referent_id in refusees:
            bilan.ignorees.append(f"{s.numero} : le référent a arrêté ces signalements")
            continue
        par_referent.setdefault(s.referent_id, []).append(s)
    return par_referent


def _inactivity_send(ouvertes, *, jours: int, now, dry_run: bool, bilan: Bilan) -> None:
    """Inactivity: flagged to the referent once per period without activity (not paused), in
    one e-mail per referent listing the requests newly without activity, not one each."""
    limite = now - datetime.timedelta(days=jours)
    inactives = ouvertes.filter(
        derniere_activite_le__lt=limite, inactivite_signalee_le__isnull=True
    ).select_related("referent", "organisation")
    for siennes in _inactive_by_referent(inactives, bilan).values():
        sent = _send_grouped(
            type=Relance.Type.INACTIVITE,
            user=siennes[0].referent,
            evenements=[
                (f"inactivite:{s.pk}:{s.derniere_activite_le:%Y%m%d%H%M%S}", s) for s in siennes
            ],
            subject=lambda n: (
                f"{n} sollicitation{'s' if n > 1 else ''} sans activité depuis {jours} jours"
            ),
            template="inactivite",
            context=lambda liste: {
                "sollicitations": liste,
                "jours": jours,
                "base_url": settings.TERRITOIRES_BASE_URL.rstrip("/"),
            },
            dry_run=dry_run,
        )
        bilan.inactivites += len(sent)
        if sent and not dry_run:
            Sollicitation.objects.filter(pk__in=[s.pk for s in sent]).update(
                inactivite_signalee_le=now
            )


def _ou_en_etes_vous_send(ouvertes, *, jours: int, now, dry_run: bool, bilan: Bilan) -> None:
    """« Où en êtes-vous ? » to the collectivité's active members, once per quiet period."""
    limite = now - datetime.timedelta(days=jours)
    attente = ouvertes.filter(
        statut__in=[Sollicitation.Statut.EN_COURS, Sollicitation.Statut.EN_ATTENTE],
        derniere_activite_le__lt=limite,
        relances_desactivees=False,
    ).select_related("organisation", "referent")
    membres = (
        Membre.objects.actifs()
        .exclude(user_id__in=_refusees(Relance.Type.OU_EN_ETES_VOUS))
        .select_related("user")
    )
    for s in attente:
        for membre in membres.filter(organisation_id=s.organisation_id):
            bilan.ou_en_etes_vous += _send_once(
                type=Relance.Type.OU_EN_ETES_VOUS,
                user=membre.user,
                evenement=f"ouee:{s.pk}:{s.derniere_activite_le:%Y%m%d%H%M%S}",
                sollicitation=s,
                subject=f"Où en êtes-vous ? Votre demande {s.numero}",
                template="ou_en_etes_vous",
                context={
                    "s": s,
                    "jours": jours,
                    "url": _absolute(s.get_absolute_url()),
                    "stop_url": _absolute(reverse("ingenierie:relances_arreter", args=[s.pk])),
                },
                dry_run=dry_run,
            )


def _digest_recipients(ouvertes, bilan: Bilan):
    """The referents of open requests still in post who did not stop their digest."""
    referents = (
        ouvertes.exclude(referent=None).values_list("referent", flat=True).distinct().order_by()
    )
    refusees = _refusees(Relance.Type.DIGEST)
    for user in get_user_model().objects.filter(pk__in=referents):
        if not _staff_still_there(user):
            bilan.ignorees.append(f"{user.email} : n'est plus en poste")
        elif user.pk in refusees:
            bilan.ignorees.append(f"{user.email} : a arrêté le récapitulatif")
        else:
            yield user


def _digests_send(ouvertes, *, now, dry_run: bool, bilan: Bilan) -> None:
    """Weekly digest to each referent still in post: one per ISO week."""
    year, week, _ = timezone.localtime(now).isocalendar()
    for user in _digest_recipients(ouvertes, bilan):
        siennes = list(
            ouvertes.filter(referent=user).select_related("organisation").order_by("deposee_le")
        )
        echues = list(
            Action.objects.filter(
                sollicitation__in=siennes,
                echeance__lt=timezone.localdate(now),
            )
            .exclude(Q(statut=Action.Statut.REALISEE) | Q(statut=Action.Statut.ABANDONNEE))
            .select_related("sollicitation")
        )
        bilan.digests += _send_once(
            type=Relance.Type.DIGEST,
            user=user,
            evenement=f"digest:{year}-W{week:02d}",
            sollicitation=None,
            subject=f"Vos sollicitations en cours ({len(siennes)})",
            template="digest",
            context={
                "en_cours": [s for s in siennes if s.statut == Sollicitation.Statut.EN_COURS],
                "en_attente": [s for s in siennes if s.statut == Sollicitation.Statut.EN_ATTENTE],
                "inactives": [s for s in siennes if s.inactivite_signalee_le],
                "echues": echues,
                "file_url": _absolute(reverse("ingenierie:file")) + f"?referent={user.pk}",
                "base_url": settings.TERRITOIRES_BASE_URL.rstrip("/"),
            },
            dry_run=dry_run,
        )


@transaction.atomic
def sollicitation_reminders_stop(*, sollicitation: Sollicitation, actor) -> None:
    with track_changes(sollicitation, actor=actor, fields=["relances_desactivees"]):
        sollicitation.relances_desactivees = True
        sollicitation.save(update_fields=["relances_desactivees"])


@transaction.atomic
def relances_preferences_set(*, user, types: Iterable[str], recues: Iterable[str]) -> None:
    """Among `types` (those offered to this person), receive `recues` and stop the others."""
    types, recues = set(types), set(recues)
    RelanceRefusee.objects.filter(destinataire=user, type__in=types & recues).delete()
    for type_ in sorted(types - recues):
        RelanceRefusee.objects.get_or_create(destinataire=user, type=type_)
