"""TOTP second factor for Département staff and administrators."""

import re
from html import unescape

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from territoires.comptes.models import Role
from territoires.comptes.services import backup_codes_generate

from .factories import PASSWORD, UserFactory, member, totp_device

pytestmark = pytest.mark.django_db

LOGIN = "/comptes/connexion/"


def text(response) -> str:
    return unescape(response.content.decode())


def code_for(device) -> str:
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:0{device.digits}d}"


def password_login(client, user):
    return client.post(LOGIN, {"username": user.email, "password": PASSWORD})


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    # django-otp makes a user wait 1 s, 2 s, 4 s… after each wrong code; tests type fast.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def conseiller():
    return member(Role.CONSEILLER, email="conseiller@departement.test")


def test_first_login_enrols_a_totp_application(client, conseiller):
    response = password_login(client, conseiller)
    assert response["Location"] == "/comptes/verification/?next=%2F"
    response = client.get(response["Location"])
    assert response["Location"] == "/comptes/verification/configuration/?next=%2F"

    page = client.get(response["Location"])
    html = text(page)
    assert "Configurer la vérification en deux étapes" in html
    # QR code drawn server-side as inline SVG, and the key for manual entry.
    assert '<svg role="img" aria-label="QR code de configuration"' in html
    assert "<script" not in html.split("<main")[1].split("</main>")[0]
    device = TOTPDevice.objects.get(user=conseiller, confirmed=False)
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', html)[1]
    assert len(secret.replace(" ", "")) == 32

    wrong = client.post(page.request["PATH_INFO"], {"code": "000000", "next": "/"})
    assert "Ce code n'est pas valable" in text(wrong)

    response = client.post(
        "/comptes/verification/configuration/", {"code": code_for(device), "next": "/"}
    )
    assert response["Location"] == "/comptes/verification/codes-de-secours/?next=%2F"
    codes_page = text(client.get(response["Location"]))
    codes = re.findall(r"<li><code>(\w+)</code></li>", codes_page)
    assert len(codes) == 10
    # Shown once only.
    assert "<li><code>" not in text(client.get("/comptes/verification/codes-de-secours/"))
    # Now verified: protected pages open, with a way to renew the backup codes.
    page = text(client.get("/comptes/organisations/"))
    assert "générez-en de nouveaux" in page
    renewed = client.post("/comptes/verification/codes-de-secours/", {"next": "/"})
    new_codes = re.findall(r"<li><code>(\w+)</code></li>", text(renewed))
    assert len(new_codes) == 10
    assert set(new_codes).isdisjoint(codes)


def test_next_login_asks_for_the_code(client, conseiller):
    device = totp_device(conseiller)
    response = password_login(client, conseiller)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Vérification en deux étapes" in text(page)

    # Unverified staff reach nothing else, not even the home page or the admin.
    for url in ("/", "/comptes/organisations/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/comptes/verification/?next="), url

    wrong = client.post("/comptes/verification/", {"code": "123456", "next": "/"})
    assert "Ce code n'est pas valable" in text(wrong)
    response = client.post("/comptes/verification/", {"code": code_for(device), "next": "/"})
    assert response["Location"] == "/"
    assert client.get("/comptes/organisations/").status_code == 200


def test_backup_code_works_once(client, conseiller):
    totp_device(conseiller)
    code = backup_codes_generate(user=conseiller)[0]
    password_login(client, conseiller)
    response = client.post("/comptes/verification/", {"code": code, "next": "/"})
    assert response["Location"] == "/"
    client.post("/comptes/deconnexion/")
    password_login(client, conseiller)
    response = client.post("/comptes/verification/", {"code": code, "next": "/"})
    assert response.status_code == 200
    assert "Ce code n'est pas valable" in text(response)


def test_public_pages_are_served_as_to_an_anonymous_visitor(client, conseiller):
    totp_device(conseiller)
    password_login(client, conseiller)
    response = client.get("/mentions-legales/")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    # The session is kept: the code can still be typed.
    assert client.get("/comptes/verification/").status_code == 200


def test_unverified_staff_can_still_log_out(client, conseiller):
    totp_device(conseiller)
    password_login(client, conseiller)
    response = client.post("/comptes/deconnexion/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_agents_of_communes_have_no_second_factor(client):
    agent = member(Role.GESTIONNAIRE)
    response = password_login(client, agent)
    assert response["Location"] == "/"
    assert client.get("/comptes/organisations/").status_code == 200


def test_superuser_needs_the_code_for_the_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    device = totp_device(admin)
    password_login(client, admin)
    response = client.get("/admin/")
    assert response["Location"] == "/comptes/verification/?next=%2Fadmin%2F"
    client.post("/comptes/verification/", {"code": code_for(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_requirement_can_be_switched_off(client, settings, conseiller):
    settings.TERRITOIRES_OTP_REQUIRED = False
    response = password_login(client, conseiller)
    assert response["Location"] == "/"
    assert client.get("/comptes/organisations/").status_code == 200


def test_wrong_codes_are_throttled(client, settings, conseiller):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device = totp_device(conseiller)
    password_login(client, conseiller)
    client.post("/comptes/verification/", {"code": "000000", "next": "/"})
    # Right after a wrong code, even the right one must wait.
    response = client.post("/comptes/verification/", {"code": code_for(device), "next": "/"})
    assert response.status_code == 200
    assert "patientez" in text(response)
