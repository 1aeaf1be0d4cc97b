"""The mission's figures: dashboard and yearly report."""

import json

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from territoires.core.access import rule_required
from territoires.referentiel.maps import carte_communes_context
from territoires.ui.charts import bar_chart

from .. import exports, selectors
from ..forms import PeriodeForm


def _periode(request):
    form = PeriodeForm(request.GET or None)
    depuis = jusqu_a = None
    if form.is_bound and form.is_valid():
        depuis, jusqu_a = form.cleaned_data["depuis"], form.cleaned_data["jusqu_a"]
    return form, depuis, jusqu_a


@rule_required("ingenierie.view_stats")
def tableau_de_bord(request):
    form, depuis, jusqu_a = _periode(request)
    stats = selectors.statistiques(depuis=depuis, jusqu_a=jusqu_a)
    par_commune = selectors.sollicitations_par_commune(depuis=depuis, jusqu_a=jusqu_a)
    carte = carte_communes_context(
        par_commune,
        titre="Sollicitations par commune",
        unite="sollicitations",
        departement=settings.TERRITOIRES_DEPARTEMENT,
    )
    return render(
        request,
        "ingenierie/tableau_de_bord.html",
        {
            "form": form,
            "stats": stats,
            "graphique_annees": bar_chart(
                stats["par_annee"], libelle="annee", valeur="sollicitations"
            ),
            "carte": carte["carte"],
            "stats_json": json.dumps(stats),
            "query": request.GET.urlencode(),
            "breadcrumb_items": [("Chiffres de l'ingénierie", None)],
        },
    )


@rule_required("ingenierie.view_stats")
def rapport(request, format):
    form, depuis, jusqu_a = _periode(request)
    if format == "pdf":
        return exports.rapport_pdf(request, depuis=depuis, jusqu_a=jusqu_a)
    if format == "xlsx":
        return exports.rapport_xlsx(depuis=depuis, jusqu_a=jusqu_a)
    raise Http404
