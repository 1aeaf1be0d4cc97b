"""The public key-figures page and the yearly activity report (PDF, XLSX, JSON)."""

from django.http import Http404
from django.shortcuts import render

from territoires.core.access import public
from territoires.core.exports.responses import JSON, PDF, XLSX, file_response
from territoires.pilotage.chiffres import chiffres_cles
from territoires.pilotage.chiffres.exports import PRODUCTEURS
from territoires.pilotage.chiffres.forms import PeriodeForm
from territoires.pilotage.chiffres.periodes import periode_choisie
from territoires.pilotage.chiffres.sections import graphiques, par_module

TYPES = {"pdf": PDF, "xlsx": XLSX, "json": JSON}


def _periode(request):
    form = PeriodeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["periode"]
    return form, periode_choisie()


@public
def chiffres(request):
    form, periode = _periode(request)
    if form.is_bound and form.errors:
        return render(request, "pilotage/chiffres/page.html", {"form": form}, status=400)
    liste = chiffres_cles(periode)
    return render(
        request,
        "pilotage/chiffres/page.html",
        {
            "form": form,
            "periode": periode,
            "sections": par_module(liste),
            "graphiques": graphiques(liste),
            "requete": f"depuis={periode.depuis}&jusqu_a={periode.jusqu_a}",
            "breadcrumb_items": [("Les chiffres du Département", None)],
        },
    )


@public
def rapport(request, fmt):
    if fmt not in TYPES:
        raise Http404
    form, periode = _periode(request)
    if form.is_bound and form.errors:
        raise Http404
    data = PRODUCTEURS[fmt](periode, chiffres_cles(periode))
    nom = f"chiffres-departement-{periode.depuis}-{periode.jusqu_a}.{fmt}"
    return file_response(data, filename=nom, content_type=TYPES[fmt])
