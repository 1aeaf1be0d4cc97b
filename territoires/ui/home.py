"""The home page of each role, made of sections that modules register.

The home page (`/`) shows the sections registered for the visitor's *audience*:

- ``anonyme``: not logged in;
- ``citoyen``: logged in without any membership (participatory budget);
- ``organisation``: agent or administrator (gestionnaire) of a commune, an EPCI, another
  public body or a company, for the current organisation;
- one audience per role of the Département's staff: ``conseiller``, ``instructeur``,
  ``facilitateur``, ``chef_service``, ``finances``, ``direction``;
- ``administrateur``: administrator of the platform (or a superuser without membership).

The role is read from `request.membre` (the current membership). The ui app registers
placeholder sections with empty states; a module replaces one by registering a section
with the same key, for instance in its `AppConfig.ready()`::

    from territoires.ui import home

    home.register_section(
        "aides.dossiers",
        title="Mes dossiers d'aide",
        audiences={home.ORGANISATION},
        template_name="aides/home/dossiers.html",
        get_context=lambda request: {"dossiers": dossiers_for(request.organisation)},
    )

The section template receives `section`, `request`, `user`, `organisation` (may be None)
and what `get_context(request)` returns.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.template.loader import get_template
from django.utils.safestring import SafeString

from territoires.comptes.models import Role

from .urlutils import safe_reverse

ANONYME = "anonyme"
CITOYEN = "citoyen"
ORGANISATION = "organisation"
ADMINISTRATEUR = Role.ADMINISTRATEUR.value
ELU = Role.ELU.value
DEPARTEMENT_ROLES = (
    Role.CONSEILLER.value,
    Role.INSTRUCTEUR.value,
    Role.FACILITATEUR.value,
    Role.CHEF_SERVICE.value,
    Role.FINANCES.value,
    Role.DIRECTION.value,
)
AUDIENCES = (ANONYME, CITOYEN, ORGANISATION, *DEPARTEMENT_ROLES, ELU, ADMINISTRATEUR)

PLACEHOLDER_TEMPLATE = "ui/home/placeholder.html"


@dataclass(frozen=True)
class HomeSection:
    key: str
    title: str
    audiences: frozenset[str]
    template_name: str = PLACEHOLDER_TEMPLATE
    order: int = 100
    get_context: Callable | None = None
    predicate: Callable | None = None
    #: Text of the placeholder (empty state) until a module fills the section.
    empty_message: str = ""
    links: tuple[tuple[str, str], ...] = field(default_factory=tuple)


_registry: dict[str, HomeSection] = {}


def register_section(
    key: str,
    *,
    title: str,
    audiences: Iterable[str],
    template_name: str = PLACEHOLDER_TEMPLATE,
    order: int = 100,
    get_context: Callable | None = None,
    predicate: Callable | None = None,
    empty_message: str = "",
    links: Iterable[tuple[str, str]] = (),
) -> HomeSection:
    """Add a section, or replace the one registered with the same `key`."""
    audiences = frozenset(audiences)
    unknown = audiences - set(AUDIENCES)
    if unknown:
        raise ValueError(f"Public inconnu pour la page d'accueil : {sorted(unknown)}")
    section = HomeSection(
        key=key,
        title=title,
        audiences=audiences,
        template_name=template_name,
        order=order,
        get_context=get_context,
        predicate=predicate,
        empty_message=empty_message,
        links=tuple(links),
    )
    _registry[key] = section
    return section


def unregister_section(key: str) -> None:
    _registry.pop(key, None)


def audience_for(request) -> str:
    user = request.user
    if not user.is_authenticated:
        return ANONYME
    membre = getattr(request, "membre", None)
    if membre is not None:
        if membre.role in AUDIENCES:
            return membre.role
        return ORGANISATION
    if user.is_superuser:
        return ADMINISTRATEUR
    return CITOYEN


def sections_for(request, audience: str) -> list[HomeSection]:
    sections = [
        s
        for s in _registry.values()
        if audience in s.audiences and (s.predicate is None or s.predicate(request))
    ]
    return sorted(sections, key=lambda s: (s.order, s.title))


def render_sections(request, audience: str) -> list[SafeString]:
    """Each section rendered with its own template and context."""
    rendered = []
    for section in sections_for(request, audience):
        context = {
            "section": section,
            "links": [(label, url) for label, name in section.links if (url := safe_reverse(name))],
            "request": request,
            "user": request.user,
            "organisation": getattr(request, "organisation", None),
        }
        if section.get_context is not None:
            context.update(section.get_context(request))
        rendered.append(get_template(section.template_name).render(context, request))
    return rendered


# --- Placeholders: the modules of later issues replace them (same key) ------------------------
def _is_collectivite(request) -> bool:
    organisation = getattr(request, "organisation", None)
    return organisation is not None and organisation.est_collectivite


def _is_gestionnaire(request) -> bool:
    membre = getattr(request, "membre", None)
    return membre is not None and membre.role == Role.GESTIONNAIRE


def register_defaults() -> None:
    """Placeholders of the ui app; a section a module registered first is kept."""
    placeholders = [
        # (key, title, audiences, empty message, predicate)
        (
            "ingenierie.demandes",
            "Mes demandes d'accompagnement",
            {ORGANISATION},
            "Aucune demande d'accompagnement pour le moment. Vous pourrez bientôt solliciter "
            "ici l'ingénierie du Département pour un projet de votre collectivité.",
            _is_collectivite,
        ),
        (
            "aides.dossiers",
            "Mes dossiers d'aide",
            {ORGANISATION},
            "Aucun dossier d'aide pour le moment. Le dépôt des demandes de subvention auprès "
            "du Département sera bientôt disponible ici.",
            _is_collectivite,
        ),
        (
            "clauses.marches",
            "Mes marchés avec clauses sociales",
            {ORGANISATION},
            "Aucun marché avec clause sociale pour le moment.",
            None,
        ),
        (
            "ingenierie.sollicitations",
            "Sollicitations à traiter",
            {Role.CONSEILLER.value},
            "Aucune sollicitation à traiter pour le moment.",
            None,
        ),
        (
            "ingenierie.accompagnements",
            "Mes accompagnements en cours",
            {Role.CONSEILLER.value},
            "Aucun accompagnement en cours.",
            None,
        ),
        (
            "aides.a_instruire",
            "Dossiers à instruire",
            {Role.INSTRUCTEUR.value},
            "Aucun dossier à instruire pour le moment.",
            None,
        ),
        (
            "aides.incomplets",
            "Dossiers en attente de pièces",
            {Role.INSTRUCTEUR.value},
            "Aucun dossier en attente de pièces.",
            None,
        ),
        (
            "clauses.suivi",
            "Marchés avec clauses sociales à suivre",
            {Role.FACILITATEUR.value},
            "Aucun marché à suivre pour le moment.",
            None,
        ),
        (
            "clauses.heures",
            "Heures d'insertion à contrôler",
            {Role.FACILITATEUR.value},
            "Aucune déclaration d'heures à contrôler.",
            None,
        ),
        (
            "aides.visas",
            "Visas en attente",
            {Role.CHEF_SERVICE.value},
            "Aucun dossier n'attend votre visa.",
            None,
        ),
        (
            "pilotage.service",
            "Activité du service",
            {Role.CHEF_SERVICE.value},
            "Les indicateurs du service apparaîtront ici.",
            None,
        ),
        (
            "aides.versements",
            "Versements à effectuer",
            {Role.FINANCES.value},
            "Aucun versement à effectuer pour le moment.",
            None,
        ),
        (
            "aides.engagements",
            "Engagements à saisir",
            {Role.FINANCES.value},
            "Aucun engagement à saisir.",
            None,
        ),
        (
            "pilotage.tableaux",
            "Tableaux de bord",
            {Role.DIRECTION.value},
            "Les tableaux de bord de la solidarité territoriale apparaîtront ici.",
            None,
        ),
        (
            "aides.enveloppes",
            "Enveloppes budgétaires",
            {Role.DIRECTION.value},
            "Aucune enveloppe budgétaire n'est encore configurée.",
            None,
        ),
        (
            "participation.campagnes",
            "Budget participatif",
            {CITOYEN},
            "Aucune campagne de budget participatif n'est ouverte pour le moment. Vous pourrez "
            "ici proposer des projets pour votre territoire et voter.",
            None,
        ),
    ]
    for order, (key, title, audiences, message, predicate) in enumerate(placeholders):
        if key in _registry:
            continue
        register_section(
            key,
            title=title,
            audiences=audiences,
            empty_message=message,
            predicate=predicate,
            order=100 + order,
        )
    if "comptes.membres" not in _registry:
        register_section(
            "comptes.membres",
            title="Les membres de l'organisation",
            audiences={ORGANISATION},
            template_name="ui/home/links.html",
            predicate=_is_gestionnaire,
            empty_message="Invitez vos collègues pour qu'ils suivent les dossiers avec vous.",
            links=[("Gérer les membres et les invitations", "comptes:membres")],
            order=900,
        )
    if "ui.configuration" not in _registry:
        register_section(
            "ui.configuration",
            title="Configuration de la plateforme",
            audiences={ADMINISTRATEUR},
            template_name="ui/home/links.html",
            empty_message="Les réglages de la plateforme se font dans l'administration.",
            links=[
                ("Administration", "admin:index"),
                ("Organisations", "admin:comptes_organisation_changelist"),
                ("Utilisateurs", "admin:comptes_user_changelist"),
                ("Membres et rôles", "admin:comptes_membre_changelist"),
                ("Invitations", "admin:comptes_invitation_changelist"),
                ("Communes", "admin:referentiel_commune_changelist"),
                ("Intercommunalités", "admin:referentiel_epci_changelist"),
            ],
            order=10,
        )
