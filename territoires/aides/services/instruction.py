"""The instructors' side: completeness, notes, other services' opinions, the proposal
and the head of service's visa, and the transitions without a service of their own."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.core.journal import journal_record
from territoires.core.models import Evenement
from territoires.core.notifications import notify
from territoires.core.workflow import transition_apply, transition_check

from .. import formats
from ..models import Annotation, DemandeAvis, DemandeComplement, Dossier
from .common import dossier_instructors, dossier_lock, organisation_members


@transaction.atomic
def complement_request(*, dossier: Dossier, actor, motif: str) -> DemandeComplement:
    if not motif.strip():
        raise ValidationError("Indiquez ce qui manque au dossier.")
    dossier = dossier_lock(dossier, None)
    transition_apply(obj=dossier, transition="declarer_incomplet", actor=actor, reason=motif)
    demande = DemandeComplement.objects.create(dossier=dossier, motif=motif, demande_par=actor)
    notify(
        users=organisation_members(dossier.organisation),
        title=f"Dossier {dossier.numero} : compléments demandés",
        body=motif,
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return demande


@transaction.atomic
def dossier_instruction_start(*, dossier: Dossier, actor) -> Dossier:
    dossier = dossier_lock(dossier, None)
    transition_apply(obj=dossier, transition="instruire", actor=actor, reason="Dossier complet.")
    return dossier


@transaction.atomic
def annotation_add(*, dossier: Dossier, actor, texte: str) -> Annotation:
    if not actor.has_perm("aides.instruire_dossier", dossier) and not actor.has_perm(
        "aides.view_annotations", dossier
    ):
        raise PermissionDenied
    return Annotation.objects.create(dossier=dossier, auteur=actor, texte=texte)


@transaction.atomic
def avis_request(*, dossier: Dossier, actor, service, question: str) -> DemandeAvis:
    if not actor.has_perm("aides.instruire_dossier", dossier):
        raise PermissionDenied
    avis = DemandeAvis.objects.create(
        dossier=dossier, service=service, question=question, demande_par=actor
    )
    journal_record(
        obj=avis,
        actor=actor,
        action=Evenement.Action.CREATION,
        description=f"Avis demandé à {service}",
        reason=question,
    )
    notify(
        users=organisation_members(service),
        title=f"Avis demandé sur le dossier {dossier.numero}",
        body=question,
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return avis


@transaction.atomic
def avis_remind(*, avis: DemandeAvis, actor) -> DemandeAvis:
    avis.relance_le = timezone.now()
    avis.save(update_fields=["relance_le"])
    notify(
        users=organisation_members(avis.service),
        title=f"Relance : avis attendu sur le dossier {avis.dossier.numero}",
        body=avis.question,
        url=avis.dossier.get_absolute_url(),
        category="Aides",
    )
    return avis


@transaction.atomic
def avis_answer(*, avis: DemandeAvis, actor, favorable: bool, texte: str) -> DemandeAvis:
    if not actor.has_perm("aides.repondre_avis", avis.dossier) and not actor.has_perm(
        "aides.instruire_dossier", avis.dossier
    ):
        raise PermissionDenied
    avis.favorable = favorable
    avis.texte = texte
    avis.repondu_par = actor
    avis.repondu_le = timezone.now()
    avis._history_user = actor
    avis.save()
    journal_record(
        obj=avis,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Avis {'favorable' if favorable else 'défavorable'} de {avis.service}",
        reason=texte,
    )
    return avis


@transaction.atomic
def dossier_propose(
    *, dossier: Dossier, actor, version: int | None, montant: Decimal, session=None
) -> Dossier:
    dossier = dossier_lock(dossier, version)
    if not actor.has_perm("aides.instruire_dossier", dossier):
        raise PermissionDenied
    transition_check(obj=dossier, transition="proposer", actor=actor)
    if montant is None or montant <= 0:
        raise ValidationError("Le montant proposé doit être positif.")
    if montant > dossier.cout_ht:
        raise ValidationError("Le montant proposé ne peut dépasser le coût HT du projet.")
    dossier.montant_propose = montant
    dossier.taux_propose = (montant / dossier.cout_ht).quantize(Decimal("0.0001"))
    if session is not None:
        dossier.session = session
    # A new proposal needs a new visa.
    dossier.visa_le = None
    dossier.visa_par = None
    if dossier.statut == Dossier.Statut.EN_INSTRUCTION:
        transition_apply(
            obj=dossier,
            transition="proposer",
            actor=actor,
            reason=f"Proposition : {formats.euros(montant)} ({formats.pct(dossier.taux_propose)})",
        )
    else:
        dossier._history_user = actor
        dossier.save()
        journal_record(
            obj=dossier,
            actor=actor,
            action=Evenement.Action.MODIFICATION,
            description="Proposition modifiée",
            reason=f"{formats.euros(montant)}",
        )
    return dossier


@transaction.atomic
def dossier_endorse(*, dossier: Dossier, actor) -> Dossier:
    dossier = dossier_lock(dossier, None)
    if not actor.has_perm("aides.viser_dossier", dossier):
        raise PermissionDenied("Seul le chef du service instructeur vise la proposition.")
    if not dossier.visable:
        raise ValidationError("Seule une proposition se vise.")
    dossier.visa_par = actor
    dossier.visa_le = timezone.now()
    dossier._history_user = actor
    dossier.save()
    journal_record(
        obj=dossier,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description="Visa du chef de service",
    )
    return dossier


@transaction.atomic
def dossier_visa_refuse(*, dossier: Dossier, actor, motif: str) -> Dossier:
    """The head of service sends the proposal back to instruction, saying why.

    The reason is journaled with the transition; the service's instructors are told.
    """
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError("Indiquez le motif du refus : l'instructeur le lira.")
    dossier = dossier_lock(dossier, None)
    transition_apply(obj=dossier, transition="refuser_visa", actor=actor, reason=motif)
    notify(
        users=[user for user in dossier_instructors(dossier) if user != actor],
        title=f"Dossier {dossier.numero} : visa refusé",
        body=motif,
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return dossier


@transaction.atomic
def dossier_transition_apply(*, dossier: Dossier, actor, transition: str, reason: str = "", **kw):
    """Transitions without their own service (sans suite, caducité, annulation…)."""
    if transition in Dossier.TRANSITIONS_MOTIVEES and not reason:
        raise ValidationError("Indiquez le motif.")
    dossier = dossier_lock(dossier, None)
    transition_apply(obj=dossier, transition=transition, actor=actor, reason=reason, **kw)
    return dossier
