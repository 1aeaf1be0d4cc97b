from html import unescape

import pytest

from territoires.comptes.models import Organisation, User

from .factories import UserFactory, login, valid_siren, valid_siret

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_lists_and_creates_users_by_email(admin_client):
    UserFactory(email="agent@mairie.test")
    page = unescape(admin_client.get("/admin/comptes/user/?q=mairie").content.decode())
    assert "agent@mairie.test" in page
    response = admin_client.post(
        "/admin/comptes/user/add/",
        {
            "email": "Nouveau@Mairie.test",
            "password1": "une phrase de passe solide",
            "password2": "une phrase de passe solide",
            "usable_password": "true",
            # The memberships inline.
            "membres-TOTAL_FORMS": "0",
            "membres-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="nouveau@mairie.test").exists()


def test_admin_checks_siret_of_organisations(admin_client):
    data = {"nom": "Entreprise", "type": "entreprise", "siren": "", "actif": "on"}
    response = admin_client.post(
        "/admin/comptes/organisation/add/", {**data, "siret": "12345678900011"}
    )
    assert response.status_code == 200
    assert "n'est pas un numéro SIRET valide" in unescape(response.content.decode())
    siret = valid_siret(valid_siren(42, "9"))
    response = admin_client.post("/admin/comptes/organisation/add/", {**data, "siret": siret})
    assert response.status_code == 302
    assert Organisation.objects.get().siren == siret[:9]


@pytest.mark.parametrize(
    "model", ["user", "organisation", "membre", "invitation", "demanderattachement"]
)
def test_admin_pages_open(admin_client, model):
    assert admin_client.get(f"/admin/comptes/{model}/").status_code == 200
