from django.apps import AppConfig


class PilotageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "territoires.pilotage"
    verbose_name = "Pilotage"

    def ready(self) -> None:
        # r13-chiffres: the heads of service's and the direction's home sections.
        from territoires.pilotage.chiffres import home as chiffres_home  # noqa: F401
        from territoires.ui import home

        # --- r13-elus : l'accueil des élus départementaux --------------------------------------
        from .elus import elus_sans_territoire
        from .elus.views import section_context

        home.register_section(
            "pilotage.elu_territoire",
            title="Mon territoire",
            audiences={home.ELU},
            template_name="pilotage/elus/section.html",
            order=10,
            get_context=section_context,
        )
        home.register_section(
            "pilotage.elus_administration",
            title="Élus départementaux",
            audiences={home.ADMINISTRATEUR},
            template_name="pilotage/elus/administration_section.html",
            order=60,
            get_context=lambda request: {"elus_sans_territoire": elus_sans_territoire()},
        )

        # --- r14-fiche : les accueils mènent aux fiches territoire ------------------------------
        from .territoire import home as territoire_home  # noqa: F401
