from django.apps import AppConfig


class PilotageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "territoires.pilotage"
    verbose_name = "Pilotage"

    def ready(self) -> None:
        # r13-chiffres: the heads of service's and the direction's home sections.
        from territoires.pilotage.chiffres import home  # noqa: F401
