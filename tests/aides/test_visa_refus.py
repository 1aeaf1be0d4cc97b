"""The head of service refuses a visa with a reason: the dossier goes back to instruction,
the instructors are told and read the reason on the dossier."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from territoires.aides import services
from territoires.core.models import Evenement, Notification
from tests.comptes.factories import login

from .factories import D, dossier_ddr, world

pytestmark = pytest.mark.django_db


def _propose(w):
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent)
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    dossier.refresh_from_db()
    services.dossier_propose(
        dossier=dossier, actor=w.instructeur, version=dossier.version, montant=D("8000")
    )
    dossier.refresh_from_db()
    return dossier


def test_the_refusal_sends_the_dossier_back_with_its_reason():
    w = world()
    dossier = _propose(w)
    services.dossier_visa_refuse(dossier=dossier, actor=w.chef, motif="Taux trop élevé.")
    dossier.refresh_from_db()
    assert dossier.statut == "en_instruction"
    assert dossier.visa_le is None
    evenement = Evenement.objects.filter(description="Refuser le visa").get()
    assert evenement.acteur == w.chef
    assert evenement.motif == "Taux trop élevé."
    alerte = Notification.objects.get(destinataire=w.instructeur, titre__contains="visa refusé")
    assert alerte.texte == "Taux trop élevé."
    assert not Notification.objects.filter(destinataire=w.chef, titre__contains="visa refusé")
    # Proposed again, it waits for a new visa.
    services.dossier_propose(
        dossier=dossier, actor=w.instructeur, version=dossier.version, montant=D("7000")
    )
    dossier.refresh_from_db()
    assert dossier.statut == "propose"


def test_a_refusal_needs_a_reason_and_the_head_of_service():
    w = world()
    dossier = _propose(w)
    with pytest.raises(ValidationError, match="motif"):
        services.dossier_visa_refuse(dossier=dossier, actor=w.chef, motif="  ")
    with pytest.raises(PermissionDenied):
        services.dossier_visa_refuse(dossier=dossier, actor=w.instructeur, motif="Non.")
    dossier.refresh_from_db()
    assert dossier.statut == "propose"


def test_the_head_of_service_refuses_on_the_page_and_the_instructor_reads_why(client):
    w = world()
    dossier = _propose(w)
    login(client, w.chef)
    page = client.get(dossier.get_absolute_url()).content.decode()
    # The head of service lands on the visa, with both choices.
    assert 'id="panneau-instruction" aria-labelledby="titre-instruction">' in page
    assert "Viser la proposition" in page and "Refuser le visa" in page
    url = reverse("aides:dossier_refuser_visa", args=[dossier.pk])
    response = client.post(url, {"motif": ""}, follow=True)
    assert "Indiquez le motif du refus" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.statut == "propose"
    response = client.post(url, {"motif": "Le plafond de la DDR n'est pas respecté."})
    assert response.url == dossier.get_absolute_url() + "?onglet=instruction#onglets"
    dossier.refresh_from_db()
    assert dossier.statut == "en_instruction"

    client.logout()
    login(client, w.instructeur)
    page = client.get(response.url.split("#")[0]).content.decode()
    assert f"Visa refusé par {w.chef}" in page
    assert "Motif : Le plafond de la DDR n&#x27;est pas respecté." in page
    # The page does not say it still waits for the visa.
    assert "en attente du visa" not in page
    # The proposal form is there again, with the former amount.
    assert 'name="montant" value="8000.00"' in page


def test_only_the_head_of_service_may_refuse_a_visa(client):
    w = world()
    dossier = _propose(w)
    login(client, w.instructeur)
    url = reverse("aides:dossier_refuser_visa", args=[dossier.pk])
    # Not his rule: the project answers as if the page did not exist.
    assert client.post(url, {"motif": "Non."}).status_code == 404
    dossier.refresh_from_db()
    assert dossier.statut == "propose"
