"""The home page of each role, made of sections that modules register.

The home page (`/`) shows the sections registered for the visitor's *audience*:

- ``anonyme``: not logged in;
- ``citoyen``: logged in without any membership (participatory budget);
- ``organisation``: agent or administrator (gestionnaire) of a commune, an EPCI, another
  public body or a company, for the current organisation;
- one audience per role of the Département's staff: ``conseiller``, ``instructeur``,
  ``facilitateur``, ``chef_service``, ``finances``, ``direction``;
- ``administrateur``: administrator of the platform (or a superuser without membership).

The role is read from `request.membre` (the current membership). Each module registers its
sections (a later registration with the same key replaces the earlier one), for instance in
its `AppConfig.ready()`::

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
    """The ui app's own sections; a section a module registered first is kept. Every other
    section of a desk comes from its module (no placeholder text waits for it any more)."""
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
