"""Workshops of the public-procurement network."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoires.core.selectors import documents_for
from territoires.ingenierie.models import Atelier
from tests.comptes.factories import login
from tests.ingenierie.factories import collectivite

pytestmark = pytest.mark.django_db


def test_workshop_with_documents_shared_with_participants(client, mission, commune):
    login(client, mission["conseiller"])
    response = client.post(
        reverse("ingenierie:atelier_nouveau"),
        {"titre": "Lancement du réseau", "theme": "Commande publique", "date": "2030-10-15",
         "lieu": "Auch"},
    )  # fmt: skip
    atelier = Atelier.objects.get()
    assert response.status_code == 302
    pdf = SimpleUploadedFile("support.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(reverse("ingenierie:atelier_document", args=[atelier.pk]), {"doc-fichier": pdf})

    # A commune sees the workshop, not its documents, until it signs up.
    login(client, commune["maire"])
    html = client.get(atelier.get_absolute_url()).content.decode()
    assert "Lancement du réseau" in html and "support.pdf" not in html
    client.post(reverse("ingenierie:atelier_inscription", args=[atelier.pk]))
    html = client.get(atelier.get_absolute_url()).content.decode()
    assert "support.pdf" in html
    assert commune["organisation"] in atelier.organisations.all()
    atelier_document = documents_for(atelier).get()
    assert client.get(atelier_document.get_absolute_url()).status_code == 200
    other = collectivite()
    login(client, other["maire"])
    assert client.get(atelier_document.get_absolute_url()).status_code == 404
