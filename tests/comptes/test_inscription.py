"""Création d'un compte d'habitant, vérification de l'adresse par un lien signé et daté."""

import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache

from territoires.comptes.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "Bancs-de-la-Baise-2026"


@pytest.fixture(autouse=True)
def _cache_vide():
    cache.clear()
    yield
    cache.clear()


def texte(response) -> str:
    return unescape(response.content.decode())


def inscrire(client, email="habitante@example.org", **autres):
    donnees = {
        "email": email,
        "password1": MOT_DE_PASSE,
        "password2": MOT_DE_PASSE,
        "consentement": "on",
        **autres,
    }
    return client.post("/comptes/inscription/", donnees)


def lien_du_courriel() -> str:
    return re.search(
        r"http://localhost:8000(/comptes/adresse/verification/\S+/)", mail.outbox[-1].body
    )[1]


def test_inscription_cree_un_compte_non_verifie_et_envoie_le_lien(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = inscrire(client, email="Habitante@Example.org")
    assert reponse.status_code == 302
    assert reponse["Location"] == "/comptes/inscription/envoyee/"
    user = User.objects.get(email="habitante@example.org")
    assert user.email_verifie_le is None
    assert not user.first_name and not user.last_name  # données minimales
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["habitante@example.org"]
    # Connectée tout de suite, l'adresse restant à vérifier.
    page = client.get("/comptes/inscription/envoyee/")
    assert "Recevoir un nouveau lien" in texte(page)

    reponse = client.get(lien_du_courriel())
    assert reponse.status_code == 302
    user.refresh_from_db()
    assert user.email_verifie


def test_le_lien_ramene_a_la_page_d_origine(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inscrire(client, next="/budget-participatif/")
    reponse = client.get(lien_du_courriel())
    assert reponse["Location"] == "/budget-participatif/"


def test_un_lien_ouvert_sans_etre_connecte_verifie_puis_demande_la_connexion(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inscrire(client)
    client.logout()
    reponse = client.get(lien_du_courriel())
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/comptes/connexion/?next=")
    assert User.objects.get(email="habitante@example.org").email_verifie


def test_le_lien_expire(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inscrire(client)
    lien = lien_du_courriel()
    with time_machine.travel(timedelta(days=4)):
        reponse = client.get(lien)
    assert reponse.status_code == 400
    assert "Ce lien a expiré" in texte(reponse)
    assert not User.objects.get(email="habitante@example.org").email_verifie


def test_un_lien_falsifie_est_refuse(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inscrire(client)
    lien = lien_du_courriel()
    reponse = client.get(lien[:-3] + "xx/")
    assert reponse.status_code == 400
    assert "n'est pas valide" in texte(reponse)
    assert not User.objects.get(email="habitante@example.org").email_verifie


def test_un_lien_ne_vaut_plus_apres_changement_d_adresse(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inscrire(client)
    lien = lien_du_courriel()
    User.objects.filter(email="habitante@example.org").update(email="autre@example.org")
    assert client.get(lien).status_code == 400
    assert not User.objects.get(email="autre@example.org").email_verifie


def test_renvoi_du_lien_limite(client, django_capture_on_commit_callbacks, settings):
    settings.INSCRIPTION_RENVOIS_PAR_HEURE = 2
    with django_capture_on_commit_callbacks(execute=True):
        inscrire(client)
        for _ in range(3):
            reponse = client.post("/comptes/adresse/nouveau-lien/", follow=True)
    assert len(mail.outbox) == 3  # l'inscription et deux renvois
    assert "Trop de liens demandés" in texte(reponse)
    # Le dernier lien envoyé fonctionne.
    client.get(lien_du_courriel())
    assert User.objects.get(email="habitante@example.org").email_verifie


def test_renvoi_exige_d_etre_connecte(client):
    reponse = client.post("/comptes/adresse/nouveau-lien/")
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/comptes/connexion/")


def test_mot_de_passe_faible_refuse_sans_rien_perdre(client):
    reponse = client.post(
        "/comptes/inscription/",
        {
            "email": "habitante@example.org",
            "password1": "12345678",
            "password2": "12345678",
            "consentement": "on",
        },
    )
    assert reponse.status_code == 200
    page = texte(reponse)
    assert "habitante@example.org" in page
    assert "mot de passe" in page.lower()
    assert not User.objects.filter(email="habitante@example.org").exists()


def test_consentement_et_confirmation_exiges(client):
    reponse = client.post(
        "/comptes/inscription/",
        {"email": "habitante@example.org", "password1": MOT_DE_PASSE, "password2": "autre"},
    )
    page = texte(reponse)
    assert "Votre accord est nécessaire" in page
    assert "ne correspondent pas" in page
    assert not User.objects.exists()


def test_adresse_deja_connue_ne_se_trahit_pas(client, django_capture_on_commit_callbacks):
    existant = UserFactory(email="deja@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        reponse = inscrire(client, email="deja@example.org")
    # Même réponse qu'une inscription, mais pas de session ni de second compte.
    assert reponse["Location"] == "/comptes/inscription/envoyee/"
    assert "_auth_user_id" not in client.session
    assert User.objects.filter(email="deja@example.org").count() == 1
    existant.refresh_from_db()
    assert "/comptes/mot-de-passe/oublie/" in mail.outbox[-1].body


def test_inscriptions_limitees_par_adresse_reseau(client, settings):
    settings.INSCRIPTION_LIMITE_PAR_HEURE = 2
    for i in range(2):
        client.logout()
        assert inscrire(client, email=f"h{i}@example.org").status_code == 302
    client.logout()
    reponse = inscrire(client, email="h9@example.org")
    assert reponse.status_code == 429
    assert "Trop de créations de compte" in texte(reponse)
    assert not User.objects.filter(email="h9@example.org").exists()


def test_comptes_crees_autrement_sont_verifies():
    # Invitations, ProConnect, administration : l'adresse est prouvée autrement.
    assert UserFactory().email_verifie


def test_la_page_de_connexion_mene_a_l_inscription(client):
    assert "/comptes/inscription/" in texte(client.get("/comptes/connexion/"))
