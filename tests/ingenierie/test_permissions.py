"""The permission matrix restricted to this module's URLs (the project-wide matrix walks them
too; this one runs on its own and fails with a clearer message)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from territoires.comptes.models import User
from tests.comptes import test_permission_matrix as matrix
from tests.comptes.factories import login
from tests.comptes.test_permission_matrix import ROLES, _check, _url, all_routes

world = matrix.world  # the matrix's fixture, reused here

ROUTES = [r for r in all_routes() if r.name.startswith("ingenierie:")]


def test_every_route_is_walked(world):
    assert all(_url(route, world) for route in ROUTES)


@pytest.mark.parametrize("role", ROLES)
def test_ingenierie_matrix(client, world, role):
    user = AnonymousUser() if role == "anonyme" else User.objects.get(email=role)
    if role != "anonyme":
        login(client, user)
    for route in ROUTES:
        # _check asserts the answer for this role; it also says whether it requested the URL.
        assert _check(client, route, user, role, _url(route, world), world, allow_post=True)


def test_what_each_role_sees(client, world):
    """Explicit expectations: mission staff see every request, others see none of a foreign
    commune's requests; the queue is the mission's only."""
    from django.urls import reverse

    from tests.ingenierie.factories import matrix_objects

    url = reverse("ingenierie:sollicitation", args=[matrix_objects(world)["sollicitation_id"]])
    expected = {
        "conseiller": 200,
        "direction": 200,
        "admin": 200,
        "maire": 404,
        "instructeur": 404,
        "entreprise": 404,
    }
    for local, status in expected.items():
        login(client, User.objects.get(email=f"{local}@territoires.test"))
        assert client.get(url).status_code == status, local
    login(client, User.objects.get(email="maire@territoires.test"))
    assert client.get(reverse("ingenierie:file")).status_code == 403
