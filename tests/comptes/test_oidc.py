"""ProConnect login, end to end against a real OIDC provider running on loopback.

Django's test client plays the browser on our side; `requests` plays it on the provider's
side (/authorize); mozilla-django-oidc calls /token, /userinfo and /jwks over real HTTP.
"""

from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core import mail

from territoires.comptes.models import DemandeRattachement, Role, User
from tests.oidc_provider.provider import OIDCProvider

from .factories import (
    EntrepriseFactory,
    MembreFactory,
    OrganisationFactory,
    UserFactory,
    valid_siret,
)

CALLBACK = "http://testserver/oidc/callback/"


@pytest.fixture
def provider(settings):
    p = OIDCProvider(
        client_id="territoires-test",
        client_secret="secret-de-test",
        redirect_uris=[CALLBACK],
        claims={
            "sub": "proconnect-sub-123",
            "email": "Marie.Dupont@Exemple.test",
            "given_name": "Marie",
            "usual_name": "Dupont",
            "siret": "",
            "uid": "42",
            "idp_id": "fia1",
        },
    ).start()
    settings.PROCONNECT_ENABLED = True
    settings.PROCONNECT_ISSUER = p.issuer
    settings.OIDC_RP_CLIENT_ID = p.client_id
    settings.OIDC_RP_CLIENT_SECRET = p.client_secret
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = p.url("/authorize")
    settings.OIDC_OP_TOKEN_ENDPOINT = p.url("/token")
    settings.OIDC_OP_USER_ENDPOINT = p.url("/userinfo")
    settings.OIDC_OP_JWKS_ENDPOINT = p.url("/jwks")
    settings.OIDC_OP_LOGOUT_ENDPOINT = p.url("/session/end")
    settings.OIDC_VERIFY_SSL = False
    yield p
    p.stop()


def _authorize(client, provider) -> str:
    """Start the login on our side and consent at the provider: the callback URL."""
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    authorize_url = response["Location"]
    assert authorize_url.startswith(provider.url("/authorize"))
    params = parse_qs(urlsplit(authorize_url).query)
    assert params["redirect_uri"] == [CALLBACK]
    assert params["nonce"] and params["state"]
    consent = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert consent.status_code == 302
    callback = consent.headers["Location"]
    assert callback.startswith(CALLBACK)
    return callback[len("http://testserver") :]


def _logged_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_login_button_only_when_enabled(client, settings):
    settings.PROCONNECT_ENABLED = False
    assert "Se connecter avec ProConnect" not in client.get("/comptes/connexion/").text
    assert client.get("/oidc/authenticate/").status_code == 404
    settings.PROCONNECT_ENABLED = True
    assert "Se connecter avec ProConnect" in client.get("/comptes/connexion/").text


@pytest.mark.django_db
def test_new_user_is_created_and_organisation_proposed(
    client, provider, django_capture_on_commit_callbacks
):
    organisation = EntrepriseFactory(nom="Bâtiments du Gers")
    provider.claims["siret"] = organisation.siret
    gestionnaire = MembreFactory(organisation=organisation, role=Role.GESTIONNAIRE).user

    response = client.get(_authorize(client, provider))

    user = _logged_in_user(client)
    assert user is not None
    assert user.email == "marie.dupont@exemple.test"
    assert (user.first_name, user.last_name) == ("Marie", "Dupont")
    assert user.proconnect_sub == "proconnect-sub-123"
    assert user.proconnect_siret == organisation.siret
    assert not user.has_usable_password()
    assert provider.token_auth_methods == ["client_secret_post"]
    # Without membership, the organisation of the SIRET is proposed.
    assert response.status_code == 302
    assert response["Location"] == "/comptes/rattachement/"
    page = client.get("/comptes/rattachement/")
    assert "Demander à rejoindre Bâtiments du Gers" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comptes/rattachement/", {"organisation": organisation.pk})
    demande = DemandeRattachement.objects.get(user=user)
    assert demande.organisation == organisation
    assert demande.statut == DemandeRattachement.Statut.EN_ATTENTE
    assert mail.outbox[-1].to == [gestionnaire.email]
    assert "attend la réponse" in client.get("/comptes/rattachement/").text


@pytest.mark.django_db
def test_siren_of_the_siret_proposes_the_collectivite(client, provider):
    commune = OrganisationFactory(nom="Commune de Lectoure")
    # An establishment of the commune (its mairie) that is not registered as such.
    provider.claims["siret"] = valid_siret(commune.siren, 17)
    client.get(_authorize(client, provider))
    assert "Demander à rejoindre Commune de Lectoure" in client.get("/comptes/rattachement/").text


@pytest.mark.django_db
def test_existing_user_matched_on_email_whatever_the_case(client, provider):
    membre = MembreFactory(user=UserFactory(email="marie.dupont@exemple.test"))
    response = client.get(_authorize(client, provider))
    user = _logged_in_user(client)
    assert user == membre.user
    assert User.objects.count() == 1
    assert user.proconnect_sub == "proconnect-sub-123"
    # A member goes straight to the home page.
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_userinfo_as_json_is_accepted(client, provider):
    provider.userinfo_as_jwt = False
    client.get(_authorize(client, provider))
    assert _logged_in_user(client).email == "marie.dupont@exemple.test"


@pytest.mark.django_db
def test_tampered_userinfo_signature_is_rejected(client, provider):
    provider.tamper_userinfo = True
    response = client.get(_authorize(client, provider))
    assert _logged_in_user(client) is None
    assert not User.objects.exists()
    assert response["Location"] == "/comptes/connexion/"
    page = client.get(response["Location"])
    assert "La connexion avec ProConnect n'a pas abouti" in unescape(page.text)


@pytest.mark.django_db
def test_tokens_for_another_client_or_issuer_are_rejected(client, provider, settings):
    settings.PROCONNECT_ISSUER = "http://autre-fournisseur.test"
    client.get(_authorize(client, provider))
    assert _logged_in_user(client) is None
    settings.PROCONNECT_ISSUER = provider.issuer
    provider.audience = "un-autre-client"
    client.get(_authorize(client, provider))
    assert _logged_in_user(client) is None
    assert not User.objects.exists()


@pytest.mark.django_db
def test_wrong_state_is_rejected(client, provider):
    callback = _authorize(client, provider)
    forged = callback.replace("state=", "state=forged")
    response = client.get(forged)
    assert response.status_code == 400
    assert _logged_in_user(client) is None
    assert not User.objects.exists()


@pytest.mark.django_db
def test_replayed_code_is_rejected(client, provider):
    callback = _authorize(client, provider)
    client.get(callback)
    client.logout()
    # Same code and state again: the state was consumed, the provider refuses the code.
    response = client.get(callback)
    assert response.status_code in (302, 400)
    assert _logged_in_user(client) is None


@pytest.mark.django_db
def test_logout_ends_the_proconnect_session(client, provider):
    MembreFactory(user=UserFactory(email="marie.dupont@exemple.test"))
    client.get(_authorize(client, provider))
    id_token = client.session["oidc_id_token"]

    response = client.post("/comptes/deconnexion/")

    assert _logged_in_user(client) is None
    end_session = response["Location"]
    assert end_session.startswith(provider.url("/session/end?"))
    params = parse_qs(urlsplit(end_session).query)
    assert params["id_token_hint"] == [id_token]
    assert params["post_logout_redirect_uri"] == ["http://testserver/"]
    back = requests.get(end_session, allow_redirects=False, timeout=5)
    assert back.headers["Location"] == f"http://testserver/?state={params['state'][0]}"
