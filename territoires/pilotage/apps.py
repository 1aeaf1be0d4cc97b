from django.apps import AppConfig


class PilotageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "territoires.pilotage"
    verbose_name = "Pilotage"
