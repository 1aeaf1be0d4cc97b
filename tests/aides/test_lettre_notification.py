"""The notification letter (distinct from the arrêté) and the single content of each act: the
PDF is the filled Word template, so an edit to the Word model shows in the PDF too."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from pypdf import PdfReader

from territoires.aides import actes
from territoires.aides.models import ModeleActe
from territoires.core.models import Notification
from tests.comptes.factories import login

from .factories import dossier_ddr, world
from .test_scdl_actes import attribue

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_notification_letter_docx_and_pdf_for_commune_and_instructor(client):
    w = world()
    dossier = attribue(w)
    assert Notification.objects.filter(
        destinataire=w.agent, texte__contains="lettre de notification"
    ).exists()
    # The commune waits for the signed letter; the drafts are the service's.
    login(client, w.agent)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Lettre de notification : en cours de signature" in page
    login(client, w.instructeur)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Lettre de notification (PDF non signé)" in page
    response = client.get(reverse("aides:acte", args=[dossier.pk, "notification", "docx"]))
    assert response["Content-Disposition"].endswith(f'notification-{dossier.numero}.docx"')
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(response.content)).paragraphs)
    assert "Notification d'attribution de subvention" in text
    assert "Madame la Maire, Monsieur le Maire," in text
    assert "délibération n° CP-2026-06-042 du 26/06/2026" in text
    assert "une avance de 30 % au plus du montant attribué, puis des acomptes" in text
    assert "Fait le 26/06/2026" in text  # dated the day of notification
    assert "Arrêté attributif de subvention" not in text  # a letter, not the act
    response = client.get(reverse("aides:acte", args=[dossier.pk, "notification", "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    pdf = _flat(_pdf_text(response.content))
    assert "Notification d'attribution de subvention" in pdf
    assert "8 000 €" in pdf.replace("\u202f", " ").replace("\u00a0", " ")
    assert dossier.organisation.nom in pdf

    login(client, w.instructeur)
    response = client.get(reverse("aides:acte", args=[dossier.pk, "notification", "pdf"]))
    assert response.status_code == 200
    # Another commune: 404, nothing generated.
    login(client, w.agent_b)
    response = client.get(reverse("aides:acte", args=[dossier.pk, "notification", "pdf"]))
    assert response.status_code == 404


def test_no_notification_letter_before_attribution(client):
    w = world()
    dossier = dossier_ddr(w)
    login(client, w.agent)
    response = client.get(
        reverse("aides:acte", args=[dossier.pk, "notification", "pdf"]), follow=True
    )
    assert "Cet acte n&#x27;existe pas à ce stade du dossier." in response.content.decode()


def test_an_edit_to_the_word_model_shows_in_the_pdf(client):
    """The Département uploads its own Word model: the PDF carries its text, headings,
    bold, table, header and footer, with the tags filled."""
    w = world()
    dossier = attribue(w)
    custom = DocxDocument()
    custom.sections[0].header.paragraphs[0].text = "Conseil départemental — Direction des aides"
    custom.sections[0].footer.paragraphs[0].text = "Hôtel du Département, 32000 Auch"
    custom.add_heading("Lettre maison n° {{ numero_dossier }}", level=1)
    paragraph = custom.add_paragraph("Nous avons le plaisir d'accorder ")
    paragraph.add_run("{{ montant }}").bold = True
    paragraph.add_run(" à {{ beneficiaire }}.")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    table = custom.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Coût HT", "{{ cout_ht }}"
    table.cell(1, 0).text, table.cell(1, 1).text = "Taux", "{{ taux }}"
    out = io.BytesIO()
    custom.save(out)
    modele = ModeleActe(type="notification")
    modele.fichier.save("notification.docx", ContentFile(out.getvalue()))

    html = actes.html_depuis_docx(actes.docx(dossier, "notification"))
    assert f"<h1>Lettre maison n° {dossier.numero}</h1>" in html
    assert "<strong>8\u202f000\u00a0€</strong>" in html
    assert "text-align:justify" in html
    assert "<td><p>Taux</p></td><td><p>40 %</p></td>" in html
    login(client, w.instructeur)
    response = client.get(reverse("aides:acte", args=[dossier.pk, "notification", "pdf"]))
    pdf = _flat(_pdf_text(response.content)).replace("\u202f", " ").replace("\u00a0", " ")
    assert f"Lettre maison n° {dossier.numero}" in pdf
    assert f"Nous avons le plaisir d'accorder 8 000 € à {dossier.organisation.nom}." in pdf
    assert "Coût HT 20 000 €" in pdf
    assert "Conseil départemental — Direction des aides" in pdf
    assert "Hôtel du Département, 32000 Auch" in pdf
    # The shipped arrêté is untouched by the letter's model.
    response = client.get(reverse("aides:acte", args=[dossier.pk, "arrete", "pdf"]))
    assert "Arrêté attributif de subvention" in _pdf_text(response.content)


def test_images_of_the_word_model_reach_the_pdf():
    """A logo in the Word model is embedded in the PDF's HTML (data URI)."""
    import base64

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    document = DocxDocument()
    document.add_picture(io.BytesIO(png))
    document.add_paragraph("Après le logo")
    out = io.BytesIO()
    document.save(out)
    html = actes.html_depuis_docx(out.getvalue())
    assert '<img alt="" src="data:image/png;base64,' in html
    assert "Après le logo" in html


def test_letter_without_advance_does_not_promise_one():
    from territoires.aides import services

    from .factories import D, plan

    w = world()
    dossier = services.dossier_create(
        organisation=w.commune,
        dispositif=w.dispositifs["patrimoine-protege"],
        actor=w.agent,
        data={
            "intitule": "Clocher",
            "cout_ht": D("50000"),
            "montant_demande": D("15000"),
            "siret_beneficiaire": w.commune.siret,
        },  # fmt: skip
        financements=plan(autofinancement="15000", etat_detr="20000"),
    )
    text = "\n".join(
        p.text for p in DocxDocument(io.BytesIO(actes.docx(dossier, "notification"))).paragraphs
    )
    assert "portail des aides : des acomptes et le solde sur justificatifs" in text
    assert "avance" not in text
