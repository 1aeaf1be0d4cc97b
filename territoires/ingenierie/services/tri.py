"""Triage by the mission's managers: accept with a referent, redirect, decline, merge a
duplicate; and the team (referent, other advisors, partners) of a request."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from territoires.core.journal import track_changes
from territoires.core.notifications import notify
from territoires.core.workflow import transition_apply

from ..models import Partenaire, Sollicitation
from .shared import CATEGORIE, activity_record, demandeurs_of, first_answer_record


@transaction.atomic
def sollicitation_assign(
    *,
    sollicitation: Sollicitation,
    referent,
    conseillers: Iterable = (),
    partenaires: Iterable = (),
    actor,
    reason: str = "",
) -> Sollicitation:
    previous = sollicitation.referent_id
    with track_changes(sollicitation, actor=actor, reason=reason, fields=["referent"]):
        sollicitation.referent = referent
        sollicitation.save(update_fields=["referent"])
    sollicitation.conseillers.set([c for c in conseillers if c.pk != referent.pk])
    sollicitation.partenaires.set(partenaires)
    if referent.pk != previous and referent.pk != getattr(actor, "pk", None):
        notify(
            users=[referent],
            title=f"Vous êtes référent de la sollicitation {sollicitation.numero}",
            body=sollicitation.sujet,
            url=sollicitation.get_absolute_url(),
            category=CATEGORIE,
        )
    activity_record(sollicitation)
    return sollicitation


@transaction.atomic
def sollicitation_accept(
    *,
    sollicitation: Sollicitation,
    referent,
    conseillers: Iterable = (),
    partenaires: Iterable = (),
    actor,
    message: str = "",
) -> Sollicitation:
    sollicitation_assign(
        sollicitation=sollicitation,
        referent=referent,
        conseillers=conseillers,
        partenaires=partenaires,
        actor=actor,
    )
    first_answer_record(sollicitation)
    transition_apply(obj=sollicitation, transition="accepter", actor=actor, reason=message)
    notify(
        users=demandeurs_of(sollicitation),
        title=f"Votre sollicitation {sollicitation.numero} est prise en charge",
        body=f"Votre conseiller référent : {referent}." + (f"\n\n{message}" if message else ""),
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return sollicitation


@transaction.atomic
def sollicitation_take(*, sollicitation: Sollicitation, actor) -> Sollicitation:
    """An advisor takes a new request in charge as its referent (the team named on it stays).

    Who may (the named advisor, any advisor when the configuration says so, the managers) is
    the rule `ingenierie.take_sollicitation`, checked by the transition."""
    sollicitation.referent = actor
    sollicitation.save(update_fields=["referent"])
    first_answer_record(sollicitation)
    transition_apply(obj=sollicitation, transition="prendre_en_charge", actor=actor)
    notify(
        users=demandeurs_of(sollicitation),
        title=f"Votre sollicitation {sollicitation.numero} est prise en charge",
        body=f"Votre conseiller référent : {actor}.",
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return sollicitation


def _close_at_triage(
    sollicitation: Sollicitation, transition: str, *, actor, message: str, title: str
) -> Sollicitation:
    if not message.strip():
        raise ValidationError("Écrivez un message pour la collectivité.")
    first_answer_record(sollicitation)
    sollicitation.motif_cloture = message.strip()
    transition_apply(obj=sollicitation, transition=transition, actor=actor, reason=message)
    notify(
        users=demandeurs_of(sollicitation),
        title=title,
        body=message,
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return sollicitation


@transaction.atomic
def sollicitation_redirect(
    *, sollicitation: Sollicitation, partenaire: Partenaire, message: str, actor
) -> Sollicitation:
    sollicitation.redirigee_vers = partenaire
    return _close_at_triage(
        sollicitation,
        "rediriger",
        actor=actor,
        message=f"Redirigée vers {partenaire} : {message.strip()}" if message.strip() else "",
        title=f"Votre sollicitation {sollicitation.numero} est confiée à {partenaire}",
    )


@transaction.atomic
def sollicitation_decline(*, sollicitation: Sollicitation, message: str, actor) -> Sollicitation:
    return _close_at_triage(
        sollicitation,
        "decliner",
        actor=actor,
        message=message,
        title=f"Votre sollicitation {sollicitation.numero} ne peut pas être accompagnée",
    )


@transaction.atomic
def sollicitation_merge(
    *, sollicitation: Sollicitation, cible: Sollicitation, actor, message: str = ""
) -> Sollicitation:
    if cible.pk == sollicitation.pk:
        raise ValidationError("Une sollicitation ne peut pas être fusionnée avec elle-même.")
    if cible.organisation_id != sollicitation.organisation_id:
        raise ValidationError("Le doublon doit venir de la même collectivité.")
    if not cible.est_ouverte:
        raise ValidationError("La sollicitation conservée doit être ouverte.")
    sollicitation.fusionnee_dans = cible
    text = f"Doublon de {cible.numero}." + (f" {message.strip()}" if message.strip() else "")
    return _close_at_triage(
        sollicitation,
        "fusionner",
        actor=actor,
        message=text,
        title=f"Votre sollicitation {sollicitation.numero} est suivie sous {cible.numero}",
    )
