"""Objects of the URLs, loaded the same way by the views and the permission matrix."""

from django.shortcuts import get_object_or_404

from ..models import Appel, Candidature

LISTE = "Appels à projets"


def get_appel(request, appel_id: int, **kwargs) -> Appel:
    return get_object_or_404(Appel.objects.select_related("organisation"), pk=appel_id)


def get_candidature(request, candidature_id: int, **kwargs) -> Candidature:
    return get_object_or_404(
        Candidature.objects.select_related(
            "appel__organisation", "appel__dispositif", "organisation"
        ),
        pk=candidature_id,
    )


def errors_of(error) -> list[str]:
    return list(getattr(error, "messages", [str(error)]))
