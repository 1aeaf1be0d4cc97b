import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document as DocxDocument
from frictionless import Resource, Schema
from pypdf import PdfReader
from stdnum.fr import siret

from territoires.aides import actes, selectors, services
from tests.comptes.factories import login

from .factories import D, dossier_ddr, world

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).parents[2] / "territoires/aides/schemas/scdl-subventions-2.1.1.json"


def attribue(w, **kw):
    dossier = dossier_ddr(w, **kw)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 2))
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    services.dossier_propose(dossier=dossier, actor=w.instructeur, version=None, montant=D("8000"))
    services.dossier_endorse(dossier=dossier, actor=w.chef)
    services.dossier_program(dossier=dossier, actor=w.instructeur)
    dossier.refresh_from_db()
    services.session_vote(
        session=dossier.session,
        actor=w.chef,
        numero="CP-2026-06-042",
        date=datetime.date(2026, 6, 26),
        decisions={dossier.pk: "attribuer"},
    )
    dossier.refresh_from_db()
    return dossier


def validate_scdl(text: str) -> list[dict]:
    schema = Schema.from_descriptor(json.loads(SCHEMA.read_text()))
    resource = Resource(data=text.encode(), format="csv", encoding="utf-8", schema=schema)
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0].keys()) == selectors.SCDL_COLUMNS
    for row in rows:
        assert siret.is_valid(row["idAttribuant"]), row["idAttribuant"]
        assert row["idBeneficiaire"] or row["rnaBeneficiaire"]
        if row["idBeneficiaire"]:
            assert siret.is_valid(row["idBeneficiaire"])
    return rows


def test_scdl_export_public_url_and_command(client, tmp_path):
    w = world()
    dossier = attribue(w)
    dossier_ddr(w, organisation=w.commune_b)  # a draft: never exported
    response = client.get(reverse("aides:scdl") + "?annee=2026")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    rows = validate_scdl(text)
    assert len(rows) == 1
    assert rows[0]["montant"] == "8000.00"
    assert rows[0]["referenceDecision"] == "CP-2026-06-042"
    assert rows[0]["nomBeneficiaire"] == dossier.organisation.nom
    out = tmp_path / "scdl.csv"
    call_command("aides_export_scdl", annee=2026, sortie=str(out))
    validate_scdl(out.read_text())
    empty = client.get(reverse("aides:scdl") + "?annee=2025")
    assert b"".join(empty.streaming_content).count(b"\n") == 1  # the header only


def test_scdl_rejects_bad_siret_in_our_own_check():
    with pytest.raises(AssertionError):
        header = ",".join(selectors.SCDL_COLUMNS)
        row = (
            "Département du Gers,12345678901234,2026-06-26,CP-1,Commune,12345678901235,,Objet,"
            "1000.00,aide en numéraire,unique,2026-06-26,,non,1.00,ddr"
        )
        validate_scdl(header + "\n" + row + "\n")


def test_arrete_docx_and_pdf(client):
    w = world()
    dossier = attribue(w)
    content = actes.docx(dossier)
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(content)).paragraphs)
    assert "CP-2026-06-042" in text
    assert "8\u202f000\u00a0€" in text
    assert dossier.organisation.nom in text
    login(client, w.instructeur)  # the drafts are the service's
    response = client.get(reverse("aides:acte", args=[dossier.pk, "arrete", "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    pdf_text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Arrêté attributif" in pdf_text
    response = client.get(reverse("aides:acte", args=[dossier.pk, "arrete", "docx"]))
    assert response.content[:2] == b"PK"


def test_convention_and_uploaded_template_override(client):
    from django.core.files.base import ContentFile

    from territoires.aides.models import ModeleActe

    w = world()
    dossier = attribue(w)
    login(client, w.instructeur)  # the drafts are the service's
    response = client.get(reverse("aides:acte", args=[dossier.pk, "convention", "pdf"]))
    assert (
        "Convention de financement"
        in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    )
    # A Département replaces the shipped Word template with its own.
    custom = DocxDocument()
    custom.add_paragraph("Modèle maison pour {{ beneficiaire }} : {{ montant }}")
    out = io.BytesIO()
    custom.save(out)
    modele = ModeleActe(type="convention")
    modele.fichier.save("convention.docx", ContentFile(out.getvalue()))
    text = "\n".join(
        p.text for p in DocxDocument(io.BytesIO(actes.docx(dossier, "convention"))).paragraphs
    )
    assert f"Modèle maison pour {dossier.organisation.nom} : 8\u202f000\u00a0€" in text
