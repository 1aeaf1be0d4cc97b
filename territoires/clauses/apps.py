from django.apps import AppConfig


class ClausesConfig(AppConfig):
    name = "territoires.clauses"
    verbose_name = "Clauses sociales"

    def ready(self):
        from territoires.comptes.models import Organisation
        from territoires.ui import home, navigation

        from . import home as clauses_home
        from . import tasks  # noqa: F401 — imports follow their task (core/task_tracking.py)

        navigation.register(
            "Clauses sociales", "clauses:marches", permission="clauses.view_marches", order=40
        )
        home.register_section(
            "clauses.suivi",
            title="Marchés avec clauses sociales à suivre",
            audiences={"facilitateur"},
            template_name="clauses/home/suivi.html",
            get_context=clauses_home.suivi,
            order=100,
        )
        home.register_section(
            "clauses.heures",
            title="Heures d'insertion à contrôler",
            audiences={"facilitateur"},
            template_name="clauses/home/imports.html",
            get_context=clauses_home.imports,
            order=110,
        )
        home.register_section(
            "clauses.marches",
            title="Mes marchés avec clauses sociales",
            audiences={home.ORGANISATION},
            template_name="clauses/home/marches.html",
            # No query here: the home page of an agent stays within its query budget.
            get_context=lambda request: {
                "est_entreprise": request.organisation is not None
                and request.organisation.type == Organisation.Type.ENTREPRISE
            },
            order=130,
        )
