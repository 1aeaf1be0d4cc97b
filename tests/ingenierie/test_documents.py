"""Documents on a request: shared with the collectivité, or internal to the mission."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoires.core.models import Document
from territoires.core.selectors import documents_for
from tests.comptes.factories import login

from .factories import SollicitationFactory

pytestmark = pytest.mark.django_db


def _pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def _upload(client, s, name, **extra):
    url = reverse("ingenierie:sollicitation_document", args=[s.pk])
    return client.post(url, {"doc-fichier": _pdf(name), **extra}, follow=True)


def test_private_document_is_hidden_from_the_collectivite(client, mission, commune):
    s = SollicitationFactory(organisation=commune["organisation"], referent=mission["conseiller"])
    login(client, mission["conseiller"])
    page = _upload(client, s, "note-interne.pdf", **{"doc-interne": "on"}).content.decode()
    assert "Document interne ajouté : la collectivité ne le voit pas." in page
    page = _upload(client, s, "plan-partage.pdf").content.decode()
    assert "Document ajouté : la collectivité le voit." in page
    assert "note-interne.pdf" in page and "plan-partage.pdf" in page
    interne = Document.objects.get(nom_original="note-interne.pdf")
    partage = Document.objects.get(nom_original="plan-partage.pdf")
    assert client.get(interne.get_absolute_url()).status_code == 200
    assert list(documents_for(s)) == [partage]  # the shared list never holds the private one

    # Another advisor of the mission reads it too.
    login(client, mission["conseiller2"])
    assert client.get(interne.get_absolute_url()).status_code == 200

    login(client, commune["maire"])
    page = client.get(s.get_absolute_url()).content.decode()
    assert "plan-partage.pdf" in page
    assert "note-interne.pdf" not in page and "Documents internes" not in page
    assert "doc-interne" not in page  # no box to tick for the collectivité
    assert client.get(interne.get_absolute_url()).status_code == 404
    assert client.get(partage.get_absolute_url()).status_code == 200


def test_collectivite_cannot_make_a_document_private(client, mission, commune):
    s = SollicitationFactory(organisation=commune["organisation"], statut="en_cours")
    login(client, commune["maire"])
    _upload(client, s, "devis-entreprise.pdf", **{"doc-interne": "on"})
    document = Document.objects.get(nom_original="devis-entreprise.pdf")
    assert list(documents_for(s)) == [document]
    assert client.get(document.get_absolute_url()).status_code == 200
