"""Commitment and payments: the applicant requests, finance pays or rejects."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required

from .. import formats, forms, services
from .common import (
    back_to,
    error_messages,
    get_dossier,
    get_versement,
    run_action,
)


@require_POST
@object_rule_required("aides.demander_versement", get_dossier)
def versement_demander(request, dossier_id, obj):
    form = forms.VersementForm(request.POST, request.FILES)
    if form.is_valid():
        fichier = form.cleaned_data.get("justificatif")
        try:
            versement = services.versement_request(
                dossier=obj,
                actor=request.user,
                type=form.cleaned_data["type"],
                depenses_justifiees=form.cleaned_data["depenses_justifiees"] or 0,
                justificatifs=[fichier] if fichier else [],
            )
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(
                request,
                f"Demande de versement envoyée : {formats.euros(versement.montant_demande)}.",
            )
    else:
        messages.error(request, "La demande de versement est incomplète.")
    return back_to(obj)


@require_POST
@object_rule_required("aides.payer_dossier", get_dossier)
def dossier_engager(request, dossier_id, obj):
    def action():
        services.dossier_engage(
            dossier=obj, actor=request.user, numero=request.POST.get("numero", "").strip()
        )
        messages.success(request, "Subvention engagée.")

    return run_action(request, obj, action)


@require_POST
@object_rule_required("aides.payer_dossier", get_versement)
def versement_payer(request, versement_id, obj):
    form = forms.PaiementForm(request.POST, decide_le=obj.dossier.decide_le)
    if not form.is_valid():
        for erreurs in form.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
        return back_to(obj.dossier)
    try:
        versement = services.versement_pay(
            versement=obj, actor=request.user, date=form.cleaned_data.get("date")
        )
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(
            request, f"{versement.libelle_paye} : {formats.euros(versement.montant_verse)}."
        )
    return back_to(obj.dossier)


@require_POST
@object_rule_required("aides.payer_dossier", get_versement)
def versement_rejeter(request, versement_id, obj):
    form = forms.RejetVersementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez le motif du rejet : le bénéficiaire le lira.")
        return back_to(obj.dossier)
    try:
        services.versement_reject(
            versement=obj, actor=request.user, motif=form.cleaned_data["motif"]
        )
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(
            request, "Demande de versement rejetée ; le bénéficiaire est prévenu du motif."
        )
    return back_to(obj.dossier)
