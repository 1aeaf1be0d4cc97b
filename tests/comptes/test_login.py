import re
from html import unescape

import pytest
from django.core import mail

from .factories import PASSWORD, MembreFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/comptes/connexion/"


def text(response) -> str:
    return unescape(response.content.decode())


def test_login_page_is_french_and_asks_for_the_email(client):
    page = text(client.get(LOGIN))
    assert "<h1>Connexion</h1>" in page
    assert "Adresse électronique" in page
    assert "Mot de passe oublié ?" in page


def test_login_by_email_whatever_the_case(client):
    membre = MembreFactory(user=UserFactory(email="agent@mairie.test"))
    response = client.post(LOGIN, {"username": "Agent@Mairie.TEST", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(membre.user.pk)


def test_wrong_password_says_so_in_french(client):
    UserFactory(email="agent@mairie.test")
    response = client.post(LOGIN, {"username": "agent@mairie.test", "password": "faux"})
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in text(response)
    assert "_auth_user_id" not in client.session


def test_next_is_honoured_but_not_to_another_site(client):
    UserFactory(email="agent@mairie.test")
    response = client.post(
        LOGIN + "?next=/comptes/organisations/",
        {"username": "agent@mairie.test", "password": PASSWORD},
    )
    assert response["Location"] == "/comptes/organisations/"
    client.logout()
    response = client.post(
        LOGIN + "?next=https://evil.test/",
        {"username": "agent@mairie.test", "password": PASSWORD},
    )
    assert response["Location"] == "/"


def test_logout_is_a_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/comptes/deconnexion/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/comptes/deconnexion/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_lockout_after_repeated_failures(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(email="agent@mairie.test")
    for _ in range(3):
        response = client.post(LOGIN, {"username": "agent@mairie.test", "password": "faux"})
    assert response.status_code == 429
    page = text(response)
    assert "Connexion temporairement bloquée" in page
    assert "bloquée après 3 essais" in page
    assert "Vous pourrez réessayer dans 1 heure" in page
    # Even the right password is refused while locked.
    response = client.post(LOGIN, {"username": "agent@mairie.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same place is not locked (lockout by user and address).
    UserFactory(email="autre@mairie.test")
    response = client.post(LOGIN, {"username": "autre@mairie.test", "password": PASSWORD})
    assert response.status_code == 302


def test_password_reset_by_email(client):
    UserFactory(email="agent@mairie.test")
    response = client.post("/comptes/mot-de-passe/oublie/", {"email": "agent@mairie.test"})
    assert response["Location"] == "/comptes/mot-de-passe/envoye/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["agent@mairie.test"]
    assert "Nouveau mot de passe" in message.subject
    link = re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+)", message.body)[1]

    form = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in text(form)
    new_password = "une phrase de passe solide"
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response["Location"] == "/comptes/mot-de-passe/modifie/"
    response = client.post(LOGIN, {"username": "agent@mairie.test", "password": new_password})
    assert response.status_code == 302
    # The link works only once.
    assert "plus valable" in text(client.get(link, follow=True))


def test_password_reset_does_not_reveal_unknown_addresses(client):
    response = client.post("/comptes/mot-de-passe/oublie/", {"email": "inconnu@mairie.test"})
    assert response["Location"] == "/comptes/mot-de-passe/envoye/"
    assert mail.outbox == []
