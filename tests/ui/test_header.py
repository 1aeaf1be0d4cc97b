from html import unescape

import pytest

from territoires.comptes.models import Role
from territoires.core.notifications import notify
from territoires.ui import navigation
from tests.comptes.factories import MembreFactory, UserFactory, login, member

pytestmark = pytest.mark.django_db


def home(client) -> str:
    return unescape(client.get("/").content.decode())


def test_unread_notifications_are_counted_in_the_header(client):
    user = login(client, UserFactory())
    assert "non lue" not in home(client)
    notify(users=[user], title="Votre dossier est complet")
    html = home(client)
    assert 'href="/notifications/" class="header__notifications"' in html
    assert '1<span class="visually-hidden"> non lue</span>' in html


def test_switcher_only_for_several_organisations(client):
    user = member(Role.AGENT)
    login(client, user)
    assert 'name="organisation"' not in home(client)
    other = MembreFactory(user=user, role=Role.AGENT).organisation
    html = home(client)
    assert (
        '<form class="header__switcher" method="post" action="/comptes/organisation-courante/">'
        in html
    )
    assert f'<option value="{other.pk}">{other.nom}</option>' in html
    current = user.membres.exclude(organisation=other).get().organisation
    assert f'<option value="{current.pk}" selected>' in html


def test_navigation_entry_with_a_permission_or_a_missing_url(client):
    navigation.register("Réservé", "ui:plan_du_site", permission="permission.inexistante")
    navigation.register("Module absent", "absent:liste")
    try:
        login(client, UserFactory())
        html = home(client)
        assert "Réservé" not in html
        assert "Module absent" not in html
    finally:
        navigation.unregister("ui:plan_du_site")
        navigation.unregister("absent:liste")
