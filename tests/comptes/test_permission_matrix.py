"""The permission matrix: every URL of the project, for every demo role.

1. Every view of the project declares its rule (`territoires/core/access.py`): `@public`,
   `@rule_required(perm)` or `@object_rule_required(perm, get_object)`. Third-party views are
   listed in `THIRD_PARTY` with the reason they are safe.
2. For every demo role (and an anonymous visitor), every URL is requested. URLs with
   parameters are built from `PARAMETERS` (name → value from the test world, real objects of
   another organisation), `ROUTE_PARAMETERS` overriding them for one route. A route that
   cannot be requested is listed in `EXCLUDED` with why; any other route left unrequested
   fails the matrix (a module that adds a URL parameter adds its convention to `PARAMETERS`).
3. No answer is a server error; a protected URL sends an anonymous visitor to the login page;
   a user without the permission gets 403 (no object) or 404 (object: another organisation's
   object cannot even be detected). A public URL that checks its object itself says what it
   expects in `PUBLIC_OBJECT_CHECKS`. The admin sends whoever is not verified staff to its
   login page.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from territoires.appels.models import Appel
from territoires.comptes.demo import DEMO_ACCOUNTS, demo_load
from territoires.comptes.models import Organisation, Role, User
from territoires.comptes.services import demande_rattachement_create, invitation_create
from territoires.core.access import PUBLIC
from territoires.core.documents import document_upload
from territoires.core.models import TacheSuivi
from territoires.core.notifications import notify
from territoires.opendata.models import JeuDeDonnees
from territoires.participation.models import Idee
from territoires.referentiel.models import Commune
from tests.aides.factories import matrix_objects as aides_objects
from tests.appels.factories import matrix_objects as appels_objects
from tests.clauses.factories import monde_permissions as monde_clauses
from tests.core.samples import PDF, png, upload
from tests.ingenierie.factories import matrix_agence as ingenierie_agence
from tests.ingenierie.factories import matrix_objects as ingenierie_objects
from tests.opendata.factories import matrix_catalogue as opendata_catalogue
from tests.opendata.factories import matrix_objects as opendata_objects
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

# Routes never requested, with why (pattern of the route → reason).
EXCLUDED = {
    r"^admin/.+/<path:object_id>/$": "Redirection sans nom de l'admin vers la page …/change/ "
    "du même objet, qui est vérifiée (même garde admin_view).",
    r"^admin/\(\?P<url>": "Attrape-tout de l'admin (toute autre adresse sous /admin/) : même "
    "garde admin_view que admin:index, qui est vérifiée.",
    r"^admin/otp_totp/totpdevice/<int:pk>/config/$": "Page de django-otp (configuration d'un "
    "appareil TOTP) : son gabarit lit une variable absente (title), que le mode strict des "
    "gabarits des tests refuse ; même garde admin_view que son QR code, qui est vérifié.",
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

    @property
    def excluded_reason(self):
        return next((r for p, r in EXCLUDED.items() if re.search(p, self.route)), None)

    @property
    def key(self) -> str:
        return f"{self.route} ({self.name})"


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
    demande = demande_rattachement_create(user=UserFactory(), organisation=foreign)
    commune = Commune.objects.get(code="32208")
    # Another organisation's document, another person's notification and task.
    document = document_upload(
        file=upload("budget.pdf", PDF), owner_organisation=foreign, uploaded_by=agent.user
    )
    notification = notify(users=[agent.user], title="Dossier déposé", url="/")[0]
    tache = TacheSuivi.objects.create(proprietaire=agent.user, libelle="Export des dossiers")
    admin_type = ContentType.objects.get_for_model(Organisation)
    return {
        "organisation_id": foreign.pk,
        "invitation_id": invitation.invitation.pk,
        "token": invitation.token,
        "membre_id": agent.pk,
        "agent_email": agent.user.email,
        "demande_id": demande.pk,
        "code": commune.code,
        "siren": epci.siren,
        "uidb64": "MQ",
        "document_id": document.pk,
        "notification_id": notification.pk,
        "tache_id": tache.pk,
        "content_type_id": admin_type.pk,
        "object_id": foreign.pk,
        "user_pk": agent.user.pk,
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
        + ("acte_type", "acte_format", "export_format", "piece_id", "type_code")
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
    "projet_id": lambda w: participation_objects(w)["projet_id"],
    "photo_id": lambda w: 999999,
    "jeton": lambda w: "jeton-invalide",
    "document_id": lambda w: w["document_id"],
    "notification_id": lambda w: w["notification_id"],
    "tache_id": lambda w: w["tache_id"],
    # The admin's own URLs (Django's views): a real object, its type, the app's label.
    "object_id": lambda w: w["object_id"],
    "content_type_id": lambda w: w["content_type_id"],
    "app_label": lambda w: "comptes",
    "id": lambda w: w["user_pk"],
    # django-otp's admin pages of a TOTP device (a real one: ids are not reset on PostgreSQL).
    "pk": lambda w: TOTPDevice.objects.order_by("pk").values_list("pk", flat=True).first(),
    # Open data: the foreign organisation's dataset, its resource and version.
    **{
        key: (lambda k: lambda w: opendata_objects(w)[k])(key)
        for key in ("jeu_slug", "ressource_id", "version_id")
    },
    # Open data, reading side: a draft dataset of the foreign organisation, with rows.
    "slug": lambda w: opendata_catalogue(w)["slug"],
    "format": lambda w: opendata_catalogue(w)["format"],
    # Pilotage: the format of the yearly activity report; the demo elected official.
    "fmt": lambda w: "json",
    "elu_id": lambda w: User.objects.get(email="elu@territoires.test").pk,
    # Calls: a published call of a foreign service and the filed candidature of a foreign
    # association (their own cases in test_permission_matrix_appels.py).
    "appel_id": lambda w: appels_objects(w)["appel_id"],
    "candidature_id": lambda w: appels_objects(w)["candidature_id"],
}

# Route name → parameters of that route alone.
ROUTE_PARAMETERS = {
    # The photo of the matrix's unpublished idea (not the foreign organisation's document).
    "participation:idee_photo": {
        "document_id": lambda w: participation_objects(w)["photo_id"],
    },
    # The resource of the draft dataset (not django-otp's device).
    "opendata:telecharger": {"pk": lambda w: opendata_catalogue(w)["pk"]},
    # Pilotage: the export of the map's table.
    "pilotage:carte_export": {"fmt": lambda w: "csv"},
    # Clauses: a request for support received by the facilitator (not the comptes' request).
    "clauses:demande": {"demande_id": lambda w: monde_clauses(w)["demande_id"]},
}

# Public routes that check their object themselves: route name → whether `user` may see it.
PUBLIC_OBJECT_CHECKS = {
    "participation:idee_photo": lambda user, w: user.has_perm(
        "participation.voir_idee", Idee.objects.get(pk=participation_objects(w)["idee_id"])
    ),
    # A draft dataset: its producer and the data officer only, 404 for anyone else.
    **{
        name: lambda user, w: user.has_perm(
            "opendata.view_jeudedonnees",
            JeuDeDonnees.objects.get(slug=opendata_catalogue(w)["slug"]),
        )
        for name in ("opendata:jeu", "opendata:telecharger")
    },
    "appels:appel": lambda user, w: user.has_perm(
        "appels.view_appel", Appel.objects.get(pk=appels_objects(w)["appel_id"])
    ),
}


def _kwargs(route: Route, world) -> dict:
    own = ROUTE_PARAMETERS.get(route.name, {})
    return {p: (own.get(p) or PARAMETERS[p])(world) for p in route.params}


def _url(route: Route, world) -> str | None:
    if not route.name or route.name.endswith(":"):
        return None
    if any(p not in PARAMETERS for p in route.params):
        return None
    return reverse(route.name, kwargs=_kwargs(route, world) or None)


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
    try:
        obj = get_object(request, **_kwargs(route, world))
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
    # Its login page is open to all; its logout sends a visitor back to the admin's index.
    if (
        rule is None
        and route.name.startswith("admin:")
        and route.name
        not in (
            "admin:login",
            "admin:logout",
        )
    ):
        # The admin lets in verified staff only.
        if role == "anonyme" or not user.is_staff:
            assert _is_login_redirect(response), where
        elif route.name == "admin:index":
            assert response.status_code == 200, where
    if rule == PUBLIC and route.name in PUBLIC_OBJECT_CHECKS:
        allowed = PUBLIC_OBJECT_CHECKS[route.name](user, world)
        assert response.status_code == (200 if allowed else 404), where
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
    checked, unchecked = set(), []
    for route in all_routes():
        if route.excluded_reason:
            continue
        url = _url(route, world)
        if url is None:
            unchecked.append(route.key)
            continue
        if _check(client, route, user, role, url, world, allow_post=True):
            checked.add(route.key)
        if own_world and "organisation_id" in route.params:
            # The role's own organisation too (reading only: no action on real members).
            own_url = _url(route, own_world)
            _check(client, route, user, role, own_url, own_world, allow_post=False)
    assert not unchecked, (
        "Routes ni vérifiées ni exclues (ajoutez leur paramètre à PARAMETERS, ou une entrée "
        "motivée à EXCLUDED) : " + ", ".join(unchecked)
    )
    assert checked == {r.key for r in all_routes() if not r.excluded_reason}


def test_every_exclusion_says_why_and_still_matches_a_route():
    routes = all_routes()
    for pattern, reason in EXCLUDED.items():
        assert len(reason) > 40, pattern
        assert any(re.search(pattern, r.route) for r in routes), f"{pattern} n'existe plus"


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


def test_a_document_notification_and_task_reach_their_owner_only(client, world):
    """The four routes the matrix used to skip, with real objects: their owner gets them,
    anyone else a 404 (a moderator sees the photo of an unpublished idea, the public not)."""
    document = reverse("core:document_download", args=[world["document_id"]])
    tache = reverse("core:tache_detail", args=[world["tache_id"]])
    lue = reverse("core:notification_read", args=[world["notification_id"]])
    login(client, User.objects.get(email="maire@territoires.test"))
    assert client.get(document).status_code == 404
    assert client.get(tache).status_code == 404
    assert client.post(lue).status_code == 404
    owner = User.objects.get(email=world["agent_email"])
    login(client, owner)
    response = client.get(document)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "Export des dossiers" in client.get(tache).content.decode()
    assert client.post(lue).status_code == 302
    assert owner.notifications.get().lue_le is not None

    objets = participation_objects(world)
    photo = reverse("participation:idee_photo", args=[objets["idee_id"], objets["photo_id"]])
    client.logout()
    assert client.get(photo).status_code == 404
    login(client, User.objects.get(email="citoyen@territoires.test"))
    assert client.get(photo).status_code == 404
    login(client, User.objects.get(email="instructeur@territoires.test"))  # Département staff
    response = client.get(photo)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png()
