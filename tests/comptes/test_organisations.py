from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory

from territoires.comptes.forms import OrganisationForm
from territoires.comptes.models import Membre, Organisation, Role
from territoires.comptes.services import membre_deactivate

from .factories import (
    EntrepriseFactory,
    EpciOrganisationFactory,
    MembreFactory,
    OrganisationFactory,
    ServiceFactory,
    UserFactory,
    login,
    member,
    valid_siren,
    valid_siret,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


def test_organisation_page_lists_members_and_roles(client):
    organisation = OrganisationFactory(nom="Commune de Lectoure")
    maire = MembreFactory(
        organisation=organisation,
        role=Role.GESTIONNAIRE,
        fonction="Maire",
        user=UserFactory(first_name="Anne", last_name="Martin"),
    )
    MembreFactory(organisation=organisation, user=UserFactory(email="secretaire@lectoure.test"))
    login(client, maire.user)
    page = text(client.get(f"/comptes/organisations/{organisation.pk}/"))
    assert "<h1>Commune de Lectoure</h1>" in page
    assert "Anne Martin" in page
    assert "Administrateur de l'organisation (Maire)" in page
    assert "secretaire@lectoure.test" in page
    assert "Inviter un collègue" in page


def test_agents_see_members_but_cannot_manage(client):
    organisation = OrganisationFactory()
    agent = member(Role.AGENT, organisation=organisation)
    login(client, agent)
    page = text(client.get(f"/comptes/organisations/{organisation.pk}/"))
    assert "Membres" in page
    assert "Inviter un collègue" not in page


def test_another_organisation_answers_404(client):
    mine, other = OrganisationFactory(), OrganisationFactory()
    login(client, member(Role.GESTIONNAIRE, organisation=mine))
    assert client.get(f"/comptes/organisations/{other.pk}/").status_code == 404
    # Even an organisation that does not exist looks the same.
    assert client.get("/comptes/organisations/999999/").status_code == 404


def test_former_member_loses_access_but_history_is_kept(client):
    organisation = OrganisationFactory()
    MembreFactory(organisation=organisation, role=Role.GESTIONNAIRE)
    user = member(Role.AGENT, organisation=organisation)
    membre = user.membres.get()
    membre_deactivate(membre=membre)
    membre.refresh_from_db()
    assert membre.actif is False and membre.date_fin is not None
    login(client, user)
    assert client.get(f"/comptes/organisations/{organisation.pk}/").status_code == 404
    # The departure stays visible to the organisation.
    gestionnaire = organisation.membres.get(role=Role.GESTIONNAIRE).user
    login(client, gestionnaire)
    page = text(client.get(f"/comptes/organisations/{organisation.pk}/"))
    assert "Anciens membres" in page
    assert user.get_full_name() in page.split("Anciens membres")[1]


def test_last_administrator_cannot_be_removed():
    organisation = OrganisationFactory()
    gestionnaire = MembreFactory(organisation=organisation, role=Role.GESTIONNAIRE)
    with pytest.raises(ValidationError, match="dernier administrateur"):
        membre_deactivate(membre=gestionnaire)


def test_gestionnaire_removes_a_member_from_the_page(client):
    organisation = OrganisationFactory()
    gestionnaire = member(Role.GESTIONNAIRE, organisation=organisation)
    agent = MembreFactory(organisation=organisation)
    login(client, gestionnaire)
    response = client.post(f"/comptes/membres/{agent.pk}/retirer/")
    assert response.status_code == 302
    agent.refresh_from_db()
    assert not agent.actif
    # An agent cannot remove a colleague of another organisation, nor learn that it exists.
    other = MembreFactory()
    assert client.post(f"/comptes/membres/{other.pk}/retirer/").status_code == 404


def test_a_member_can_leave(client):
    organisation = OrganisationFactory()
    MembreFactory(organisation=organisation, role=Role.GESTIONNAIRE)
    agent = MembreFactory(organisation=organisation)
    login(client, agent.user)
    page = text(client.get(f"/comptes/organisations/{organisation.pk}/"))
    assert f"Quitter {organisation.nom}" in page
    client.post(f"/comptes/membres/{agent.pk}/retirer/")
    agent.refresh_from_db()
    assert not agent.actif


# --- Current organisation ---------------------------------------------------------------------


def test_current_organisation_defaults_to_the_first_and_can_be_switched(client):
    auch = OrganisationFactory(nom="Commune d'Auch")
    lectoure = OrganisationFactory(nom="Commune de Lectoure")
    secretaire = UserFactory()
    MembreFactory(user=secretaire, organisation=auch)
    MembreFactory(user=secretaire, organisation=lectoure)
    MembreFactory(user=secretaire, organisation=OrganisationFactory(), actif=False)
    login(client, secretaire)

    request = client.get("/").wsgi_request
    assert request.organisation == auch
    assert request.membre.organisation == auch
    assert [m.organisation for m in request.membres] == [auch, lectoure]

    response = client.post(
        "/comptes/organisation-courante/",
        {"organisation": lectoure.pk, "next": "/comptes/organisations/"},
    )
    assert response["Location"] == "/comptes/organisations/"
    assert client.get("/").wsgi_request.organisation == lectoure


def test_header_offers_the_switch_only_with_several_organisations(client):
    auch = OrganisationFactory(nom="Commune d'Auch")
    secretaire = member(Role.AGENT, organisation=auch)
    login(client, secretaire)
    assert 'id="organisation-courante"' not in text(client.get("/"))
    MembreFactory(user=secretaire, organisation=OrganisationFactory(nom="Commune de Lectoure"))
    page = text(client.get("/"))
    assert 'id="organisation-courante"' in page
    assert "Commune de Lectoure" in page.split('id="organisation-courante"')[1]


def test_switching_to_a_foreign_organisation_is_ignored(client):
    mine, other = OrganisationFactory(), OrganisationFactory()
    user = member(Role.AGENT, organisation=mine)
    login(client, user)
    response = client.post("/comptes/organisation-courante/", {"organisation": other.pk})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.organisation == mine
    # A stale id in the session (membership ended) falls back to a real membership.
    session = client.session
    session["organisation_courante"] = other.pk
    session.save()
    assert client.get("/").wsgi_request.organisation == mine


def test_my_organisation_is_the_current_one(client):
    auch, lectoure = OrganisationFactory(), OrganisationFactory()
    user = member(Role.AGENT, organisation=auch)
    MembreFactory(user=user, organisation=lectoure)
    login(client, user)
    client.post("/comptes/organisation-courante/", {"organisation": lectoure.pk})
    response = client.get("/comptes/membres/")
    assert response["Location"] == f"/comptes/organisations/{lectoure.pk}/"
    assert "Mon organisation" in text(client.get("/"))
    login(client, UserFactory())
    assert client.get("/comptes/membres/")["Location"] == "/comptes/organisations/"
    assert "Mon organisation" not in text(client.get("/"))


def test_anonymous_has_no_organisation(client):
    request = client.get("/").wsgi_request
    assert request.organisation is None and request.membre is None and request.membres == []


def test_switch_requires_login(client):
    response = client.post("/comptes/organisation-courante/", {"organisation": 1})
    assert response["Location"].startswith("/comptes/connexion/")


# --- Identifiers ------------------------------------------------------------------------------


def test_organisation_form_checks_siren_and_siret():
    siren = valid_siren(123)
    form = OrganisationForm(
        data={
            "nom": "Bâtisseurs",
            "type": Organisation.Type.ENTREPRISE,
            "siren": "",
            "siret": " ".join([valid_siret(siren)[:3], valid_siret(siren)[3:]]),
            "actif": True,
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["siren"] == siren
    assert form.cleaned_data["siret"] == valid_siret(siren)

    form = OrganisationForm(
        data={"nom": "X", "type": "entreprise", "siren": "123456789", "siret": "12345678900011"}
    )
    assert not form.is_valid()
    assert "n'est pas un numéro SIREN valide" in form.errors["siren"][0]
    assert "n'est pas un numéro SIRET valide" in form.errors["siret"][0]


def test_model_validation_of_identifiers_and_territory():
    organisation = EntrepriseFactory.build(siret="12345678900011")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "siret" in error.value.message_dict
    commune = Organisation(nom="Commune sans commune", type=Organisation.Type.COMMUNE)
    with pytest.raises(ValidationError) as error:
        commune.full_clean()
    assert "commune" in error.value.message_dict
    epci = EpciOrganisationFactory()
    epci.full_clean()


def test_roles_depend_on_the_organisation_type():
    assert OrganisationFactory.build().roles_possibles() == [Role.AGENT, Role.GESTIONNAIRE]
    service = ServiceFactory()
    assert Role.INSTRUCTEUR in service.roles_possibles()
    assert Role.AGENT not in service.roles_possibles()


def test_membres_actifs_is_what_the_header_uses():
    user = UserFactory()
    MembreFactory(user=user)
    MembreFactory(user=user, actif=False)
    MembreFactory(user=user, organisation=OrganisationFactory(actif=False))
    assert user.membres.actifs().count() == 1
    rendered = Template("{% for m in user.membres.actifs %}{{ m.role }}{% endfor %}").render(
        Context({"user": user, "request": RequestFactory().get("/")})
    )
    assert rendered == Role.AGENT
    assert Membre.objects.count() == 3
