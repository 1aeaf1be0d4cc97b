from django.apps import AppConfig


class OpendataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "territoires.opendata"
    verbose_name = "Données ouvertes"

    def ready(self):
        # A deleted version drops its rows' table (opendata/tabulaire/signals.py).
        from .tabulaire import signals  # noqa: F401
