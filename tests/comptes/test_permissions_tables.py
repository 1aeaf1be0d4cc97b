"""Table permissions (groups) are the admin's: a page of an agent never loads them, and a
staff member given a group still gets the admin pages the group grants."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.comptes.models import Role

from .factories import UserFactory, login, member

pytestmark = pytest.mark.django_db


def test_an_agent_page_does_not_read_the_table_permissions(client):
    agent = member(Role.CONSEILLER)
    login(client, agent)
    client.get(reverse("ui:home"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/mentions-legales/").status_code == 200
    lues = [q["sql"] for q in ctx.captured_queries if "auth_permission" in q["sql"]]
    assert lues == []
    # A right refused by `rules` (views ask such questions to show a button or not) ends
    # there, and the refusal stands: a conseiller is not an administrator of the site.
    with CaptureQueriesContext(connection) as ctx:
        assert not agent.has_perm("ingenierie.triage_sollicitation")
        assert not agent.has_perm("comptes.change_user")
    assert not [q for q in ctx.captured_queries if "auth_permission" in q["sql"]]
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_staff_member_keeps_the_admin_pages_of_their_group(client):
    groupe = Group.objects.create(name="Référentiel")
    groupe.permissions.add(Permission.objects.get(codename="view_user"))
    staff = UserFactory(is_staff=True)
    staff.groups.add(groupe)
    login(client, staff)
    assert staff.has_perm("comptes.view_user")
    assert not staff.has_perm("comptes.change_user")
    assert client.get(reverse("admin:comptes_user_changelist")).status_code == 200
    assert client.get(reverse("admin:comptes_user_add")).status_code == 403
