"""Programming a dossier in a commission session (within its envelope) and the session's
vote."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from territoires.core.journal import journal_record
from territoires.core.models import Evenement
from territoires.core.notifications import notify
from territoires.core.workflow import transition_apply, transition_check

from .. import formats, selectors
from ..models import ZERO, Dossier, SessionProgrammation
from .calendrier import session_after
from .common import dossier_lock, organisation_members

DECISIONS = ("attribuer", "refuser", "ajourner")


@transaction.atomic
def dossier_program(*, dossier: Dossier, actor, depassement: str = "") -> Dossier:
    dossier = dossier_lock(dossier, None)
    # The visa and the session are the transition's conditions: checked before the envelope.
    transition_check(obj=dossier, transition="programmer", actor=actor)
    annee = dossier.session.date_commission.year
    # The dashboard's remainder (one definition: `selectors/enveloppes.py`).
    situation = selectors.enveloppe_situation(dossier.dispositif, annee)
    montant = dossier.montant_propose or ZERO
    contrat = dossier.operation.contrat if dossier.operation_id else None
    reste = None
    if contrat is not None:
        utilise = (
            Dossier.objects.filter(operation__contrat=contrat, statut__in=["programme"]).aggregate(
                s=Sum("montant_propose")
            )["s"]
            or ZERO
        ) + (
            Dossier.objects.filter(
                operation__contrat=contrat, statut__in=Dossier.STATUTS_ATTRIBUES
            ).aggregate(s=Sum("montant_attribue"))["s"]
            or ZERO
        )
        reste = contrat.enveloppe - utilise
        libelle = f"l'enveloppe du {contrat}"
    elif situation is not None:
        reste = situation["reste"]
        libelle = f"l'enveloppe {annee} du dispositif"
    if reste is not None and montant > reste:
        if not depassement.strip():
            raise ValidationError(
                f"Programmer {formats.euros(montant)} dépasserait {libelle} (reste "
                f"{formats.euros(reste)}). Pour passer outre, indiquez le motif du dépassement."
            )
        dossier.depassement_enveloppe = depassement
    transition_apply(
        obj=dossier,
        transition="programmer",
        actor=actor,
        reason=(
            f"{dossier.session}"
            + (f" — dépassement d'enveloppe autorisé : {depassement}" if depassement else "")
        ),
    )
    return dossier


@transaction.atomic
def session_vote(
    *,
    session: SessionProgrammation,
    actor,
    numero: str,
    date: datetime.date,
    decisions: dict[int, str],
) -> SessionProgrammation:
    """Record the commission's deliberation and each dossier's decision
    (`attribuer`, `refuser` or `ajourner`). A dossier absent from `decisions` is not voted: it
    stays programmed, listed on the session's page (`session_unvoted_postpone`)."""
    if not actor.has_perm("aides.voter_session", session):
        raise PermissionDenied
    if not numero.strip():
        raise ValidationError("Le numéro de délibération est obligatoire.")
    if date > timezone.localdate():
        raise ValidationError(
            "La date de la délibération ne peut pas être dans le futur : indiquez le jour où "
            "la commission a voté."
        )
    if not decisions or set(decisions.values()) - set(DECISIONS):
        raise ValidationError(
            "Choisissez la décision d'au moins un dossier : un dossier sans décision reste "
            "non voté."
        )
    session.numero_deliberation = numero
    session.date_deliberation = date
    session.save(update_fields=["numero_deliberation", "date_deliberation"])
    suivante = session_after(session)
    reason = f"Délibération n° {numero} du {date:%d/%m/%Y}"
    for dossier in session.dossiers.filter(statut=Dossier.Statut.PROGRAMME, pk__in=decisions):
        decision = decisions[dossier.pk]
        if decision == "attribuer":
            transition_apply(
                obj=dossier,
                transition="attribuer",
                actor=actor,
                reason=reason,
                montant=dossier.montant_propose,
                date=date,
            )
            titre = f"Subvention attribuée : {formats.euros(dossier.montant_propose)}"
        elif decision == "refuser":
            transition_apply(
                obj=dossier, transition="refuser", actor=actor, reason=reason, date=date
            )
            titre = "Demande de subvention refusée"
        elif decision == "ajourner":
            transition_apply(
                obj=dossier,
                transition="ajourner",
                actor=actor,
                reason=reason,
                session_suivante=suivante,
            )
            titre = "Dossier ajourné à la session suivante"
        else:
            continue
        notify(
            users=organisation_members(dossier.organisation),
            title=f"Dossier {dossier.numero} : {titre}",
            body=(
                "L'arrêté attributif et la lettre de notification signés seront à "
                "télécharger sur le dossier dès que le Département les aura déposés."
                if decision == "attribuer"
                else ""
            ),
            url=dossier.get_absolute_url(),
            category="Aides",
        )
    journal_record(
        obj=session,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Vote de la session : délibération n° {numero}",
    )
    return session


@transaction.atomic
def session_unvoted_postpone(
    *, session: SessionProgrammation, actor
) -> tuple[SessionProgrammation, int]:
    """Move the dossiers the commission did not vote to the scheme's next session: they stay
    programmed (no decision was taken), each move journaled. Returns the next session and the
    number of dossiers moved."""
    if not actor.has_perm("aides.voter_session", session):
        raise PermissionDenied
    suivante = session_after(session)
    if suivante is None:
        raise ValidationError(
            "Aucune session suivante n'est prévue pour ce dispositif : créez-la dans "
            "l'administration (sessions de programmation, ou le modèle annuel des sessions "
            "du dispositif), puis reportez les dossiers."
        )
    dossiers = list(session.dossiers.select_for_update().filter(statut=Dossier.Statut.PROGRAMME))
    for dossier in dossiers:
        dossier.session = suivante
        dossier.save(update_fields=["session"])
        journal_record(
            obj=dossier,
            actor=actor,
            action=Evenement.Action.MODIFICATION,
            description=f"Non voté en {session} : reporté à {suivante}",
        )
    if dossiers:
        journal_record(
            obj=session,
            actor=actor,
            action=Evenement.Action.MODIFICATION,
            description=f"{len(dossiers)} dossier(s) non voté(s) reporté(s) à {suivante}",
        )
    return suivante, len(dossiers)
