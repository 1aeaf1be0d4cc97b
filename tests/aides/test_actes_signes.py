"""Acts are dated by the decision, never by the download; the applicant downloads the signed
PDF the service uploaded, the Word and PDF drafts stay the service's."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document as DocxDocument

from territoires.aides import services
from territoires.core.models import Notification
from tests.comptes.factories import login
from tests.core.samples import PDF as PDF_SIGNE

from .factories import world
from .test_vote import _programme

pytestmark = pytest.mark.django_db


def _attribue(w):
    dossier = _programme(w, w.commune, w.agent, "Lavoir")
    services.session_vote(
        session=dossier.session, actor=w.chef, numero="CP-2026-06-007",
        date=datetime.date(2026, 6, 26), decisions={dossier.pk: "attribuer"},
    )  # fmt: skip
    dossier.refresh_from_db()
    return dossier


def _texte(response) -> str:
    return "\n".join(p.text for p in DocxDocument(io.BytesIO(response.content)).paragraphs)


def test_the_arrete_is_dated_by_the_deliberation_not_by_the_download(client):
    w = world()
    dossier = _attribue(w)
    login(client, w.instructeur)
    for type in ("arrete", "convention", "notification"):
        texte = _texte(client.get(reverse("aides:acte", args=[dossier.pk, type, "docx"])))
        assert "Fait le 26/06/2026" in texte, type
        assert timezone.localdate().strftime("%d/%m/%Y") not in texte


def test_the_commune_downloads_the_signed_act_and_never_the_draft(client):
    w = world()
    dossier = _attribue(w)
    login(client, w.agent)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Arrêté attributif : en cours de signature" in page
    assert "(Word, DOCX)" not in page
    response = client.get(reverse("aides:acte", args=[dossier.pk, "arrete", "pdf"]), follow=True)
    assert "réservé au service instructeur" in response.content.decode()

    # The service sees the drafts and uploads the signed arrêté (the guard checks the PDF).
    login(client, w.instructeur)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Arrêté attributif (Word, DOCX)" in page
    url = reverse("aides:acte_signe", args=[dossier.pk])
    faux = SimpleUploadedFile("arrete.pdf", b"pas un PDF", content_type="application/pdf")
    donnees = {"type": "arrete", "signe_le": "2026-06-30", "fichier": faux}
    page = client.post(url, donnees, follow=True).content.decode()
    assert "L&#x27;acte signé n&#x27;est pas déposé" in page
    # Signed before the deliberation of 26 June: refused, said in words.
    signe = SimpleUploadedFile("arrete-signe.pdf", PDF_SIGNE, content_type="application/pdf")
    donnees = {"type": "arrete", "signe_le": "2026-06-25", "fichier": signe}
    page = client.post(url, donnees, follow=True).content.decode()
    assert "ne peut pas être signé avant la décision du 26 juin 2026" in page
    assert not dossier.actes.exists()
    signe = SimpleUploadedFile("arrete-signe.pdf", PDF_SIGNE, content_type="application/pdf")
    client.post(url, {"type": "arrete", "signe_le": "2026-06-30", "fichier": signe})
    assert Notification.objects.filter(
        destinataire=w.agent, titre__contains="arrêté attributif signé à télécharger"
    ).exists()

    login(client, w.agent)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Arrêté attributif signé (PDF)" in page
    assert "signé le 30 juin 2026" in page
    assert "Convention : en cours de signature" in page
    lien = page.split("Arrêté attributif signé (PDF)")[0].rsplit('href="', 1)[1].split('"')[0]
    response = client.get(lien)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
