"""The map of any indicator by commune, with its accessible table."""

from django.conf import settings
from django.shortcuts import render

from territoires.core.access import public
from territoires.referentiel.maps import carte_communes_context

from ..forms import CarteForm
from ..indicateurs import indicateur
from ..rules import VUE_COMPLETE, vue_territoire


@public
def carte(request):
    complet = vue_territoire(request.user) == VUE_COMPLETE
    form = CarteForm(request.GET or {"indicateur": "ingenierie.demandes"}, complet=complet)
    context = {"form": form, "carte": None}
    if form.is_valid():
        choisi = indicateur(form.cleaned_data["indicateur"])
        periode = form.cleaned_data["periode"]
        context["indicateur"] = choisi
        context["carte"] = carte_communes_context(
            choisi.par_commune(periode),
            titre=f"{choisi.libelle} par commune, {periode}",
            unite=choisi.unite,
            departement=settings.TERRITOIRES_DEPARTEMENT,
        )["carte"]
    return render(request, "pilotage/cartes/carte.html", context)
