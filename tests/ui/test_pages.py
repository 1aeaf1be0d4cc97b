from html import unescape

import pytest
from django.test import override_settings

from territoires.ui import views
from tests.comptes.factories import UserFactory, login

pytestmark = pytest.mark.django_db


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    # Text as a reader sees it (apostrophes are escaped in the HTML).
    return unescape(response.content.decode())


def test_layout_has_language_skip_links_landmarks_and_footer(client):
    html = html_of(client, "/")
    assert '<html lang="fr">' in html
    skip = html.index('href="#contenu">Aller au contenu')
    assert skip < html.index("<header")
    assert 'href="#menu">Aller au menu' in html
    assert '<main id="contenu" class="main" tabindex="-1">' in html
    assert 'id="menu" aria-label="Menu principal"' in html
    assert "Accessibilité : non conforme" in html
    assert "AGPL-3.0-or-later" in html
    # No inline script or style: the CSP forbids them.
    assert "<style" not in html
    assert 'style="' not in html
    assert "<script>" not in html


def test_organisation_is_named_after_the_departement(client):
    assert "Département du Gers" in html_of(client, "/")


@override_settings(TERRITOIRES_DEPARTEMENT="34")
def test_article_of_the_departement_follows_the_cog(client):
    assert "Département de l'Hérault" in html_of(client, "/")


@override_settings(TERRITOIRES_DEPARTEMENT="2A")
def test_corse_du_sud(client):
    assert "Département de la Corse-du-Sud" in html_of(client, "/")


def test_configured_organisation_and_logo(client, settings):
    settings.TERRITOIRES_BRANDING = {
        **settings.TERRITOIRES_BRANDING,
        "organisation": "Conseil départemental de Test",
        "logo": "ui/logo.svg",
    }
    html = html_of(client, "/")
    assert (
        '<img class="brand__logo" src="/static/ui/logo.svg" alt="Conseil départemental de Test">'
        in html
    )


def test_logout_is_a_post_form_and_login_a_link(client):
    assert 'href="/comptes/connexion/"' in html_of(client, "/")
    login(client, UserFactory(first_name="Jeanne", last_name="Martin"))
    html = html_of(client, "/")
    assert '<form method="post" action="/comptes/deconnexion/">' in html
    assert "Jeanne Martin" in html


def test_navigation_shows_administration_to_staff_only(client):
    login(client, UserFactory())
    assert 'href="/admin/"' not in html_of(client, "/")
    client.logout()
    login(client, UserFactory(is_staff=True, is_superuser=True))
    html = html_of(client, "/")
    assert '<a class="nav__link" href="/admin/">Administration</a>' in html
    assert '<a class="nav__link" href="/" aria-current="page">Accueil</a>' in html


def test_accessibility_statement(client):
    html = html_of(client, "/accessibilite/")
    assert "<h1>Déclaration d'accessibilité</h1>" in html
    assert "non conforme" in html
    assert "Audit non réalisé" in html
    assert "Défenseur des droits" in html
    assert "accessibilite@example.org" in html
    assert 'aria-label="Fil d\'Ariane"' in html


def test_accessibility_statement_after_an_audit(client, settings):
    settings.TERRITOIRES_BRANDING = {
        **settings.TERRITOIRES_BRANDING,
        "accessibility_status": "partiellement conforme",
    }
    settings.TERRITOIRES_LEGAL = {
        **settings.TERRITOIRES_LEGAL,
        "rgaa_audit_date": "12 mars 2027",
        "rgaa_audit_rate": "87",
    }
    html = html_of(client, "/accessibilite/")
    assert "est partiellement conforme" in html
    assert "le 12 mars 2027 révèle que 87 % des critères" in html
    assert "Audit non réalisé" not in html


def test_unknown_accessibility_status_is_declared_non_conforme(client, settings):
    settings.TERRITOIRES_BRANDING = {**settings.TERRITOIRES_BRANDING, "accessibility_status": "ok"}
    assert "Accessibilité : non conforme" in html_of(client, "/")


def test_legal_notice(client, settings):
    html = html_of(client, "/mentions-legales/")
    assert "Information à compléter par l'exploitant" in html
    assert "AGPL-3.0-or-later" in html
    assert "Licence Ouverte" in html
    assert "licence MIT" in html
    settings.TERRITOIRES_LEGAL = {**settings.TERRITOIRES_LEGAL, "host": "Hébergeur SAS"}
    assert "Hébergeur SAS" in html_of(client, "/mentions-legales/")


def test_personal_data(client, settings):
    html = html_of(client, "/donnees-personnelles/")
    assert "mission d'intérêt public" in html
    assert "Durées de conservation" in html
    assert "CNIL" in html
    settings.TERRITOIRES_LEGAL = {**settings.TERRITOIRES_LEGAL, "dpo_email": "dpo@gers.test"}
    assert 'href="mailto:dpo@gers.test"' in html_of(client, "/donnees-personnelles/")


def test_site_map(client):
    html = html_of(client, "/plan-du-site/")
    assert "Mentions légales" in html
    assert "Se connecter" in html


def test_404_is_french(client):
    html = html_of(client, "/cette-page-n-existe-pas/", status=404)
    assert "Page introuvable" in html
    assert '<html lang="fr">' in html


def test_403_page(rf, client):
    request = rf.get("/")
    request.user = UserFactory()
    response = views.permission_denied(request)
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_500_page_needs_neither_request_context_nor_database(rf):
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Erreur du serveur" in html
    assert "Département du Gers" in html


def test_503_page_of_the_core_middleware_wears_the_departement_identity():
    from territoires.core.middleware import database_unavailable_response

    response = database_unavailable_response()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = unescape(response.content.decode())
    assert "Service momentanément indisponible" in html
    assert "Département du Gers" in html


def test_legal_pages_answer_head_and_refuse_post(client):
    assert client.head("/accessibilite/").status_code == 200
    assert client.post("/accessibilite/").status_code == 405


def test_form_without_csrf_token_gets_a_french_page():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/comptes/connexion/", {"username": "a@b.test", "password": "x"})
    assert response.status_code == 403
    assert "Formulaire expiré" in unescape(response.content.decode())
