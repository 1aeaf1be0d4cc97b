from django.apps import AppConfig

#: Organisations whose home page shows the calls and their candidatures.
TYPES_CANDIDATS_ACCUEIL = ("association", "entreprise", "collectif")


class AppelsConfig(AppConfig):
    name = "territoires.appels"
    verbose_name = "Appels à projets"

    def ready(self) -> None:
        from territoires.ui import home, navigation

        # Public, like the aid catalogue; the management and jury pages are linked from it.
        navigation.register("Appels à projets", "appels:liste", order=35)

        def contexte(request):
            from . import selectors

            return {
                "appels_ouverts": [
                    (appel, selectors.delai_label(appel)) for appel in selectors.appels_ouverts()
                ],
                "candidatures": list(selectors.candidatures_for_user(request.user)[:5]),
            }

        home.register_section(
            "appels.candidatures",
            title="Appels à projets et mes candidatures",
            audiences={home.ORGANISATION},
            template_name="appels/home/candidatures.html",
            get_context=contexte,
            predicate=lambda request: (
                getattr(request.organisation, "type", "") in TYPES_CANDIDATS_ACCUEIL
            ),
            order=90,
        )
