from django.apps import AppConfig


class OpendataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "territoires.opendata"
    verbose_name = "Données ouvertes"
