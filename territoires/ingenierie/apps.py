from django.apps import AppConfig


class IngenierieConfig(AppConfig):
    name = "territoires.ingenierie"
    verbose_name = "Ingénierie territoriale"

    def ready(self) -> None:
        from . import home  # noqa: F401  (registers the home sections and menu entries)
