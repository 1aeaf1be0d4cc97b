"""FranceConnect : départ avec la commune de résidence, retour avec l'identité certifiée."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from territoires.comptes.access import public

from .. import franceconnect as franceconnect_oidc
from ..forms import (
    FranceConnectForm,
)
from ..models import (
    Campagne,
    age_le,
)
from ..services.votants import empreinte_identite
from .common import _campagne

SESSION_FC = "bp_empreintes_franceconnect"


def _retour_franceconnect(request) -> str:
    return request.build_absolute_uri(reverse("participation:franceconnect_retour"))


@public
def franceconnect(request, campagne_slug):
    """Départ vers FranceConnect, avec la commune de résidence (que FranceConnect ne
    certifie pas) : elle entre dans l'empreinte, comme pour l'identité déclarée."""
    c = _campagne(request, campagne_slug)
    if not franceconnect_oidc.actif() or not c.vote_ouvert:
        raise Http404("FranceConnect n'est pas proposé.")
    form = FranceConnectForm(request.GET, prefix="fc")
    if not form.is_valid():
        messages.error(
            request,
            "Indiquez votre commune de résidence (code INSEE) avant de passer par "
            "FranceConnect : " + " ".join(e for errs in form.errors.values() for e in errs),
        )
        return redirect("participation:voter", campagne_slug=c.slug)
    return redirect(
        franceconnect_oidc.url_autorisation(
            request,
            campagne_slug=c.slug,
            commune=form.cleaned_data["commune"].code,
            retour=_retour_franceconnect(request),
        )
    )


@public
def franceconnect_retour(request):
    if not franceconnect_oidc.actif():
        raise Http404("FranceConnect n'est pas proposé.")
    identite = franceconnect_oidc.identite_du_retour(request, retour=_retour_franceconnect(request))
    c = get_object_or_404(Campagne, slug=identite["campagne"])
    identites = request.session.get(SESSION_FC, {})
    # Ni le nom, ni la date de naissance, ni le `sub` ne restent : l'empreinte, l'âge, la commune.
    identites[c.slug] = {
        "empreinte": empreinte_identite(
            campagne=c,
            nom=identite["nom"],
            prenom=identite["prenom"],
            naissance=identite["naissance"],
            commune_code=identite["commune"],
        ),
        "age": age_le(identite["naissance"], timezone.localdate()),
        "commune": identite["commune"],
    }
    request.session[SESSION_FC] = identites
    messages.success(request, "Identité vérifiée par FranceConnect : choisissez vos projets.")
    return redirect("participation:voter", campagne_slug=c.slug)
