from django.urls import path

from . import views

app_name = "referentiel"
urlpatterns = [
    path("recherche/", views.recherche, name="recherche"),
    path("recherche/communes.json", views.communes_autocomplete, name="communes_autocomplete"),
]
