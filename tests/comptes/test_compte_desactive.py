"""A deactivated account or a withdrawn membership takes effect at the next page, whichever
way the person signed in (password or ProConnect)."""

import pytest
from django.urls import reverse

from territoires.comptes.models import Membre, Organisation, Role

from .factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db

PAGE = "/mentions-legales/"


@pytest.mark.parametrize(
    "backend",
    ["django.contrib.auth.backends.ModelBackend", "territoires.comptes.oidc.ProConnectBackend"],
)
def test_an_account_deactivated_during_a_session_is_signed_out(client, backend):
    agent = member(Role.GESTIONNAIRE, OrganisationFactory(type=Organisation.Type.COMMUNE))
    client.force_login(agent, backend=backend)
    assert client.get(PAGE).context["user"] == agent

    agent.is_active = False
    agent.save(update_fields=["is_active"])

    response = client.get(PAGE)
    assert not response.context["user"].is_authenticated
    assert "Se connecter" in response.content.decode()
    assert client.get(reverse("comptes:organisations")).status_code == 302


def test_a_withdrawn_membership_leaves_the_switcher_at_the_next_page(client):
    lectoure = OrganisationFactory(nom="Commune de Lectoure")
    agent = member(Role.GESTIONNAIRE, lectoure)
    fleurance = Membre.objects.create(
        user=agent, organisation=OrganisationFactory(nom="Commune de Fleurance"), role=Role.AGENT
    )
    client.force_login(agent, backend="territoires.comptes.oidc.ProConnectBackend")
    noms = [o.nom for o in client.get(PAGE).context["organisations_utilisateur"]]
    assert noms == ["Commune de Fleurance", "Commune de Lectoure"]

    fleurance.actif = False
    fleurance.save(update_fields=["actif"])

    noms = [o.nom for o in client.get(PAGE).context["organisations_utilisateur"]]
    assert noms == ["Commune de Lectoure"]
