from django.apps import AppConfig


def _mes_dossiers(request):
    from . import selectors

    return {"dossiers": list(selectors.dossiers_for_organisation(request.organisation)[:5])}


def _a_instruire(statuts, lien_label="Tous les dossiers"):
    def context(request):
        from django.urls import reverse

        from . import selectors

        dossiers = (
            selectors.dossiers_for_instructor(request.user)
            .filter(statut__in=statuts)
            .order_by("depose_le")[:5]
        )
        return {
            "dossiers": list(dossiers),
            "lien": reverse("aides:instruction"),
            "lien_label": lien_label,
        }

    return context


def _versements_en_attente(request):
    """Finance's home: the payment requests waiting, oldest first (constant queries)."""
    from django.urls import reverse

    from .models import Versement

    attente = Versement.en_attente_des_finances()
    return {
        "versements": list(attente[:10]),
        "total": attente.count(),
        "lien": reverse("aides:instruction"),
    }


def _enveloppes(request):
    from django.urls import reverse

    return {"dossiers": [], "lien": reverse("aides:tableau"), "lien_label": "Tableau de bord"}


class AidesConfig(AppConfig):
    name = "territoires.aides"
    verbose_name = "Aides aux collectivités"

    def ready(self) -> None:
        import rules

        from territoires.ui import home, navigation

        from . import rules as aides_rules  # noqa: F401

        navigation.register("Aides", "aides:catalogue", order=30)
        # rules.has_perm, not user.has_perm: a refusal must not fall through to Django's
        # ModelBackend, which would load the user's table permissions on every page.
        navigation.register(
            "Mes dossiers d'aide",
            "aides:mes_dossiers",
            predicate=lambda user: rules.has_perm("aides.list_mes_dossiers", user),
            order=31,
        )
        navigation.register(
            "Dossiers d'aide",
            "aides:instruction",
            predicate=lambda user: rules.has_perm("aides.list_dossiers_instruction", user),
            order=32,
        )

        def collectivite(request):
            organisation = getattr(request, "organisation", None)
            return organisation is not None and (
                organisation.est_collectivite or organisation.type == "organisme_public"
            )

        home.register_section(
            "aides.dossiers",
            title="Mes dossiers d'aide",
            audiences={home.ORGANISATION},
            template_name="aides/home/dossiers.html",
            get_context=_mes_dossiers,
            predicate=collectivite,
            order=110,
        )
        sections = [
            ("aides.a_instruire", "Dossiers à instruire", "instructeur", ["depose"]),
            ("aides.incomplets", "Dossiers en attente de pièces", "instructeur", ["incomplet"]),
            ("aides.visas", "Visas en attente", "chef_service", ["propose"]),
            ("aides.engagements", "Engagements à saisir", "finances", ["attribue"]),
        ]
        for key, title, audience, statuts in sections:
            home.register_section(
                key,
                title=title,
                audiences={audience},
                template_name="aides/home/liste.html",
                get_context=_a_instruire(statuts),
                empty_message="Rien en attente pour le moment.",
            )
        home.register_section(
            "aides.versements",
            title="Demandes de versement à traiter",
            audiences={"finances"},
            template_name="aides/home/versements.html",
            get_context=_versements_en_attente,
            order=90,
        )
        home.register_section(
            "aides.enveloppes",
            title="Enveloppes budgétaires",
            audiences={"direction"},
            template_name="aides/home/liste.html",
            get_context=_enveloppes,
            empty_message="La consommation des enveloppes est au tableau de bord.",
        )
