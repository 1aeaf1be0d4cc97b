"""Mounted at the root (territoires/urls.py), before the referentiel, so that the territory
pages keep their addresses: /territoires/communes/<code>/, /territoires/epci/<siren>/.
"""

from django.urls import path

from territoires.pilotage.chiffres import views as chiffres

from .elus import administration as elus_administration
from .elus import views as elus_views
from .views import cartes, territoire

app_name = "pilotage"
urlpatterns: list = [
    # --- r13-territoire : la fiche territoire ---
    path("territoires/communes/<str:code>/", territoire.commune, name="commune"),
    path("territoires/epci/<str:siren>/", territoire.epci, name="epci"),
    path("territoires/cantons/<str:code>/", territoire.canton, name="canton"),
    # --- fin r13-territoire ---
]

# --- r13-elus : les élus départementaux ---------------------------------------------------------
urlpatterns += [
    path("pilotage/elu/", elus_views.accueil, name="elu_accueil"),
    path(
        "pilotage/elu/resume-hebdomadaire/",
        elus_views.resume_hebdomadaire,
        name="elu_resume",
    ),
    path("pilotage/elus/", elus_administration.liste, name="elus_administration"),
    path("pilotage/elus/<int:elu_id>/", elus_administration.modifier, name="elu_modifier"),
]

# --- r13-chiffres : les chiffres du Département et le rapport d'activité ------------------------
urlpatterns += [
    path("chiffres-cles/", chiffres.chiffres, name="chiffres"),
    path("chiffres-cles/rapport.<str:fmt>", chiffres.rapport, name="rapport"),
]

# --- r13-cartes : la carte de n'importe quel indicateur ----------------------------------------
urlpatterns += [
    path("pilotage/carte/", cartes.carte, name="carte"),
    path("pilotage/carte/export.<str:fmt>", cartes.carte_export, name="carte_export"),
]
