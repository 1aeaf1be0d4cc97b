from django.apps import AppConfig


class AppelsConfig(AppConfig):
    name = "territoires.appels"
    verbose_name = "Appels à projets"
