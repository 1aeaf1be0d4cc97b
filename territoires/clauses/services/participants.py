"""Participants' personal data (GDPR): journaled consultations and anonymisation."""

import datetime
import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from territoires.core.journal import journal_record
from territoires.core.models import Evenement

from ..models import ConfigurationClauses, Participant
from ..selectors.participants import participants_due_for_anonymisation


def participant_consultation_log(*, participant: Participant, user) -> None:
    """Every opening of a participant's record leaves a line in the journal."""
    journal_record(
        obj=participant,
        actor=user,
        action=Evenement.Action.AUTRE,
        description="Consultation de la fiche participant",
    )


def participants_consultation_log(
    *, participants: list[Participant], user, description: str = "Consultation de la liste"
) -> None:
    """One journal line per participant shown in a list, written in one query."""
    content_type = ContentType.objects.get_for_model(Participant)
    vus = {p.pk: p for p in participants}
    Evenement.objects.bulk_create(
        Evenement(
            content_type=content_type,
            object_id=str(p.pk),
            objet_libelle=str(p)[:255],
            acteur=user,
            action=Evenement.Action.AUTRE,
            description=description[:255],
        )
        for p in vus.values()
    )


@transaction.atomic
def participants_anonymise(*, aujourd_hui: datetime.date | None = None, actor=None) -> int:
    """Anonymise participants whose last hours are older than the configured delay.

    The identifier becomes random, the birth year and the commune are erased; sex, criteria
    and `reside_departement` stay, so that no yearly report changes. Idempotent; run daily by
    `territoires clauses anonymiser` (cron), directly or through the task queue, never by a
    page. Records the day of the run in `ConfigurationClauses.anonymisation_derniere`.
    """
    config = ConfigurationClauses.courante()
    candidats = list(
        participants_due_for_anonymisation(
            aujourd_hui=aujourd_hui, delai_annees=config.delai_anonymisation_annees
        ).values_list("pk", flat=True)
    )
    maintenant = timezone.now()
    for pk in candidats:
        Participant.objects.filter(pk=pk).update(
            identifiant=f"ANONYME-{secrets.token_hex(8)}",
            annee_naissance=None,
            commune_residence=None,
            anonymise_le=maintenant,
        )
    ConfigurationClauses.objects.filter(pk=config.pk).update(
        anonymisation_derniere=timezone.localdate()
    )
    if candidats:
        journal_record(
            obj=config,
            actor=actor,
            action=Evenement.Action.AUTRE,
            description=f"Anonymisation de {len(candidats)} participant(s)",
        )
    return len(candidats)
