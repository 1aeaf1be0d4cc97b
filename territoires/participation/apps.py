from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "territoires.participation"
    verbose_name = "Budget participatif"

    def ready(self) -> None:
        from territoires.ui import home, navigation

        from . import tasks  # noqa: F401 — the count can be relaunched (core/task_tracking)

        navigation.register("Budget participatif", "participation:campagnes", order=60)

        def contexte(request):
            from .models import Campagne

            return {"campagnes_bp": list(Campagne.objects.all()[:5])}

        home.register_section(
            "participation.campagnes",
            title="Budget participatif",
            audiences={home.CITOYEN},
            template_name="participation/home/campagnes.html",
            get_context=contexte,
        )
