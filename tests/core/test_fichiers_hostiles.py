"""Hostile files deposited through the real entry points (a commune's dossier attachment, the
administration's act templates, the request body itself): each is refused fast, with a French
message that names the limit, memory flat, and nothing written.

Every hostile file is built on the fly by `tests.hostiles` (no bomb is committed)."""

import io
import os
from pathlib import Path

import pytest
from django.urls import reverse

from territoires.aides.models import Dossier, ModeleActe
from territoires.core.models import Document
from tests import hostiles as h
from tests.aides.factories import dossier_ddr, world
from tests.comptes.factories import UserFactory, login

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def depot(client):
    """A commune agent on their dossier; `deposer(nom, contenu)` posts an attachment."""
    w = world()
    dossier = dossier_ddr(w)
    login(client, w.agent)
    url = reverse("aides:dossier_document", args=[dossier.pk])

    def deposer(nom: str, contenu: bytes, **extra):
        fichier = io.BytesIO(contenu)
        fichier.name = nom
        with h.mesurer() as mesure:
            response = client.post(url, {"fichier": fichier}, **extra)
        page = client.get(dossier.get_absolute_url()).content.decode()
        return response, page, mesure

    deposer.dossier = dossier
    return deposer


def _ods_gonfle() -> bytes:
    return h.zip_brut(
        [
            h.Membre(
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
                46,
                0x2CAC7A0D,
                methode=0,
            ),
            h.membre_gonfle("content.xml", 1024 * h.MO, debut=b"<office:document-content>"),
        ]
    )


HOSTILES = {
    # name: (file name, builder, what the message must say)
    "bombe-content-types": (
        "budget.xlsx",
        lambda: h.zip_brut([h.membre_gonfle("[Content_Types].xml", 1100 * h.MO)]),
        "contient une partie qui dépasse 250 Mo une fois décompressée (« [Content_Types].xml »)",
    ),
    "trop-de-parties": (
        "note.docx",
        lambda: h.docx(*(h.membre(f"word/media/{i}.xml", "<a/>") for i in range(2500))),
        "contient trop de parties (2501) : la limite est de 2000.",
    ),
    "taux-excessif": (
        "note.docx",
        lambda: h.docx(h.membre_gonfle("word/document.xml", 200 * h.MO, debut=b"<w:document>")),
        "contient une partie compressée plus de 100 fois (« word/document.xml ») : c'est la "
        "marque d'une bombe de décompression",
    ),
    "en-tete-menteur": (
        "note.docx",
        lambda: h.docx(h.membre_gonfle("word/document.xml", 300 * h.MO, annonce=2000)),
        "est endommagé ou falsifié : la partie « word/document.xml » est plus grande que ce "
        "qu'annonce l'archive.",
    ),
    "ods-gonfle": (
        "tableau.ods",
        _ods_gonfle,
        "contient une partie qui dépasse 250 Mo une fois décompressée (« content.xml »)",
    ),
    "pdf-javascript": (
        "devis.pdf",
        lambda: h.pdf(b"/OpenAction << /S /JavaScript /JS (app.launchURL('x')) >>"),
        "contient du JavaScript, qui pourrait s'exécuter à son ouverture : les PDF actifs sont "
        "refusés.",
    ),
    "pdf-nom-echappe-et-lancement": (
        "devis.pdf",
        lambda: h.pdf(b"/AA << /O << /S /L#61unch /F (cmd.exe) >> >>"),
        "contient une action qui lance un programme (/Launch)",
    ),
    "pdf-javascript-compresse": (
        "devis.pdf",
        lambda: h.pdf(
            b"/Names 3 0 R",
            h.pdf_objets_compresses(b"<< /JavaScript << /Names [(a) << /S /JS /JS (x) >>] >> >>"),
        ),
        "contient du JavaScript",
    ),
}


@pytest.mark.parametrize("cas", list(HOSTILES))
def test_hostile_attachment_is_refused_fast_and_nothing_is_stored(settings, depot, cas):
    nom, fabriquer, attendu = HOSTILES[cas]
    response, page, mesure = depot(nom, fabriquer())

    assert response.status_code == 302
    assert f"Le fichier « {nom} » " in page
    assert attendu.replace("'", "&#x27;") in page
    h.assert_borne(mesure)
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_total_size_limit_counts_every_member(settings, depot):
    settings.ZIP_TOTAL_MAX = 2 * h.MO
    # Three members of 1 Mo that hardly compress: only their sum is beyond the limit.
    parties = [h.membre(f"word/media/{i}.bin", os.urandom(h.MO)) for i in range(3)]
    response, page, mesure = depot("note.docx", h.docx(*parties))

    assert "Le fichier « note.docx » dépasse 2 Mo une fois décompressé." in page
    h.assert_borne(mesure)
    assert not Document.objects.exists()


def test_harmless_open_action_and_ordinary_office_files_are_still_accepted(depot):
    from tests.core import samples

    for nom, contenu in [
        # Opening on page 1 in full view is an /OpenAction too, and harmless.
        ("plan.pdf", h.pdf(b"/OpenAction [2 0 R /Fit]")),
        ("budget.xlsx", samples.xlsx()),
        ("note.docx", samples.docx()),
    ]:
        response, page, _ = depot(nom, contenu)
        assert "Document ajouté au dossier." in page
    assert Document.objects.count() == 3


