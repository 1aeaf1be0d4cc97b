"""The pieces by type on the dossier's page: the commune deposits or replaces each one, the
instructor declares it conforme or sends it back « à corriger » with a reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required
from territoires.core.selectors import documents_for

from .. import forms
from ..selectors.pieces import emplacements
from ..services import pieces as services_pieces
from .common import back_to, error_messages, get_dossier, run_action


def pieces_context(dossier, user) -> dict:
    """What the partial `aides/dossier/_pieces.html` reads, as `pieces`."""
    peut_deposer = user.has_perm("aides.deposer_piece", dossier)
    peut_verifier = user.has_perm("aides.verifier_piece", dossier)
    slots = emplacements(dossier)
    for slot in slots:
        slot.form = (
            forms.PieceForm(
                prefix=slot.type.code, type_piece=slot.type, remplacer=not slot.manquante
            )
            if peut_deposer
            else None
        )
        slot.correction_form = (
            forms.PieceCorrectionForm(prefix=f"piece{slot.piece.pk}", type_piece=slot.type)
            if peut_verifier and slot.piece
            else None
        )
    fichiers_des_pieces = [
        document.pk
        for slot in slots
        for document in ([slot.piece.document] if slot.piece else []) + slot.anciennes
    ]
    return {
        "emplacements": slots,
        "autres_documents": documents_for(dossier).exclude(pk__in=fichiers_des_pieces),
        "peut_deposer": peut_deposer,
        "peut_verifier": peut_verifier,
        # What blocks filing or completeness, while that is the next step.
        "bloquantes": [s for s in slots if s.bloquante]
        if dossier.statut in ("brouillon", "depose", "incomplet")
        else [],
    }


def _anchor(dossier):
    response = back_to(dossier)
    response["Location"] += "?onglet=pieces#onglets"  # back on the « Pièces » tab
    return response


@require_POST
@object_rule_required("aides.deposer_piece", get_dossier)
def piece_deposer(request, dossier_id, type_code, obj):
    type_piece = get_object_or_404(obj.dispositif.types_pieces, code=type_code)
    form = forms.PieceForm(request.POST, request.FILES, prefix=type_code, type_piece=type_piece)
    if not form.is_valid():
        for error in form.errors.get("fichier", []):
            messages.error(request, f"{type_piece} : {error}")
        return _anchor(obj)
    try:
        services_pieces.piece_deposer(
            dossier=obj,
            type_piece=type_piece,
            actor=request.user,
            fichier=form.cleaned_data["fichier"],
        )
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, f"Pièce « {type_piece} » enregistrée.")
    return _anchor(obj)


@require_POST
@object_rule_required("aides.verifier_piece", get_dossier)
def piece_a_corriger(request, dossier_id, piece_id, obj):
    piece = get_object_or_404(obj.pieces.select_related("type"), pk=piece_id)
    form = forms.PieceCorrectionForm(request.POST, prefix=f"piece{piece.pk}")
    if not form.is_valid():
        messages.error(request, "Dites ce qui est à corriger : la commune le lira.")
        return _anchor(obj)

    def action():
        services_pieces.piece_a_corriger(
            piece=piece, actor=request.user, motif=form.cleaned_data["motif"]
        )
        messages.success(request, f"Pièce « {piece.type} » à corriger : la commune est prévenue.")

    run_action(request, obj, action)
    return _anchor(obj)


@require_POST
@object_rule_required("aides.verifier_piece", get_dossier)
def piece_conforme(request, dossier_id, piece_id, obj):
    piece = get_object_or_404(obj.pieces.select_related("type"), pk=piece_id)

    def action():
        services_pieces.piece_valider(piece=piece, actor=request.user)
        messages.success(request, f"Pièce « {piece.type} » déclarée conforme.")

    run_action(request, obj, action)
    return _anchor(obj)
