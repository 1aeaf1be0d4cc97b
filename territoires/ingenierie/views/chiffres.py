"""The mission's figures: dashboard and yearly report."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string

from territoires.core.access import rule_required
from territoires.referentiel.maps import carte_communes_context
from territoires.ui.charts import bar_chart

from .. import exports, selectors
from ..forms import PeriodeForm
from ..statistiques import en_cache


def _periode(request):
    form = PeriodeForm(request.GET or None)
    depuis = jusqu_a = None
    if form.is_bound and form.is_valid():
        depuis, jusqu_a = form.cleaned_data["depuis"], form.cleaned_data["jusqu_a"]
    return form, depuis, jusqu_a


def carte_des_communes(*, depuis, jusqu_a, departement) -> str:
    """The map of the requests per commune of the département, rendered once per state of the
    requests (its 500 communes are most of the page's work)."""
    par_commune = selectors.sollicitations_par_commune(
        depuis=depuis, jusqu_a=jusqu_a, departement=departement
    )
    carte = carte_communes_context(
        par_commune,
        titre="Sollicitations par commune",
        unite="sollicitations",
        departement=departement,
    )
    return render_to_string("referentiel/components/carte_communes.html", carte)


def figures_du_tableau(*, depuis, jusqu_a, departement) -> dict:
    """The dashboard's figures and their HTML (tables, chart, map): computed and rendered once
    per state of the requests, then served as they are (one check of that state)."""
    stats = selectors.statistiques(depuis=depuis, jusqu_a=jusqu_a)
    html = render_to_string(
        "ingenierie/_tableau_figures.html",
        {
            "stats": stats,
            "graphique_annees": bar_chart(
                stats["par_annee"], libelle="annee", valeur="sollicitations"
            ),
            "carte_html": carte_des_communes(
                depuis=depuis, jusqu_a=jusqu_a, departement=departement
            ),
        },
    )
    return {"stats": stats, "html": html}


@rule_required("ingenierie.view_stats")
def tableau_de_bord(request):
    form, depuis, jusqu_a = _periode(request)
    figures = en_cache(
        figures_du_tableau,
        depuis=depuis,
        jusqu_a=jusqu_a,
        departement=settings.TERRITOIRES_DEPARTEMENT,
    )
    return render(
        request,
        "ingenierie/tableau_de_bord.html",
        {
            "form": form,
            "stats": figures["stats"],
            "figures_html": figures["html"],
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
