"""The pieces of a dossier by type: the commune deposits or replaces each one while the
dossier is open; the instructor declares it conforme or sends it back « à corriger » with a
reason (journaled transitions; the commune is told)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from territoires.core.documents import document_upload
from territoires.core.journal import journal_record
from territoires.core.models import Evenement
from territoires.core.notifications import notify
from territoires.core.workflow import transition_apply

from ..models import Dossier, PieceDossier, TypePiece
from .common import dossier_instructors, organisation_members


def _journal_dossier(dossier: Dossier, *, actor, description: str, reason: str = "") -> None:
    """The dossier's own history says what happened to its pieces, in a sentence."""
    journal_record(
        obj=dossier,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=description,
        reason=reason,
    )


@transaction.atomic
def piece_deposer(*, dossier: Dossier, type_piece: TypePiece, actor, fichier) -> PieceDossier:
    """Store the file of one type (checked by the upload guard). A piece already there is
    replaced: its former file stays attached to the dossier and in the piece's history, and
    the piece is « à vérifier » again."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not actor.has_perm("aides.deposer_piece", dossier):
        raise PermissionDenied("Les pièces de ce dossier ne peuvent plus être modifiées.")
    if type_piece.dispositif_id != dossier.dispositif_id:
        raise ValidationError("Ce type de pièce n'est pas demandé par ce dispositif.")
    document = document_upload(
        file=fichier,
        owner_organisation=dossier.organisation,
        uploaded_by=actor,
        attached_to=dossier,
    )
    piece = PieceDossier.objects.filter(dossier=dossier, type=type_piece).first()
    if piece is None:
        piece = PieceDossier(dossier=dossier, type=type_piece, document=document)
        piece._history_user = actor
        piece.save()
        _journal_dossier(
            dossier,
            actor=actor,
            description=f"Pièce « {type_piece} » déposée : {document.nom_original}",
        )
    else:
        ancien = piece.document.nom_original
        transition_apply(
            obj=piece,
            transition="remplacer",
            actor=actor,
            reason=f"Ancienne version : {ancien}",
            document=document,
        )
        _journal_dossier(
            dossier,
            actor=actor,
            description=f"Pièce « {type_piece} » remplacée : {document.nom_original}",
            reason=f"Ancienne version conservée : {ancien}",
        )
    if dossier.statut != Dossier.Statut.BROUILLON:
        notify(
            users=dossier_instructors(dossier),
            title=f"Dossier {dossier.numero} : pièce « {type_piece} » à vérifier",
            body=f"{dossier.organisation} a déposé {document.nom_original}.",
            url=dossier.get_absolute_url(),
            category="Aides",
        )
    return piece


def _piece_fraiche(piece: PieceDossier) -> PieceDossier:
    """The piece with its dossier as it is now (its state decides who may check the piece)."""
    dossier = Dossier.objects.select_for_update().get(pk=piece.dossier_id)
    piece = PieceDossier.objects.select_related("type").get(pk=piece.pk)
    piece.dossier = dossier
    return piece


@transaction.atomic
def piece_a_corriger(*, piece: PieceDossier, actor, motif: str) -> PieceDossier:
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError("Dites ce qui est à corriger : la commune le lira.")
    piece = _piece_fraiche(piece)
    transition_apply(
        obj=piece, transition="marquer_a_corriger", actor=actor, reason=motif, motif=motif
    )
    dossier = piece.dossier
    _journal_dossier(
        dossier, actor=actor, description=f"Pièce « {piece.type} » à corriger", reason=motif
    )
    notify(
        users=organisation_members(dossier.organisation),
        title=f"Dossier {dossier.numero} : pièce « {piece.type} » à corriger",
        body=motif,
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return piece


@transaction.atomic
def piece_valider(*, piece: PieceDossier, actor) -> PieceDossier:
    piece = _piece_fraiche(piece)
    transition_apply(obj=piece, transition="valider", actor=actor)
    _journal_dossier(piece.dossier, actor=actor, description=f"Pièce « {piece.type} » conforme")
    return piece
