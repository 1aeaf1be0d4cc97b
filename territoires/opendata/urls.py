from django.urls import path

from .views import catalogue, jeu, telechargements

app_name = "opendata"

urlpatterns: list = [
    path("", catalogue.catalogue, name="catalogue"),
    path("jeux/<slug:slug>/", jeu.jeu, name="jeu"),
    path(
        "jeux/<slug:slug>/ressources/<int:pk>/telecharger.<str:format>",
        telechargements.telecharger,
        name="telecharger",
    ),
]
