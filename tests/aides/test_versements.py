"""Payment requests seen from both sides: the finance agent pays or rejects with a reason,
the commune reads the reason and files a corrected request."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoires.aides import services
from territoires.aides.models import Dossier, Versement
from territoires.core.models import Evenement, Notification
from territoires.core.workflow import transitions_available
from tests.comptes.factories import login

from .factories import D, dossier_ddr, world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attribue(w):
    dossier = dossier_ddr(w)
    Dossier.objects.filter(pk=dossier.pk).update(
        statut="attribue",
        numero="AID-2026-00007",
        montant_attribue=D("8000"),
        notifie_le=datetime.date(2026, 7, 1),
    )
    return Dossier.objects.get(pk=dossier.pk)


def _demander_solde(client, dossier, depenses="20000"):
    return client.post(
        reverse("aides:versement_demander", args=[dossier.pk]),
        {
            "type": "solde",
            "depenses_justifiees": depenses,
            "justificatif": SimpleUploadedFile("facture.pdf", PDF, "application/pdf"),
        },
        follow=True,
    )


def test_finance_rejects_a_payment_request_and_the_commune_files_a_corrected_one(client):
    w = world()
    dossier = _attribue(w)
    commune = client.__class__()
    login(commune, w.agent)
    _demander_solde(commune, dossier)
    versement = Versement.objects.get()
    assert versement.statut == "demande"
    page = commune.get(dossier.get_absolute_url()).content.decode()
    assert "en cours de traitement par le Département" in page
    assert "Demander le versement" not in page  # one request at a time

    login(client, w.finances)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Rejeter la demande" in page
    # No reason: refused, nothing changes.
    response = client.post(
        reverse("aides:versement_rejeter", args=[versement.pk]), {"motif": ""}, follow=True
    )
    assert "Indiquez le motif du rejet" in response.content.decode()
    versement.refresh_from_db()
    assert versement.statut == "demande"
    motif = "Le certificat d'achèvement n'est pas signé par le maire."
    response = client.post(
        reverse("aides:versement_rejeter", args=[versement.pk]), {"motif": motif}, follow=True
    )
    assert "bénéficiaire est prévenu" in response.content.decode()
    versement.refresh_from_db()
    assert versement.statut == "rejete"
    assert versement.motif_rejet == motif
    assert (
        Evenement.objects.filter(
            object_id=str(dossier.pk), description__startswith="Demande de versement rejetée"
        )
        .get()
        .motif
        == motif
    )
    assert Notification.objects.filter(destinataire=w.agent, titre__contains="rejetée").exists()
    # Already handled: neither paid nor rejected twice.
    client.post(reverse("aides:versement_payer", args=[versement.pk]), follow=True)
    versement.refresh_from_db()
    assert versement.statut == "rejete"
    dossier.refresh_from_db()
    assert dossier.statut == "attribue"

    # The commune reads the reason and files a corrected request, which is paid.
    page = commune.get(dossier.get_absolute_url()).content.decode()
    assert "Votre demande de solde a été rejetée" in page
    assert "Le certificat d&#x27;achèvement n&#x27;est pas signé par le maire." in page
    assert "Vous pouvez déposer une demande corrigée" in page
    assert "Demander le versement" in page
    _demander_solde(commune, dossier, depenses="18000")
    corrige = Versement.objects.get(statut="demande")
    assert corrige.montant_demande == D("7200.00")
    client.post(reverse("aides:versement_payer", args=[corrige.pk]))
    dossier.refresh_from_db()
    assert dossier.statut == "solde"
    page = commune.get(dossier.get_absolute_url()).content.decode()
    assert "Versé : 7\u202f200\u00a0€ ; reste à verser : 0\u00a0€ (subvention soldée" in page
    assert "a été rejetée" not in page  # the last request was paid


def test_only_finance_rejects_and_another_commune_gets_404(client):
    w = world()
    dossier = _attribue(w)
    versement = Versement.objects.create(dossier=dossier, type="avance", montant_demande=D("2400"))
    url = reverse("aides:versement_rejeter", args=[versement.pk])
    login(client, w.agent)
    assert client.post(url, {"motif": "moi-même"}).status_code == 404
    login(client, w.agent_b)
    assert client.post(url, {"motif": "x"}).status_code == 404
    login(client, w.instructeur)
    assert client.post(url, {"motif": "x"}).status_code == 404
    versement.refresh_from_db()
    assert versement.statut == "demande"


def test_the_payment_guard_is_the_transition_condition_with_its_reason():
    """One guard, written once as the conditions of `Versement.demander`: the service refuses
    with its sentence and the page offers the form only when it would pass."""
    w = world()
    brouillon = dossier_ddr(w)
    with pytest.raises(ValidationError, match="une fois la subvention attribuée"):
        services.versement_request(
            dossier=brouillon, actor=w.agent, type="avance", depenses_justifiees=D("0")
        )
    assert not transitions_available(obj=Versement.nouveau(dossier=brouillon), user=w.agent)

    dossier = _attribue(w)
    offered = transitions_available(obj=Versement.nouveau(dossier=dossier), user=w.agent)
    assert [name for name, _ in offered] == ["demander"]
    services.versement_request(
        dossier=dossier, actor=w.agent, type="avance", depenses_justifiees=D("0")
    )
    with pytest.raises(ValidationError, match="déjà en cours de traitement"):
        services.versement_request(
            dossier=dossier, actor=w.agent, type="avance", depenses_justifiees=D("0")
        )
    assert not transitions_available(obj=Versement.nouveau(dossier=dossier), user=w.agent)
    # Another commune's agent may not request, whatever the state.
    assert not transitions_available(obj=Versement.nouveau(dossier=dossier), user=w.agent_b)
