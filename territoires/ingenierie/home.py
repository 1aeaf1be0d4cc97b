"""Home-page sections and menu entries of the module (replace the ui placeholders)."""

from territoires.comptes.models import Role
from territoires.ui import home, navigation

from . import selectors
from .models import Sollicitation


def _is_collectivite(request) -> bool:
    organisation = getattr(request, "organisation", None)
    return organisation is not None and organisation.est_collectivite


def _demandes(request) -> dict:
    return {
        "sollicitations": list(
            selectors.sollicitations_for_organisations([request.organisation.pk])[:5]
        )
    }


def _a_trier(request) -> dict:
    return {
        "sollicitations": list(
            selectors.sollicitations_list().filter(statut=Sollicitation.Statut.NOUVELLE)[:5]
        ),
        "titre_vide": "Aucune sollicitation à trier.",
    }


def _mes_accompagnements(request) -> dict:
    return {
        "sollicitations": list(
            selectors.sollicitations_list().filter(
                referent=request.user, statut__in=Sollicitation.STATUTS_OUVERTS
            )[:5]
        ),
        "titre_vide": "Aucun accompagnement en cours.",
    }


def _is_staff(request) -> bool:
    return request.user.has_perm("ingenierie.view_queue")


home.register_section(
    "ingenierie.demandes",
    title="Mes demandes d'accompagnement",
    audiences={home.ORGANISATION},
    template_name="ingenierie/home/demandes.html",
    get_context=_demandes,
    predicate=_is_collectivite,
    order=100,
)
home.register_section(
    "ingenierie.sollicitations",
    title="Sollicitations à traiter",
    audiences={Role.CONSEILLER.value, Role.CHEF_SERVICE.value, Role.DIRECTION.value},
    template_name="ingenierie/home/file.html",
    get_context=_a_trier,
    predicate=_is_staff,
    order=103,
)
home.register_section(
    "ingenierie.accompagnements",
    title="Mes accompagnements en cours",
    audiences={Role.CONSEILLER.value, Role.CHEF_SERVICE.value},
    template_name="ingenierie/home/file.html",
    get_context=_mes_accompagnements,
    predicate=_is_staff,
    order=104,
)

navigation.register(
    "Mes demandes d'accompagnement",
    "ingenierie:mes_sollicitations",
    permission="ingenierie.view_own_sollicitations",
    order=20,
)
navigation.register(
    "Sollicitations", "ingenierie:file", permission="ingenierie.view_queue", order=20
)
navigation.register(
    "Chiffres de l'ingénierie",
    "ingenierie:tableau_de_bord",
    permission="ingenierie.view_stats",
    order=60,
)
navigation.register(
    "Ressources", "ingenierie:ressources", permission="ingenierie.view_ressources", order=70
)
navigation.register(
    "Adhésions", "ingenierie:adhesions", permission="ingenierie.manage_adhesions", order=72
)
navigation.register(
    "Factures AMO", "ingenierie:factures", permission="ingenierie.view_factures", order=73
)
navigation.register(
    "Ateliers", "ingenierie:ateliers", permission="ingenierie.view_ateliers", order=71
)
