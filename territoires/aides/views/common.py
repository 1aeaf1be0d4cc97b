"""What the views of the aides module share: the objects of the URL, messages, redirects."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect

from ..models import (
    DemandeAvis,
    Dossier,
    SessionProgrammation,
    Versement,
)


def get_dossier(request, dossier_id, **kwargs):
    return get_object_or_404(
        Dossier.objects.select_related("dispositif__service", "organisation__commune", "session"),
        pk=dossier_id,
    )


def get_session(request, session_id, **kwargs):
    return get_object_or_404(
        SessionProgrammation.objects.select_related("dispositif"), pk=session_id
    )


def get_versement(request, versement_id):
    return get_object_or_404(
        Versement.objects.select_related("dossier__dispositif"), pk=versement_id
    )


def get_avis(request, avis_id):
    return get_object_or_404(DemandeAvis.objects.select_related("dossier__dispositif"), pk=avis_id)


def get_avis_dossier(request, avis_id):
    return get_avis(request, avis_id).dossier


def error_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def back_to(dossier):
    return redirect(dossier.get_absolute_url())


def run_action(request, obj, action):
    try:
        action()
    except ValidationError as exc:
        error_messages(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "Action non permise.")
    return back_to(obj)
