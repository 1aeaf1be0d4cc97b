from django.urls import path

from .automatiques import views as automatiques

app_name = "opendata"

urlpatterns: list = [
    path("automatiques/", automatiques.automatiques, name="automatiques"),
]
