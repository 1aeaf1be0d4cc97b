from django.urls import path

from . import views

app_name = "referentiel"
urlpatterns = [
    path("communes/<str:code>/", views.commune_detail, name="commune"),
    path("epci/<str:siren>/", views.epci_detail, name="epci"),
]
