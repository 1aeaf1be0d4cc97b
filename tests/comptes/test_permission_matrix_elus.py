"""The elected officials' cases of the permission matrix (issue 13, same world): they read
everything, they instruct nothing; only administrators set what they follow."""

import pytest
from django.urls import reverse

from territoires.comptes.models import User
from territoires.core.access import PUBLIC
from tests.aides.factories import matrix_objects as aides_objects

from .factories import login
from .test_permission_matrix import _url, all_routes, world  # noqa: F401 (the matrix's fixture)

# The domains (an elected official may answer a call for an association they belong to).
DOMAINES = (
    "ingenierie:",
    "aides:",
    "clauses:",
    "participation:",
    "opendata:",
    "comptes:",
    "appels:",
)
# The rules of the domains' routes an elected official may pass: reading the Département's
# dossiers, sessions, dashboards and marchés, and what any person does for themself (their
# account, their organisations list, their reminders, an idea of the participatory budget).
ELU_PERMIS = {
    "aides.view_dossier",
    "aides.view_session",
    "aides.view_tableau",
    "clauses.view_bilan",
    "clauses.view_marche",
    "clauses.view_marches",
    "ingenierie.view_stats",
    "comptes.manage_own_account",
    "comptes.switch_organisation",
    "comptes.verifier_email",
    "ingenierie.choose_reminders",
    "participation.proposer",
    # An elected official may answer a call for an association they belong to.
    "appels.candidater",
    "appels.view_mes_candidatures",
}


@pytest.mark.parametrize("email", ["elu@territoires.test", "vp@territoires.test"])
def test_elected_officials_have_no_write_on_the_domains(client, world, email):  # noqa: F811
    """Every route of the domains answers an elected official's POST with 403, 404 or 405,
    except the reading and personal rules of `ELU_PERMIS` (a form there is not a write)."""
    user = User.objects.get(email=email)
    login(client, user)
    passed = set()
    for route in all_routes():
        if not route.name.startswith(DOMAINES) or route.access_rule in (None, PUBLIC):
            continue
        url = _url(route, world)
        if url is None or route.excluded_reason:
            continue
        status = client.post(url).status_code
        assert status < 500, url
        if status not in (403, 404, 405):
            passed.add(route.access_rule)
    assert passed <= ELU_PERMIS, passed - ELU_PERMIS
    # They read every dossier of the Département: the matrix's dossier of a foreign commune.
    dossier = aides_objects(world)["dossier_id"]
    page = client.get(reverse("aides:dossier", args=[dossier]))
    assert page.status_code == 200
    assert "Envoyer le message" not in page.content.decode()
    assert (
        client.get(reverse("aides:session", args=[aides_objects(world)["session_id"]])).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("email", "attendu"),
    [
        ("", 302),  # anonymous: to the login page
        ("elu@territoires.test", 403),
        ("vp@territoires.test", 403),
        ("secretaire@territoires.test", 403),
        ("instructeur@territoires.test", 403),
        ("admin@territoires.test", 200),
    ],
)
def test_only_administrators_set_what_the_officials_follow(client, world, email, attendu):  # noqa: F811
    if email:
        login(client, User.objects.get(email=email))
    elu = User.objects.get(email="elu@territoires.test").pk
    for url in (
        reverse("pilotage:elus_administration"),
        reverse("pilotage:elu_modifier", args=[elu]),
    ):
        assert client.get(url).status_code == attendu, (email, url)
    if attendu != 200:  # (an administrator's empty POST is a valid form: tested elsewhere)
        assert client.post(reverse("pilotage:elu_modifier", args=[elu])).status_code == attendu
