from django.apps import AppConfig


class OpendataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "territoires.opendata"
    verbose_name = "Données ouvertes"

    def ready(self) -> None:
        from territoires.ui import navigation

        from . import tasks  # noqa: F401 — big files are confirmed by a followed task

        # A deleted version drops its rows' table (opendata/tabulaire/signals.py).
        from .tabulaire import signals  # noqa: F401

        navigation.register(
            "Mes jeux de données",
            "opendata:mes_jeux",
            permission="opendata.add_jeudedonnees",
            order=80,
        )
        navigation.register(
            "Modération des données",
            "opendata:moderation",
            permission="opendata.moderer_jeudedonnees",
            order=85,
        )
        navigation.register(
            "Jeux automatiques",
            "opendata:automatiques",
            permission="opendata.moderer_jeudedonnees",
            order=86,
        )
