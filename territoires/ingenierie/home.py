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


# Menu entries test the rules predicates directly: a denied `has_perm` would also ask Django's
# ModelBackend, which costs two queries per page for everyone.
def _rule(name: str):
    from rules.permissions import permissions

    return lambda user: permissions[name].test(user)


for label, url_name, perm, order in (
    ("Mes demandes d'accompagnement", "ingenierie:mes_sollicitations",
     "ingenierie.view_own_sollicitations", 20),
    ("Sollicitations", "ingenierie:file", "ingenierie.view_queue", 20),
    ("Chiffres de l'ingénierie", "ingenierie:tableau_de_bord", "ingenierie.view_stats", 60),
    ("Ressources", "ingenierie:ressources", "ingenierie.view_ressources", 70),
    ("Ateliers", "ingenierie:ateliers", "ingenierie.view_ateliers", 71),
    ("Adhésions", "ingenierie:adhesions", "ingenierie.manage_adhesions", 72),
    ("Factures AMO", "ingenierie:factures", "ingenierie.view_factures", 73),
):  # fmt: skip
    navigation.register(label, url_name, predicate=_rule(perm), order=order)
