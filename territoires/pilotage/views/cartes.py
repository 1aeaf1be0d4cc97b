"""The map of any indicator by commune or by EPCI, its accessible table and its exports."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from territoires.core.access import public
from territoires.core.exports.responses import csv_response, xlsx_response
from territoires.core.exports.spreadsheets import Sheet
from territoires.referentiel.maps import carte_communes_context, carte_epci_context

from ..forms import ECHELLE_EPCI, CarteForm
from ..indicateurs import indicateur, par_epci
from ..rules import VUE_COMPLETE, vue_territoire

FORMATS = ("csv", "xlsx")
INDICATEUR_PAR_DEFAUT = "ingenierie.demandes"


def _form(request) -> CarteForm:
    complet = vue_territoire(request.user) == VUE_COMPLETE
    return CarteForm(request.GET or {"indicateur": INDICATEUR_PAR_DEFAUT}, complet=complet)


def _carte(form: CarteForm) -> tuple:
    """(indicator, map context) of a valid form: a constant number of queries."""
    choisi = indicateur(form.cleaned_data["indicateur"])
    periode = form.cleaned_data["periode"]
    departement = settings.TERRITOIRES_DEPARTEMENT
    if form.cleaned_data["echelle"] == ECHELLE_EPCI:
        titre = f"{choisi.libelle} par intercommunalité, {periode}"
        context = carte_epci_context(
            par_epci(choisi, periode), titre=titre, unite=choisi.unite, departement=departement
        )
    else:
        titre = f"{choisi.libelle} par commune, {periode}"
        context = carte_communes_context(
            choisi.par_commune(periode), titre=titre, unite=choisi.unite, departement=departement
        )
    return choisi, context["carte"]


@public
def carte(request):
    form = _form(request)
    context = {"form": form, "carte": None}
    if form.is_valid():
        context["indicateur"], context["carte"] = _carte(form)
        context["export_query"] = request.GET.urlencode()
    return render(request, "pilotage/cartes/carte.html", context)


@public
def carte_export(request, fmt: str):
    """The table of the map, with the filters of the page, as CSV or XLSX (core/exports)."""
    if fmt not in FORMATS:
        raise Http404("Format inconnu.")
    form = _form(request)
    if not form.is_valid():
        context = {"form": form, "carte": None}
        return render(request, "pilotage/cartes/carte.html", context, status=400)
    choisi, carte_ = _carte(form)
    epci = carte_["echelle"] == ECHELLE_EPCI
    headers = [
        "Intercommunalité" if epci else "Commune",
        "SIREN" if epci else "Code INSEE",
        f"{choisi.libelle} ({choisi.unite})",
        "Classe",
    ]
    rows = [
        [ligne["nom"], ligne["code"], ligne["valeur"], ligne["classe"]]
        for ligne in carte_["lignes"]
    ]
    nom = f"carte-{choisi.cle.replace('.', '-')}-{carte_['echelle']}-{form.cleaned_data['periode']}"
    if fmt == "csv":
        return csv_response(filename=f"{nom}.csv", rows=rows, headers=headers)
    sheet = Sheet(title=choisi.libelle[:31], headers=headers, rows=rows, widths={"A": 40})
    return xlsx_response(filename=f"{nom}.xlsx", sheets=[sheet])
