"""What the views share: objects of the URL, breadcrumb, images served."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ..models import (
    Campagne,
    Idee,
    Realisation,
)


def get_campagne(request, campagne_slug, **kwargs):
    return get_object_or_404(Campagne, slug=campagne_slug)


def get_idee(request, idee_id, **kwargs):
    return get_object_or_404(
        Idee.objects.select_related("campagne", "commune", "projet"), pk=idee_id
    )


def get_realisation(request, realisation_id, **kwargs):
    return get_object_or_404(
        Realisation.objects.select_related("projet", "projet__campagne"), pk=realisation_id
    )


def breadcrumb(campagne, *suite):
    accueil = ("Budget participatif", reverse("participation:campagnes"))
    return [
        accueil,
        (campagne.titre, reverse("participation:campagne", args=[campagne.slug])),
        *suite,
    ]


def image_response(document) -> FileResponse:
    try:
        fichier = document.fichier.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Photo introuvable.") from exc
    # Type checked by its content when uploaded (JPEG or PNG only).
    reponse = FileResponse(fichier, content_type=document.type_mime)
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return reponse
