"""Follow-up of an accepted request: state changes, step, notes, actions and recommendations."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from territoires.core.journal import journal_record, track_changes
from territoires.core.models import Evenement
from territoires.core.notifications import notify
from territoires.core.workflow import transition_apply

from ..models import Action, Commentaire, Note, Ressource, Sollicitation
from .shared import CATEGORIE, activity_record, demandeurs_of, is_transition, staff_of


@transaction.atomic
def sollicitation_transition_apply(
    *, sollicitation: Sollicitation, transition: str, actor, reason: str = ""
) -> Sollicitation:
    """A follow-up state change (put on hold, resume, close, reopen); triage has its own."""
    if (
        not is_transition(sollicitation, transition)
        or transition in Sollicitation.TRANSITIONS_DE_TRI
    ):
        raise ValidationError("Action inconnue.")
    if transition in {"terminer", "abandonner"} and not reason.strip():
        raise ValidationError("Indiquez le motif ou la conclusion, lus par la collectivité.")
    if transition in {"terminer", "abandonner"}:
        sollicitation.motif_cloture = reason.strip()
    transition_apply(obj=sollicitation, transition=transition, actor=actor, reason=reason)
    activity_record(sollicitation)
    notify(
        users=demandeurs_of(sollicitation),
        title=f"Sollicitation {sollicitation.numero} : {sollicitation.get_statut_display()}",
        body=reason,
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return sollicitation


@transaction.atomic
def sollicitation_etape_set(*, sollicitation: Sollicitation, etape: str, actor) -> Sollicitation:
    if sollicitation.statut != Sollicitation.Statut.EN_COURS:
        raise ValidationError("L'étape se change sur une sollicitation en cours.")
    if etape not in Sollicitation.Etape.values:
        raise ValidationError("Étape inconnue.")
    with track_changes(sollicitation, actor=actor, fields=["etape"]):
        sollicitation.etape = etape
        sollicitation.save(update_fields=["etape"])
    activity_record(sollicitation)
    return sollicitation


@transaction.atomic
def note_add(
    *,
    sollicitation: Sollicitation,
    auteur,
    texte: str,
    publique: bool,
    par_la_collectivite: bool = False,
) -> Note:
    """A note of the mission (public or private), or a message of the collectivité."""
    if not texte.strip():
        raise ValidationError("La note est vide.")
    publique = publique or par_la_collectivite
    note = Note.objects.create(
        sollicitation=sollicitation,
        auteur=auteur,
        texte=texte.strip(),
        publique=publique,
        de_la_collectivite=par_la_collectivite,
    )
    activity_record(sollicitation)
    if par_la_collectivite:
        notify(
            users=staff_of(sollicitation),
            title=f"Message de {sollicitation.organisation} sur {sollicitation.numero}",
            body=texte.strip(),
            url=sollicitation.get_absolute_url() + "#notes",
            category=CATEGORIE,
        )
    elif publique:
        notify(
            users=demandeurs_of(sollicitation),
            title=f"Nouveau message sur la sollicitation {sollicitation.numero}",
            body=texte.strip(),
            url=sollicitation.get_absolute_url(),
            category=CATEGORIE,
        )
    return note


@transaction.atomic
def action_add(
    *,
    sollicitation: Sollicitation,
    titre: str,
    description: str = "",
    echeance: datetime.date | None = None,
    ressource: Ressource | None = None,
    actor,
) -> Action:
    if not sollicitation.est_ouverte:
        raise ValidationError("La sollicitation est close : rouvrez-la d'abord.")
    action = Action.objects.create(
        sollicitation=sollicitation,
        titre=titre.strip() or (ressource.titre if ressource else ""),
        description=description.strip(),
        echeance=echeance,
        ressource=ressource,
        cree_par=actor,
    )
    journal_record(
        obj=sollicitation,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=("Recommandation" if ressource else "Action") + f" « {action.titre} »",
    )
    activity_record(sollicitation)
    notify(
        users=demandeurs_of(sollicitation),
        title=f"Nouvelle recommandation sur la sollicitation {sollicitation.numero}",
        body=action.titre,
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return action


@transaction.atomic
def action_follow(*, action: Action, auteur, texte: str = "", statut: str = "") -> Action:
    """A follow-up from either side: a comment and/or a new status."""
    if not texte.strip() and (not statut or statut == action.statut):
        raise ValidationError("Écrivez un commentaire ou changez le statut.")
    if statut and statut != action.statut:
        transition = action.transition_vers(statut)
        if transition is None:
            raise ValidationError("Statut inconnu.")
        old = action.get_statut_display()
        transition_apply(obj=action, transition=transition, actor=auteur, reason=texte.strip())
        texte = f"[{old} → {action.get_statut_display()}] {texte.strip()}".strip()
    Commentaire.objects.create(action=action, auteur=auteur, texte=texte.strip())
    sollicitation = action.sollicitation
    activity_record(sollicitation)
    is_demandeur = any(u.pk == auteur.pk for u in demandeurs_of(sollicitation))
    recipients = staff_of(sollicitation) if is_demandeur else demandeurs_of(sollicitation)
    notify(
        users=[u for u in recipients if u.pk != auteur.pk],
        title=f"Suivi de « {action.titre} » ({sollicitation.numero})",
        body=texte,
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return action
