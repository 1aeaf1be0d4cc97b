"""Commitment and payments: the applicant requests, finance pays or rejects."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.comptes.models import Membre, Organisation, Role
from territoires.core.documents import document_upload
from territoires.core.journal import journal_record
from territoires.core.models import Evenement
from territoires.core.notifications import notify
from territoires.core.workflow import transition_apply, transition_check

from .. import formats, selectors
from ..models import Dossier, Versement
from .common import dossier_instructors, dossier_lock, organisation_members


@transaction.atomic
def versement_request(
    *, dossier: Dossier, actor, type: str, depenses_justifiees: Decimal, justificatifs=()
) -> Versement:
    """The applicant asks for a payment: an advance (capped) or, with the invoices, an
    instalment or the balance, pro rata of the justified expenses."""
    if not actor.has_perm("aides.demander_versement", dossier):
        raise PermissionDenied
    versement = Versement.nouveau(
        dossier=dossier, type=type, depenses_justifiees=depenses_justifiees, demande_par=actor
    )
    # The dossier's guard first (its state, no other pending request), then the amounts.
    transition_check(obj=versement, transition="demander", actor=actor)
    if type != Versement.Type.AVANCE and not justificatifs:
        raise ValidationError(
            "Joignez les justificatifs : factures acquittées et, pour le solde, "
            "le certificat d'achèvement."
        )
    versement.montant_demande = selectors.montant_du(
        dossier=dossier, type=type, depenses_justifiees=depenses_justifiees
    )
    if versement.montant_demande <= 0:
        raise ValidationError("Aucun montant n'est dû au vu des dépenses justifiées.")
    transition_apply(obj=versement, transition="demander", actor=actor)
    for fichier in justificatifs:
        document_upload(
            file=fichier,
            owner_organisation=dossier.organisation,
            uploaded_by=actor,
            attached_to=versement,
        )
    journal_record(
        obj=dossier,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Demande de versement : {versement}",
    )
    # The instructors follow the dossier; finance pays: both are told of each request.
    notify(
        users=dossier_instructors(dossier) + _finances(),
        title=(
            f"Dossier {dossier.numero} : demande de versement "
            f"({versement.get_type_display().lower()})"
        ),
        body=(
            f"{dossier.organisation} demande {formats.euros(versement.montant_demande)}. "
            "La demande est à traiter depuis la page du dossier."
        ),
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return versement


def _finances() -> list:
    """The Département's finance staff (who pay the requests)."""
    return [
        m.user
        for m in Membre.objects.actifs()
        .filter(role=Role.FINANCES, organisation__type__in=Organisation.TYPES_DEPARTEMENT)
        .select_related("user")
    ]


@transaction.atomic
def dossier_engage(*, dossier: Dossier, actor, numero: str = "") -> Dossier:
    dossier = dossier_lock(dossier, None)
    transition_apply(
        obj=dossier, transition="engager", actor=actor, reason=f"Engagement {numero}", numero=numero
    )
    return dossier


def _refuse_if_handled(versement: Versement) -> Versement:
    """The request's row, locked; a request already paid or rejected is not handled twice."""
    versement = Versement.objects.select_for_update().get(pk=versement.pk)
    if versement.statut != Versement.Statut.DEMANDE:
        raise ValidationError("Ce versement a déjà été traité.")
    return versement


@transaction.atomic
def versement_pay(*, versement: Versement, actor, date: datetime.date | None = None) -> Versement:
    """Finance pays a request on `date` (today by default), never before the grant's decision:
    the grant is committed first if it was not, then the dossier is partly paid or balanced
    (a pro-rata balance frees the rest of the envelope: `selectors.enveloppes`)."""
    dossier = dossier_lock(versement.dossier, None)
    if not actor.has_perm("aides.payer_dossier", dossier):
        raise PermissionDenied
    versement = _refuse_if_handled(versement)
    date = date or timezone.localdate()
    if dossier.decide_le and date < dossier.decide_le:
        raise ValidationError(
            f"Un versement ne peut pas être daté du {date:%d/%m/%Y}, avant la décision "
            f"d'attribution du {dossier.decide_le:%d/%m/%Y} : indiquez une date à partir de "
            "celle-ci."
        )
    if dossier.statut == Dossier.Statut.ATTRIBUE:
        transition_apply(
            obj=dossier, transition="engager", actor=actor, reason="Engagement au paiement"
        )
    transition_apply(obj=versement, transition="payer", actor=actor, date=date)
    if dossier.premier_paiement_le is None:
        dossier.premier_paiement_le = versement.paye_le  # saved with the transition below
    transition = "solder" if versement.type == Versement.Type.SOLDE else "payer_partiellement"
    transition_apply(
        obj=dossier,
        transition=transition,
        actor=actor,
        reason=f"{versement.libelle_paye} : {formats.euros(versement.montant_verse)}",
    )
    notify(
        users=organisation_members(dossier.organisation),
        title=f"Dossier {dossier.numero} : {versement.libelle_paye.lower()}",
        body=f"{formats.euros(versement.montant_verse)} versés.",
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return versement


@transaction.atomic
def versement_reject(*, versement: Versement, actor, motif: str) -> Versement:
    """Refuse a payment request with its reason: the beneficiary is told why and may file a
    corrected request (a rejected request no longer blocks a new one)."""
    dossier = dossier_lock(versement.dossier, None)
    if not actor.has_perm("aides.payer_dossier", dossier):
        raise PermissionDenied
    if not motif.strip():
        raise ValidationError("Indiquez le motif du rejet : le bénéficiaire le lira.")
    versement = _refuse_if_handled(versement)
    transition_apply(
        obj=versement, transition="rejeter", actor=actor, reason=motif.strip(), motif=motif.strip()
    )
    journal_record(
        obj=dossier,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Demande de versement rejetée : {versement}",
        reason=versement.motif_rejet,
    )
    notify(
        users=organisation_members(dossier.organisation),
        title=f"Dossier {dossier.numero} : demande de {versement.get_type_display().lower()} "
        "rejetée",
        body=f"Motif : {versement.motif_rejet} Vous pouvez déposer une demande corrigée.",
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return versement
