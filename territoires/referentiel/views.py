from django.shortcuts import get_object_or_404, render

from .models import Commune, Epci


def commune_detail(request, code):
    commune = get_object_or_404(Commune, code=code, type=Commune.Type.ACTUELLE)
    return render(request, "referentiel/commune_detail.html", {"commune": commune})


def epci_detail(request, siren):
    epci = get_object_or_404(Epci, siren=siren)
    return render(request, "referentiel/epci_detail.html", {"epci": epci})
