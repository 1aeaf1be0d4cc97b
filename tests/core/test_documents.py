from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from territoires.comptes.models import Organisation
from territoires.core.documents import document_upload
from territoires.core.forms import DocumentUploadForm
from territoires.core.models import Document, Evenement
from territoires.core.selectors import documents_for, journal_for

from . import samples


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def organisation(make_organisation):
    return make_organisation()


@pytest.fixture
def agent(organisation, member_of):
    return member_of(organisation)


def test_valid_pdf_is_stored_under_a_random_name(settings, organisation, agent):
    document = document_upload(
        file=samples.upload("Délibération n°12 du conseil.pdf", samples.PDF),
        owner_organisation=organisation,
        uploaded_by=agent,
    )

    assert document.nom_original == "Délibération n°12 du conseil.pdf"
    assert document.type_mime == "application/pdf"
    assert document.taille == len(samples.PDF)
    assert len(document.sha256) == 64
    [path] = stored_files(settings)
    assert path.read_bytes() == samples.PDF
    assert "Délibération" not in str(path) and path.name == f"{document.pk.hex}.pdf"
    assert journal_for(document).get().action == Evenement.Action.CREATION


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", samples.png()),
        ("scan.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
        ("note.docx", samples.docx()),
        ("budget.xlsx", samples.xlsx()),
        ("compte-rendu.odt", samples.odt()),
        ("communes.csv", "code;nom\n32208;Lectouré\n".encode()),
        ("communes-latin1.csv", "code;nom\n32013;Auch é\n".encode("cp1252")),
        ("zones.geojson", b'{"type": "FeatureCollection", "features": []}'),
    ],
)
def test_accepted_formats(organisation, agent, name, content):
    document = document_upload(
        file=samples.upload(name, content), owner_organisation=organisation, uploaded_by=agent
    )
    assert document.nom_original == name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "rapport.pdf",
            samples.png(),
            "Le fichier « rapport.pdf » n'est pas un PDF valide : son contenu est de type "
            "« image PNG »",
        ),
        (
            "rapport.pdf",
            samples.HTML,
            "Le fichier « rapport.pdf » n'est pas un PDF valide : son contenu est de type "
            "« page HTML »",
        ),
        (
            "facture.pdf",
            samples.EXE,
            "n'est pas un PDF valide : son contenu est de type « programme Windows »",
        ),
        ("setup.exe", samples.EXE, "n'est pas dans un format accepté"),
        ("archive.docx", samples.plain_zip(), "n'est pas un DOCX valide"),
        ("tableau.csv", samples.HTML, "n'est pas un CSV valide"),
        ("photo.jpg", samples.png(), "Renommez-le avec l'extension .png"),
        ("vide.pdf", b"", "Le fichier « vide.pdf » est vide."),
    ],
)
def test_refused_files_leave_nothing_behind(settings, organisation, agent, name, content, message):
    with pytest.raises(ValidationError) as error:
        document_upload(
            file=samples.upload(name, content, "application/pdf"),
            owner_organisation=organisation,
            uploaded_by=agent,
        )
    assert message in error.value.messages[0]
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_format_not_allowed_for_this_upload(organisation, agent):
    with pytest.raises(
        ValidationError, match="Le format PNG .* n'est pas accepté ici. Formats acceptés : PDF."
    ):
        document_upload(
            file=samples.upload("plan.png", samples.png()),
            owner_organisation=organisation,
            uploaded_by=agent,
            allowed_types=["pdf"],
        )


def test_too_big_file_is_refused(settings, organisation, agent):
    settings.DOCUMENT_MAX_SIZE = 1024 * 1024
    content = samples.PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        document_upload(
            file=samples.upload("gros.pdf", content),
            owner_organisation=organisation,
            uploaded_by=agent,
        )
    assert error.value.messages == [
        "Le fichier « gros.pdf » dépasse la taille maximale de 1 Mo (il fait 1 Mo)."
    ]
    assert stored_files(settings) == []