class CountingInput(io.BytesIO):
    """The socket of the test: counts what the application read of the body."""

    lu = 0

    def read(self, size=-1):
        data = super().read(size)
        self.lu += len(data)
        return data


def _multipart(nom: str, contenu: bytes) -> tuple[bytes, str]:
    boundary = "frontiere-du-test"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="{nom}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + contenu
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_request_body_above_the_limit_is_refused_unread(settings, client, depot):
    settings.REQUETE_TAILLE_MAX = h.MO
    body, content_type = _multipart("gros.pdf", h.pdf(b"/Title (" + b"x" * (2 * h.MO) + b")"))
    socket = CountingInput(body)
    url = reverse("aides:dossier_document", args=[depot.dossier.pk])

    with h.mesurer() as mesure:
        response = client.generic(
            "POST", url, body, content_type=content_type, **{"wsgi.input": socket}
        )

    assert response.status_code == 413
    page = response.content.decode()
    assert "Envoi trop volumineux" in page
    assert "Votre envoi dépasse 1 Mo" in page and "rien n'a été enregistré" in page
    assert socket.lu == 0
    h.assert_borne(mesure, pic_mo=10)
    assert not Document.objects.exists()


def test_chunked_body_without_length_stops_being_read_at_the_limit(settings, client, depot):
    settings.REQUETE_TAILLE_MAX = h.MO
    body, content_type = _multipart("gros.pdf", h.pdf(b"/Title (" + b"x" * (20 * h.MO) + b")"))
    socket = CountingInput(body)
    url = reverse("aides:dossier_document", args=[depot.dossier.pk])

    with h.mesurer() as mesure:
        response = client.generic(
            "POST",
            url,
            HTTP_TRANSFER_ENCODING="chunked",
            # A chunked body has no length, only a type (data=None: the client sets neither).
            **{"wsgi.input": socket, "CONTENT_LENGTH": "", "CONTENT_TYPE": content_type},
        )

    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode()
    assert socket.lu <= h.MO + 64 * 1024  # the limit and one chunk, never the 20 Mo
    h.assert_borne(mesure)
    assert not Document.objects.exists()


def test_chunked_body_within_the_limit_is_handed_to_the_form(settings, client, depot):
    body, content_type = _multipart("plan.pdf", h.pdf(b"/OpenAction [2 0 R /Fit]"))
    url = reverse("aides:dossier_document", args=[depot.dossier.pk])

    response = client.generic(
        "POST",
        url,
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": CountingInput(body), "CONTENT_LENGTH": "", "CONTENT_TYPE": content_type},
    )

    assert response.status_code == 302
    assert Document.objects.get().nom_original == "plan.pdf"


# --- Word templates of the acts (administration) -------------------------------------------


@pytest.mark.parametrize(
    ("modele", "attendu"),
    [
        (
            lambda: h.docx(h.membre_gonfle("word/document.xml", 400 * h.MO, motif=b"<w:p/>")),
            "contient une partie qui dépasse 250 Mo une fois décompressée",
        ),
        # Within the limits of any document, beyond those of a template (loaded whole).
        (
            lambda: h.docx(h.membre("word/document.xml", os.urandom(h.MO).hex())),
            "contient une partie qui dépasse 1 Mo une fois décompressée",
        ),
    ],
)
def test_hostile_act_template_is_refused_in_the_administration(settings, client, modele, attendu):
    settings.MODELE_ACTE_TAILLE_MAX = h.MO
    login(client, UserFactory(is_staff=True, is_superuser=True))
    fichier = io.BytesIO(modele())
    fichier.name = "arrete.docx"

    with h.mesurer() as mesure:
        response = client.post(
            "/admin/aides/modeleacte/add/", {"type": "arrete", "fichier": fichier}
        )

    assert response.status_code == 200  # the form again, with the error
    assert f"Le fichier « arrete.docx » {attendu}" in response.content.decode()
    h.assert_borne(mesure)
    assert not ModeleActe.objects.exists()
    assert stored_files(settings) == []


def test_hostile_template_stored_before_the_guard_gives_a_message_not_a_crash(client):
    from django.core.files.base import ContentFile

    w = world()
    dossier = dossier_ddr(w)
    Dossier.objects.filter(pk=dossier.pk).update(statut="attribue", numero="2026-0001")
    modele = ModeleActe(type="arrete")
    modele.fichier.save(
        "arrete.docx",
        ContentFile(h.docx(h.membre_gonfle("word/document.xml", 1024 * h.MO, motif=b"<w:p/>"))),
    )
    login(client, w.instructeur)  # the drafts are the instructing service's (issue 14)

    with h.mesurer() as mesure:
        response = client.get(
            reverse("aides:acte", args=[dossier.pk, "arrete", "docx"]), follow=True
        )

    assert response.status_code == 200
    assert "contient une partie qui dépasse 20 Mo une fois décompressée" in (
        response.content.decode()
    )
    h.assert_borne(mesure)
