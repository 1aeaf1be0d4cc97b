"""Acts of a dossier: download (Word or PDF) and signed copies uploaded back."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required

from .. import actes, exports, forms, services
from .common import (
    back_to,
    get_dossier,
)


@require_POST
@object_rule_required("aides.instruire_dossier", get_dossier)
def acte_signe(request, dossier_id, obj):
    form = forms.ActeSigneForm(request.POST, request.FILES, dossier=obj)
    if form.is_valid():
        services.acte_signe_upload(dossier=obj, actor=request.user, **form.cleaned_data)
        messages.success(request, "Acte signé déposé.")
    else:
        erreurs = " ".join(e for liste in form.errors.values() for e in liste)
        messages.error(request, f"L'acte signé n'est pas déposé : {erreurs}")
    return back_to(obj)


@object_rule_required("aides.view_dossier", get_dossier)
def acte_telecharger(request, dossier_id, acte_type, acte_format, obj):
    type, format = acte_type, acte_format
    if type not in actes.TYPES or format not in ("docx", "pdf"):
        raise PermissionDenied
    if type not in obj.actes_types:
        messages.error(request, "Cet acte n'existe pas à ce stade du dossier.")
        return back_to(obj)
    if not request.user.has_perm("aides.instruire_dossier", obj):
        # The drafts are the service's; the applicant downloads the signed act it uploads.
        messages.error(
            request,
            "Le brouillon de l'acte est réservé au service instructeur : la version signée "
            "sera à télécharger sur le dossier dès que le Département l'aura déposée.",
        )
        return back_to(obj)
    try:
        return exports.acte(obj, type=type, format=format)
    except ValidationError as refus:  # the template uploaded in the administration is refused
        for message in refus.messages:
            messages.error(request, message)
        return back_to(obj)


def actes_context(dossier, user) -> dict:
    """The dossier page's acts (partial `aides/dossier/_actes.html`)."""
    return {
        "actes": actes.actes_du_dossier(dossier),
        "actes_service": user.has_perm("aides.instruire_dossier", dossier),
    }