def test_rolled_back_transaction_removes_the_stored_file(settings, organisation, agent):
    with pytest.raises(IntegrityError), transaction.atomic():
        document_upload(
            file=samples.upload("convention.pdf", samples.PDF),
            owner_organisation=organisation,
            uploaded_by=agent,
        )
        assert len(stored_files(settings)) == 1
        # The caller's next write fails: the whole transaction is rolled back.
        Organisation.objects.create(nom="Doublon", type="entreprise", siret=organisation.siret)

    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_rolled_back_savepoint_removes_only_its_file(settings, organisation, agent):
    kept = document_upload(
        file=samples.upload("garde.pdf", samples.PDF),
        owner_organisation=organisation,
        uploaded_by=agent,
    )
    with pytest.raises(ValidationError), transaction.atomic():
        document_upload(
            file=samples.upload("annulé.pdf", samples.PDF),
            owner_organisation=organisation,
            uploaded_by=agent,
        )
        raise ValidationError("Le dossier est incomplet.")

    assert list(Document.objects.all()) == [kept]
    assert [p.name for p in stored_files(settings)] == [f"{kept.pk.hex}.pdf"]


def test_committed_upload_keeps_its_file(
    settings, organisation, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document_upload(
            file=samples.upload("convention.pdf", samples.PDF),
            owner_organisation=organisation,
            uploaded_by=agent,
        )
    assert len(stored_files(settings)) == 1


def test_documents_attached_to_an_object(organisation, agent):
    document = document_upload(
        file=samples.upload("statuts.pdf", samples.PDF),
        owner_organisation=organisation,
        uploaded_by=agent,
        attached_to=organisation,
    )
    assert list(documents_for(organisation)) == [document]
    assert document.rattache_a == organisation


def test_upload_form_explains_formats_and_size_and_refuses_fakes():
    form = DocumentUploadForm()
    help_text = str(form["fichier"].help_text)
    assert "Formats acceptés : PDF, PNG, JPEG, ODT" in help_text
    assert "Taille maximale : 20 Mo par fichier." in help_text

    form = DocumentUploadForm(data={}, files={"fichier": samples.upload("cv.pdf", samples.HTML)})
    assert not form.is_valid()
    assert "n'est pas un PDF valide" in form.errors["fichier"][0]


# --- Download ------------------------------------------------------------------------------


@pytest.fixture
def document(organisation, agent):
    return document_upload(
        file=samples.upload("Arrêté d'attribution.pdf", samples.PDF),
        owner_organisation=organisation,
        uploaded_by=agent,
    )


def test_member_downloads_with_original_name(client, document, organisation, member_of):
    colleague = member_of(organisation)
    client.force_login(colleague)

    response = client.get(reverse("core:document_download", args=[document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Arr%C3%AAt%C3%A9%20d%27attribution.pdf" in disposition
    download = journal_for(document).filter(action=Evenement.Action.TELECHARGEMENT).get()
    assert download.acteur == colleague


def test_other_organisation_gets_404(client, document, make_organisation, member_of):
    other = member_of(make_organisation(nom="Autre entreprise"))
    client.force_login(other)
    response = client.get(reverse("core:document_download", args=[document.pk]))
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, document):
    url = reverse("core:document_download", args=[document.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("comptes:login"))


def test_attached_object_decides_who_sees_the_document(
    client, organisation, agent, make_organisation, member_of, monkeypatch
):
    staff = member_of(make_organisation(nom="Service des aides"))
    document = document_upload(
        file=samples.upload("piece.pdf", samples.PDF),
        owner_organisation=organisation,
        uploaded_by=agent,
        attached_to=organisation,
    )
    url = reverse("core:document_download", args=[document.pk])
    client.force_login(staff)
    assert client.get(url).status_code == 404

    monkeypatch.setattr(
        Organisation, "document_visible_par", lambda self, user: user == staff, raising=False
    )
    assert client.get(url).status_code == 200
    # The uploader always keeps access to what they deposited.
    client.force_login(agent)
    assert client.get(url).status_code == 200


def test_purge_deletes_only_old_orphan_files(settings, document):
    import os
    import time

    from django.core.management import call_command

    folder = Path(settings.MEDIA_ROOT) / "documents" / "2020" / "01"
    folder.mkdir(parents=True)
    orphan = folder / "0123456789abcdef.pdf"
    orphan.write_bytes(samples.PDF)
    recent = folder / "fedcba9876543210.pdf"
    recent.write_bytes(samples.PDF)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(orphan, (two_days_ago, two_days_ago))
    os.utime(Path(settings.MEDIA_ROOT) / document.fichier.name, (two_days_ago, two_days_ago))

    call_command("documents_purge", simulation=True)
    assert orphan.exists()

    call_command("documents_purge")

    assert not orphan.exists()
    assert recent.exists()  # may be an upload in progress
    assert (Path(settings.MEDIA_ROOT) / document.fichier.name).exists()
