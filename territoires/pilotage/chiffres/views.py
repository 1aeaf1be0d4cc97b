"""The public key-figures page and the yearly activity report (PDF, XLSX, JSON)."""

from django.http import Http404
from django.shortcuts import render

from territoires.core.access import public
from territoires.core.exports.responses import JSON, PDF, XLSX, file_response
from territoires.pilotage.chiffres import chiffres_cles
from territoires.pilotage.chiffres.exports import PRODUCTEURS
from territoires.pilotage.chiffres.forms import PeriodeForm
from territoires.pilotage.chiffres.periodes import periode_choisie
from territoires.ui.charts import bar_chart

TYPES = {"pdf": PDF, "xlsx": XLSX, "json": JSON}
MODULES = [
    ("ingenierie", "Ingénierie territoriale"),
    ("aides", "Aides aux communes"),
    ("clauses", "Clauses sociales d'insertion"),
    ("participation", "Budget participatif"),
]


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
    sections = [
        (cle, titre, [c for c in liste if c["cle"].split(".")[0] == cle]) for cle, titre in MODULES
    ]
    par_an = [
        {"libelle": c["cle"].rsplit(".", 1)[1], "valeur": c["valeur"]}
        for c in liste
        if c["cle"].startswith("ingenierie.demandes.")
    ]
    return render(
        request,
        "pilotage/chiffres/page.html",
        {
            "form": form,
            "periode": periode,
            "sections": sections,
            "graphique_demandes": bar_chart(par_an, libelle="libelle", valeur="valeur"),
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
