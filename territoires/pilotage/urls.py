"""Mounted at the root (territoires/urls.py), before the referentiel, so that the territory
pages keep their addresses: /territoires/communes/<code>/, /territoires/epci/<siren>/.
"""

from django.urls import path

from territoires.pilotage.chiffres import views as chiffres

app_name = "pilotage"
urlpatterns: list = []

# r13-chiffres : les chiffres du Département et le rapport d'activité
urlpatterns += [
    path("chiffres-cles/", chiffres.chiffres, name="chiffres"),
    path("chiffres-cles/rapport.<str:fmt>", chiffres.rapport, name="rapport"),
]
