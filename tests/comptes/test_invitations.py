import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from territoires.comptes.models import DemandeRattachement, Invitation, Membre, Role, User
from territoires.comptes.services import demande_rattachement_create, invitation_create
from territoires.core.models import Evenement

from .factories import (
    PASSWORD,
    EntrepriseFactory,
    OrganisationFactory,
    ServiceFactory,
    UserFactory,
    login,
    member,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


def invite(client, organisation, email, role=Role.AGENT, capture=None):
    with capture(execute=True):
        return client.post(
            f"/comptes/organisations/{organisation.pk}/invitations/",
            {"email": email, "role": role},
        )


def link_in_last_mail() -> str:
    return re.search(r"http://localhost:8000(/comptes/invitations/\S+/)", mail.outbox[-1].body)[1]


@pytest.fixture
def commune():
    return OrganisationFactory(nom="Commune de Lectoure")


@pytest.fixture
def maire(commune):
    return member(Role.GESTIONNAIRE, organisation=commune, first_name="Anne", last_name="Martin")


def test_gestionnaire_invites_a_new_colleague_who_creates_an_account(
    client, commune, maire, django_capture_on_commit_callbacks
):
    login(client, maire)
    response = invite(
        client, commune, "Nouvelle@Lectoure.test", capture=django_capture_on_commit_callbacks
    )
    assert response["Location"] == f"/comptes/organisations/{commune.pk}/"
    message = mail.outbox[-1]
    assert message.to == ["nouvelle@lectoure.test"]
    assert "Commune de Lectoure" in message.subject
    assert "Anne Martin vous invite" in message.body
    assert "valable 14 jours" in message.body
    page = text(client.get(f"/comptes/organisations/{commune.pk}/"))
    assert "nouvelle@lectoure.test" in page.split("Invitations en attente")[1]
    # The database keeps only a hash of the secret of the link.
    link = link_in_last_mail()
    token = link.split("/")[-2]
    assert not Invitation.objects.filter(token=token).exists()

    client.post("/comptes/deconnexion/")
    page = text(client.get(link))
    assert "Rejoindre Commune de Lectoure" in page
    assert "Créer votre compte" in page
    weak = client.post(
        link,
        {"first_name": "Léa", "last_name": "Roux", "password1": "123", "password2": "123"},
    )
    assert "Ce mot de passe est trop court" in text(weak)
    password = "une phrase de passe solide"
    response = client.post(
        link,
        {"first_name": "Léa", "last_name": "Roux", "password1": password, "password2": password},
    )
    assert response["Location"] == "/"
    user = User.objects.get(email="nouvelle@lectoure.test")
    assert user.check_password(password)
    assert Membre.objects.actifs().get(user=user).organisation == commune
    assert client.session["_auth_user_id"] == str(user.pk)
    # The link is used up.
    used = client.get(link)
    assert used.status_code == 410
    assert "Cette invitation a déjà été acceptée" in text(used)


def test_existing_user_accepts_once_logged_in(client, commune, maire):
    other = OrganisationFactory()
    existing = member(Role.AGENT, organisation=other, email="agent@exemple.test")
    created = invitation_create(
        organisation=commune, email="agent@exemple.test", role=Role.AGENT, invite_par=maire
    )
    link = created.url.removeprefix("http://localhost:8000")
    page = text(client.get(link))
    assert "Un compte existe déjà" in page
    assert f"/comptes/connexion/?next={link.replace('/', '%2F')}" in page

    login(client, existing)
    assert "Accepter l'invitation" in text(client.get(link))
    client.post(link)
    assert set(existing.membres.actifs().values_list("organisation", flat=True)) == {
        other.pk,
        commune.pk,
    }


def test_invitation_for_someone_else_is_not_accepted(client, commune, maire):
    created = invitation_create(
        organisation=commune, email="destinataire@exemple.test", role=Role.AGENT, invite_par=maire
    )
    intruder = member(Role.AGENT)
    login(client, intruder)
    link = created.url.removeprefix("http://localhost:8000")
    assert "Cette invitation est destinée à destinataire@exemple.test" in text(client.get(link))
    client.post(link)
    assert not intruder.membres.filter(organisation=commune).exists()
    assert Invitation.objects.get().acceptee_le is None


def test_expired_invitation_says_so(client, commune, maire, settings):
    settings.INVITATION_VALIDITE_JOURS = 3
    created = invitation_create(
        organisation=commune, email="tard@exemple.test", role=Role.AGENT, invite_par=maire
    )
    link = created.url.removeprefix("http://localhost:8000")
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        response = client.get(link)
        assert response.status_code == 410
        assert "Cette invitation a expiré le" in text(response)
        response = client.post(
            link,
            {"first_name": "A", "last_name": "B", "password1": PASSWORD, "password2": PASSWORD},
        )
        assert response.status_code == 410
    assert not User.objects.filter(email="tard@exemple.test").exists()


def test_inviter_cancels_an_invitation(client, commune, maire):
    created = invitation_create(
        organisation=commune, email="annulee@exemple.test", role=Role.AGENT, invite_par=maire
    )
    login(client, maire)
    response = client.post(f"/comptes/invitations/{created.invitation.pk}/annuler/")
    assert response.status_code == 302
    client.post("/comptes/deconnexion/")
    page = client.get(created.url.removeprefix("http://localhost:8000"))
    assert page.status_code == 410
    assert "Cette invitation a été annulée" in text(page)


def test_unknown_token_is_404(client):
    assert client.get("/comptes/invitations/pas-un-jeton/").status_code == 404


def test_agents_and_strangers_cannot_invite(client, commune, django_capture_on_commit_callbacks):
    agent = member(Role.AGENT, organisation=commune)
    login(client, agent)
    response = invite(client, commune, "x@exemple.test", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 404
    stranger = member(Role.GESTIONNAIRE)
    login(client, stranger)
    response = invite(client, commune, "x@exemple.test", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_nobody_cancels_the_invitations_of_another_organisation(client, commune, maire):
    created = invitation_create(
        organisation=commune, email="x@exemple.test", role=Role.AGENT, invite_par=maire
    )
    login(client, member(Role.GESTIONNAIRE))
    assert client.post(f"/comptes/invitations/{created.invitation.pk}/annuler/").status_code == 404
    created.invitation.refresh_from_db()
    assert created.invitation.annulee_le is None


def test_roles_offered_depend_on_the_organisation(
    client, commune, maire, django_capture_on_commit_callbacks
):
    login(client, maire)
    page = text(client.get(f"/comptes/organisations/{commune.pk}/"))
    assert "Instructeur" not in page.split("Inviter un collègue")[1]
    invite(client, commune, "x@exemple.test", Role.INSTRUCTEUR, django_capture_on_commit_callbacks)
    assert not Invitation.objects.exists()


def test_chef_de_service_invites_departement_staff(client, django_capture_on_commit_callbacks):
    service = ServiceFactory(nom="Service des aides aux collectivités")
    chef = member(Role.CHEF_SERVICE, organisation=service)
    login(client, chef)
    invite(
        client,
        service,
        "instructeur@departement.test",
        Role.INSTRUCTEUR,
        django_capture_on_commit_callbacks,
    )
    invitation = Invitation.objects.get()
    assert invitation.role == Role.INSTRUCTEUR
    # A head of service cannot make a platform administrator.
    page = text(client.get(f"/comptes/organisations/{service.pk}/"))
    assert "Administrateur de la plateforme" not in page.split("Inviter un collègue")[1]
    invite(
        client, service, "pirate@departement.test", Role.ADMINISTRATEUR,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert not Invitation.objects.filter(role=Role.ADMINISTRATEUR).exists()
    # An instructor of the service cannot invite.
    instructeur = member(Role.INSTRUCTEUR, organisation=service)
    login(client, instructeur)
    response = invite(
        client, service, "y@departement.test", Role.AGENT, django_capture_on_commit_callbacks
    )
    assert response.status_code == 404


def test_company_gestionnaire_invites_too(client, django_capture_on_commit_callbacks):
    entreprise = EntrepriseFactory()
    login(client, member(Role.GESTIONNAIRE, organisation=entreprise))
    invite(
        client, entreprise, "salarie@entreprise.test", capture=django_capture_on_commit_callbacks
    )
    assert Invitation.objects.get().organisation == entreprise


def test_a_new_invitation_replaces_the_pending_one(commune, maire):
    first = invitation_create(
        organisation=commune, email="x@exemple.test", role=Role.AGENT, invite_par=maire
    )
    invitation_create(
        organisation=commune, email="x@exemple.test", role=Role.GESTIONNAIRE, invite_par=maire
    )
    first.invitation.refresh_from_db()
    assert first.invitation.statut == "annulée"


def test_demande_is_answered_by_the_gestionnaire(client, commune, maire):
    newcomer = UserFactory()
    demande = demande_rattachement_create(user=newcomer, organisation=commune)
    login(client, maire)
    page = text(client.get(f"/comptes/organisations/{commune.pk}/"))
    assert newcomer.email in page.split("Demandes pour rejoindre")[1]
    client.post(
        f"/comptes/demandes/{demande.pk}/reponse/", {"decision": "accepter", "role": "agent"}
    )
    assert newcomer.membres.actifs().get().organisation == commune
    # Another organisation's request is out of reach.
    other_demande = demande_rattachement_create(
        user=UserFactory(), organisation=OrganisationFactory()
    )
    response = client.post(
        f"/comptes/demandes/{other_demande.pk}/reponse/", {"decision": "refuser"}
    )
    assert response.status_code == 404
    assert Membre.objects.filter(user=other_demande.user).count() == 0


def test_membership_history_is_shown_to_the_organisation_administrator(client, commune, maire):
    created = invitation_create(
        organisation=commune, email="historique@exemple.test", role=Role.AGENT, invite_par=maire
    )
    login(client, maire)
    client.post(f"/comptes/invitations/{created.invitation.pk}/annuler/")
    page = text(client.get(f"/comptes/organisations/{commune.pk}/"))
    assert "Historique des membres et des invitations" in page
    assert "invitation de historique@exemple.test comme Agent" in page
    assert "invitation de historique@exemple.test annulée" in page
    assert "Anne Martin" in page  # who did it


def test_plain_members_do_not_see_the_history(client, commune, maire):
    invitation_create(
        organisation=commune, email="discret@exemple.test", role=Role.AGENT, invite_par=maire
    )
    agent = member(Role.AGENT, organisation=commune)
    login(client, agent)
    page = text(client.get(f"/comptes/organisations/{commune.pk}/"))
    assert "discret@exemple.test" not in page


def test_answering_a_demande_is_a_logged_transition_done_once(client, commune, maire):
    newcomer = UserFactory()
    demande = demande_rattachement_create(user=newcomer, organisation=commune)
    login(client, maire)
    client.post(f"/comptes/demandes/{demande.pk}/reponse/", {"decision": "refuser"})
    demande = DemandeRattachement.objects.get(pk=demande.pk)
    assert demande.statut == "refusee" and demande.traitee_par == maire
    evenement = Evenement.objects.get(
        content_type=ContentType.objects.get_for_model(demande), object_id=str(demande.pk)
    )
    assert evenement.acteur == maire
    assert evenement.changes == {"statut": ["En attente", "Refusée"]}
    # A second answer (another tab) changes nothing: no membership, no second line.
    client.post(
        f"/comptes/demandes/{demande.pk}/reponse/", {"decision": "accepter", "role": "agent"}
    )
    demande = DemandeRattachement.objects.get(pk=demande.pk)
    assert demande.statut == "refusee"
    assert not newcomer.membres.exists()
