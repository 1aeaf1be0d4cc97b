from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Socle"
    name = "territoires.core"

    def ready(self) -> None:
        from . import tasks  # noqa: F401 — relaunchable digest, queue of immediate e-mails
