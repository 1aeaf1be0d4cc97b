"""Mounted at the root (territoires/urls.py), before the referentiel, so that the territory
pages keep their addresses: /territoires/communes/<code>/, /territoires/epci/<siren>/.
"""

from django.urls import path

from .views import cartes

app_name = "pilotage"
urlpatterns: list = [
    # --- r13-cartes ---
    path("pilotage/carte/", cartes.carte, name="carte"),
    # --- fin r13-cartes ---
]
