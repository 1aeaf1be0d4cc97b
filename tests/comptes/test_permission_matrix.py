"""The permission matrix: every URL of the project, for every demo role.

1. Every view of the project declares its rule (`territoires/comptes/access.py`): `@public`,
   `@rule_required(perm)` or `@object_rule_required(perm, get_object)`. Third-party views are
   listed in `THIRD_PARTY` with the reason they are safe.
2. For every demo role (and an anonymous visitor), every URL is requested. URLs with
   parameters are built from `PARAMETERS` (name → value from the test world); a URL with an
   unknown parameter is skipped for requests (its rule mark is still required). A module that
   adds a URL parameter adds its convention to `PARAMETERS`.
3. No answer is a server error; a protected URL sends an anonymous visitor to the login page;
   a user without the permission gets 403 (no object) or 404 (object: another organisation's
   object cannot even be detected).
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from territoires.comptes.access import PUBLIC
from territoires.comptes.demo import DEMO_ACCOUNTS, demo_load
from territoires.comptes.models import Role, User
from territoires.comptes.services import demande_adhesion_create, invitation_create
from territoires.referentiel.models import Commune
from tests.aides.factories import matrix_objects as aides_objects
from tests.clauses.factories import monde_permissions as monde_clauses
from tests.ingenierie.factories import matrix_agence as ingenierie_agence
from tests.ingenierie.factories import matrix_objects as ingenierie_objects
from tests.participation.factories import matrix_objects as participation_objects
from tests.referentiel.factories import CommuneFactory, DepartementFactory, EpciFactory

from .factories import MembreFactory, OrganisationFactory, UserFactory, login

# URL name prefixes of third-party views, with why they need no `access_rule` mark.
THIRD_PARTY = {
    "admin:": "Administration Django : is_staff exigé par l'admin, second facteur exigé par "
    "StaffOTPRequiredMiddleware.",
    "oidc_logout": "Déconnexion de mozilla-django-oidc : POST seulement, ne fait que fermer "
    "la session de la personne qui l'appelle.",
}

ROLES = ["anonyme", *(account["email"] for account in DEMO_ACCOUNTS)]


@dataclass
class Route:
    route: str
    name: str
    callback: object
    params: list[str]

    @property
    def view_marks(self):
        return (self.callback, getattr(self.callback, "view_class", None))

    @property
    def access_rule(self):
        for mark in self.view_marks:
            rule = getattr(mark, "access_rule", None)
            if rule:
                return rule
        return None

    @property
    def third_party_reason(self):
        return next((r for p, r in THIRD_PARTY.items() if self.name.startswith(p)), None)


def _params(pattern: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", pattern) + re.findall(r"\(\?P<(\w+)>", pattern)


def all_routes() -> list[Route]:
    def walk(patterns, prefix="", namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                yield Route(route, namespace + (p.name or ""), p.callback, _params(route))

    return list(walk(get_resolver().url_patterns))


def test_every_view_declares_its_access_rule():
    missing = [
        f"{r.route} ({r.name or 'sans nom'})"
        for r in all_routes()
        if r.access_rule is None and r.third_party_reason is None
    ]
    assert not missing, "Vues sans règle d'accès (@public, @rule_required…) : " + ", ".join(missing)


def test_third_party_allow_list_is_still_needed():
    routes = all_routes()
    for prefix in THIRD_PARTY:
        assert any(r.name.startswith(prefix) for r in routes), f"{prefix} n'existe plus"


# --- The world the roles walk in ----------------------------------------------------------------


@pytest.fixture
def world(db):
    """The demo organisations and accounts, plus a foreign commune with its own objects."""
    departement = DepartementFactory(code="32", nom="Gers")
    epci = EpciFactory(nom="CC de la Ténarèze", departements=[departement])
    CommuneFactory(code="32208", nom="Lectoure", departement=departement, epci=epci)
    CommuneFactory(code="32013", nom="Auch", departement=departement, epci=epci)
    demo_load(departement_code="32")
    foreign = OrganisationFactory(nom="Commune étrangère")
    gestionnaire = MembreFactory(organisation=foreign, role=Role.GESTIONNAIRE)
    agent = MembreFactory(organisation=foreign)
    invitation = invitation_create(
        organisation=foreign, email="invite@etranger.test", role=Role.AGENT,
        invite_par=gestionnaire.user,
    )  # fmt: skip
    demande = demande_adhesion_create(user=UserFactory(), organisation=foreign)
    commune = Commune.objects.get(code="32208")
    return {
        "organisation_id": foreign.pk,
        "invitation_id": invitation.invitation.pk,
        "token": invitation.token,
        "membre_id": agent.pk,
        "demande_id": demande.pk,
        "code": commune.code,
        "siren": epci.siren,
        "uidb64": "MQ",
    }


# Parameter name → value taken from the world (extend for new URL parameters).
PARAMETERS = {
    "organisation_id": lambda w: w["organisation_id"],
    "invitation_id": lambda w: w["invitation_id"],
    "token": lambda w: w["token"],
    "membre_id": lambda w: w["membre_id"],
    "demande_id": lambda w: w["demande_id"],
    "code": lambda w: w["code"],
    "siren": lambda w: w["siren"],
    "uidb64": lambda w: w["uidb64"],
    **{
        key: (lambda k: lambda w: monde_clauses(w)[k])(key)
        for key in ("marche_id", "lot_id", "participant_id", "import_id", "entreprise_id")
        + ("decp_id", "donneur_id")
    },
    **{
        key: (lambda k: lambda w: aides_objects(w)[k])(key)
        for key in ("dossier_id", "session_id", "avis_id", "versement_id", "dispositif_code")
        + ("acte_type", "acte_format", "export_format")
    },
    "sollicitation_id": lambda w: ingenierie_objects(w)["sollicitation_id"],
    "action_id": lambda w: ingenierie_objects(w)["action_id"],
    "jeton_relances": lambda w: ingenierie_objects(w)["jeton_relances"],
    "atelier_id": lambda w: ingenierie_objects(w)["atelier_id"],
    "adhesion_id": lambda w: ingenierie_agence(w)["adhesion_id"],
    "devis_id": lambda w: ingenierie_agence(w)["devis_id"],
    "ligne_id": lambda w: ingenierie_agence(w)["ligne_id"],
    "facture_id": lambda w: ingenierie_agence(w)["facture_id"],
    "prestation_realisee_id": lambda w: ingenierie_agence(w)["prestation_realisee_id"],
    "campagne_slug": lambda w: participation_objects(w)["campagne_slug"],
    "idee_id": lambda w: participation_objects(w)["idee_id"],
    "realisation_id": lambda w: participation_objects(w)["realisation_id"],
    "urne_id": lambda w: participation_objects(w)["urne_id"],
    "photo_id": lambda w: 999999,
    "jeton": lambda w: "jeton-invalide",
}


def _url(route: Route, world) -> str | None:
    if not route.name or route.name.endswith(":"):
        return None
    if any(p not in PARAMETERS for p in route.params):
        return None
    kwargs = {p: PARAMETERS[p](world) for p in route.params}
    return reverse(route.name, kwargs=kwargs or None)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response["Location"]).path in (
        reverse("comptes:login"),
        "/admin/login/",
    )


def _expected_object_denied(route: Route, user, url: str, world) -> bool:
    """Load the object as the view does, and ask the rule."""
    request = RequestFactory().get(url)
    request.user = user
    get_object = route.callback.access_get_object
    kwargs = {p: PARAMETERS[p](world) for p in route.params}
    try:
        obj = get_object(request, **kwargs)
    except Http404:
        return True
    user.__dict__.pop("_membres_actifs_cache", None)
    return not user.has_perm(route.access_rule, obj)


def _check(client, route: Route, user, role: str, url: str, world, *, allow_post: bool) -> bool:
    """Request one URL as this role and check the answer; False when it was not requested."""
    response = client.get(url)
    method = "GET"
    if response.status_code == 405 and route.access_rule not in (None, PUBLIC):
        if not allow_post:
            return False
        # POST-only action: check its rule with an empty POST.
        response = client.post(url)
        method = "POST"
    where = f"{method} {url} ({route.name}) pour {role}"
    assert response.status_code < 500, where
    rule = route.access_rule
    if rule is None and route.name == "admin:index":
        # The admin lets in verified staff only.
        if role == "anonyme" or not user.is_staff:
            assert _is_login_redirect(response), where
        else:
            assert response.status_code == 200, where
    if rule in (None, PUBLIC):
        return True
    if role == "anonyme":
        assert _is_login_redirect(response), where
        return True
    user.__dict__.pop("_membres_actifs_cache", None)
    if getattr(route.callback, "access_object", False):
        if _expected_object_denied(route, user, url, world):
            assert response.status_code == 404, where
        else:
            assert response.status_code not in (403, 404), where
    elif not user.has_perm(rule):
        assert response.status_code == 403, where
    else:
        assert response.status_code != 403, where
    return True


@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, world, role):
    user = AnonymousUser() if role == "anonyme" else User.objects.get(email=role)
    own_world = None
    if role != "anonyme":
        login(client, user)
        membre = user.membres.actifs().first()
        if membre is not None:
            own_world = {**world, "organisation_id": membre.organisation_id}
    checked = 0
    for route in all_routes():
        url = _url(route, world)
        if url is None:
            continue
        checked += _check(client, route, user, role, url, world, allow_post=True)
        if own_world and "organisation_id" in route.params:
            # The role's own organisation too (reading only: no action on real members).
            own_url = _url(route, own_world)
            _check(client, route, user, role, own_url, own_world, allow_post=False)
    assert checked > 20


def test_another_communes_organisation_page_is_404(client, world):
    maire = User.objects.get(email="maire@territoires.test")
    login(client, maire)
    own = maire.membres.get().organisation
    assert client.get(f"/comptes/organisations/{own.pk}/").status_code == 200
    foreign = world["organisation_id"]
    assert client.get(f"/comptes/organisations/{foreign}/").status_code == 404
    # Département staff do not see a commune's members either.
    instructeur = User.objects.get(email="instructeur@territoires.test")
    login(client, instructeur)
    assert client.get(f"/comptes/organisations/{own.pk}/").status_code == 404
