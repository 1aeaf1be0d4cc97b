from html import unescape

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from territoires.comptes.models import Role
from territoires.ui import home
from tests.comptes.factories import (
    EntrepriseFactory,
    MembreFactory,
    ServiceFactory,
    UserFactory,
    login,
    member,
)

pytestmark = pytest.mark.django_db


def page(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    # Text as a reader sees it (apostrophes are escaped in the HTML).
    return unescape(response.content.decode())


def test_anonymous_home_presents_the_platform_and_login(client):
    html = page(client)
    assert "<h1>Territoires</h1>" in html
    assert "Ingénierie territoriale" in html
    assert "Budget participatif" in html
    assert 'href="/comptes/connexion/"' in html


def test_agent_of_a_commune_sees_my_space_with_empty_cards(client):
    user = member(Role.AGENT)
    login(client, user)
    html = page(client)
    assert "<h1>Mon espace</h1>" in html
    assert user.membres.get().organisation.nom in html
    assert "Mes demandes d'accompagnement" in html
    assert "Mes dossiers d'aide" in html
    assert "Aucun dossier d'aide pour le moment." in html
    # Placeholders of other roles stay out.
    assert "Dossiers à instruire" not in html
    assert "Les membres de l'organisation" not in html


def test_gestionnaire_also_sees_the_members_card(client):
    login(client, member(Role.GESTIONNAIRE))
    assert "Les membres de l'organisation" in page(client)


def test_company_does_not_see_the_cards_of_collectivites(client):
    login(client, member(Role.GESTIONNAIRE, organisation=EntrepriseFactory()))
    html = page(client)
    assert "Mes marchés avec clauses sociales" in html
    assert "Mes dossiers d'aide" not in html


@pytest.mark.parametrize(
    ("role", "card"),
    [
        (Role.CONSEILLER, "Sollicitations à traiter"),
        (Role.INSTRUCTEUR, "Dossiers à instruire"),
        (Role.FACILITATEUR, "Heures d'insertion à contrôler"),
        (Role.CHEF_SERVICE, "Visas en attente"),
        (Role.FINANCES, "Demandes de versement à traiter"),
        (Role.DIRECTION, "Tableaux de bord"),
    ],
)
def test_each_departement_role_has_its_desk(client, role, card):
    login(client, member(role))
    html = page(client)
    assert f"Mon espace — {role.label}" in html
    assert card in html
    assert "Mes dossiers d'aide" not in html


def test_administrator_sees_configuration_links(client):
    login(client, member(Role.ADMINISTRATEUR))
    html = page(client)
    assert "Configuration de la plateforme" in html
    assert 'href="/admin/"' in html


def test_superuser_without_membership_gets_the_administrator_desk(client):
    login(client, UserFactory(is_superuser=True, is_staff=True))
    assert "Configuration de la plateforme" in page(client)


def test_citizen_sees_the_participatory_budget(client):
    login(client, UserFactory())
    html = page(client)
    assert "Budget participatif" in html
    assert "Aucune campagne de budget participatif" in html


def test_the_current_organisation_decides_the_desk(client):
    """A user who is agent of a commune and instructor at the Département switches desks."""
    user = member(Role.AGENT)
    MembreFactory(user=user, role=Role.INSTRUCTEUR, organisation=ServiceFactory())
    login(client, user)
    html = page(client)
    assert 'name="organisation"' in html  # the switcher is shown: two organisations


def test_a_module_replaces_a_section(client, monkeypatch):
    # The module's own section comes back after the test.
    monkeypatch.setitem(home._registry, "aides.dossiers", home._registry["aides.dossiers"])
    home.register_section(
        "aides.dossiers",
        title="Mes dossiers d'aide",
        audiences={home.ORGANISATION},
        template_name="ui/home/links.html",
        empty_message="Trois dossiers en cours.",
    )
    login(client, member(Role.AGENT))
    html = page(client)
    assert "Trois dossiers en cours." in html
    assert "Aucun dossier d'aide pour le moment." not in html


def test_unknown_audience_is_refused():
    with pytest.raises(ValueError, match="Public inconnu"):
        home.register_section("x", title="X", audiences={"martien"})


def test_audience_of_a_request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert home.audience_for(request) == home.ANONYME


def test_home_page_queries_do_not_grow_with_memberships(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(user):
        login(client, user)
        client.get("/")  # warm the per-process caches (content types, permissions)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    one = member(Role.AGENT)
    five = member(Role.AGENT)
    for _ in range(4):
        MembreFactory(user=five, role=Role.AGENT)
    assert count(one) == count(five)
