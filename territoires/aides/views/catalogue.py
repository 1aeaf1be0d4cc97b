"""The public catalogue of aid schemes and a scheme's page (with the eligibility pre-check)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from territoires.core.access import public

from .. import eligibilite, selectors
from ..models import (
    Dispositif,
)
from ..selectors.hypotheses import hypotheses_de_demonstration


@public
def catalogue(request):
    dispositifs = selectors.dispositifs_publics()
    return render(
        request,
        "aides/catalogue.html",
        {"dispositifs": dispositifs, "breadcrumb_items": [("Aides du Département", None)]},
    )


@public
def dispositif_detail(request, dispositif_code):
    dispositif = get_object_or_404(
        Dispositif.objects.select_related("service"), code=dispositif_code
    )
    if not dispositif.publie and not request.user.has_perm("aides.list_dossiers_instruction"):
        raise PermissionDenied
    today = timezone.localdate()
    organisation = getattr(request, "organisation", None)
    verdicts = None
    if organisation is not None and not organisation.est_departement:
        verdicts = eligibilite.eligibilite(
            dispositif=dispositif, organisation=organisation, date=today
        )
    params = selectors.parametres_for_date(dispositif, today)
    return render(
        request,
        "aides/dispositif.html",
        {
            "dispositif": dispositif,
            "verdicts": verdicts,
            "eligible": verdicts is not None and not eligibilite.refus(verdicts),
            "parametres": eligibilite.parametres_lisibles(params),
            "hypotheses": hypotheses_de_demonstration(dispositif, today),
            "sessions": dispositif.sessions.filter(date_commission__gte=today)[:4],
            "peut_deposer": request.user.has_perm("aides.add_dossier"),
            "breadcrumb_items": [
                ("Aides du Département", reverse("aides:catalogue")),
                (dispositif.nom, None),
            ],
        },
    )
