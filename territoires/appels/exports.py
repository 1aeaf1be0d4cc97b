"""The letters of a call's decision (selected / not selected, with the reasons), in PDF."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from territoires.core.exports.responses import pdf_response

from .models import Candidature


def lettre_html(candidature: Candidature, *, request=None) -> str:
    return render_to_string(
        "appels/lettre.html",
        {
            "candidature": candidature,
            "appel": candidature.appel,
            "retenue": candidature.statut == Candidature.Statut.RETENUE,
            "date": timezone.localdate(candidature.decidee_le or timezone.now()),
            "organisation_emettrice": settings.TERRITOIRES_BRANDING.get("organisation", ""),
        },
        request=request,
    )


def lettre_pdf(request, candidature: Candidature):
    nom = slugify(f"lettre-{candidature.get_statut_display()}-{candidature.organisation.nom}")
    return pdf_response(filename=f"{nom[:80]}.pdf", html=lettre_html(candidature, request=request))
