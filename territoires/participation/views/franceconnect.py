"""FranceConnect: departure with the commune of residence, return with the certified identity."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from territoires.core.access import public

from .. import franceconnect as franceconnect_oidc
from ..forms import (
    FranceConnectForm,
)
from ..models import (
    Campagne,
)
from ..services.votants import empreinte_franceconnect
from .common import get_campagne

SESSION_FC = "bp_empreintes_franceconnect"


def franceconnect_identite(request, campagne) -> dict | None:
    """The identity FranceConnect certified for this campaign, kept in the session."""
    fc = request.session.get(SESSION_FC, {}).get(campagne.slug)
    return fc if isinstance(fc, dict) and fc.get("empreinte") else None


def franceconnect_identite_forget(request, campagne) -> None:
    """Once the vote is cast, the certified identity leaves the session."""
    request.session[SESSION_FC] = {
        k: v for k, v in request.session.get(SESSION_FC, {}).items() if k != campagne.slug
    }


def _retour_franceconnect(request) -> str:
    return request.build_absolute_uri(reverse("participation:franceconnect_retour"))


@public
def franceconnect(request, campagne_slug):
    """Departure to FranceConnect, with the commune of residence (which FranceConnect does not
    certify): it goes into the fingerprint, as for the declared identity."""
    c = get_campagne(request, campagne_slug)
    if not franceconnect_oidc.actif() or not c.vote_ouvert:
        raise Http404("FranceConnect n'est pas proposé.")
    form = FranceConnectForm(request.GET, prefix="fc")
    if not form.is_valid():
        messages.error(
            request,
            "Indiquez votre commune de résidence avant de passer par "
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
    identites[c.slug] = empreinte_franceconnect(campagne=c, identite=identite)
    request.session[SESSION_FC] = identites
    messages.success(request, "Identité vérifiée par FranceConnect : choisissez vos projets.")
    return redirect("participation:voter", campagne_slug=c.slug)
