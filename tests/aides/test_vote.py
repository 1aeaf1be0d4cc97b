"""The commission's vote: one dossier granted, one refused (refusal letter), one adjourned to
the next session; a decision reversed only by a logged transition with its reason; a dossier
closed without follow-up with its reason."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document as DocxDocument

from territoires.aides import services
from territoires.aides.models import Dossier
from territoires.comptes.models import Role
from territoires.core.models import Evenement
from tests.comptes.factories import (
    MembreFactory,
    OrganisationFactory,
    UserFactory,
    login,
    valid_siret,
)

from .factories import D, dossier_ddr, world

pytestmark = pytest.mark.django_db


def _programme(w, organisation, actor, intitule):
    dossier = dossier_ddr(w, organisation=organisation, actor=actor, intitule=intitule)
    services.dossier_submit(dossier=dossier, actor=actor, date=datetime.date(2026, 3, 2))
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    services.dossier_propose(dossier=dossier, actor=w.instructeur, version=None, montant=D("8000"))
    services.dossier_endorse(dossier=dossier, actor=w.chef)
    services.dossier_program(dossier=dossier, actor=w.instructeur)
    dossier.refresh_from_db()
    return dossier


def test_vote_grants_refuses_adjourns_then_a_decision_is_reversed(client):
    w = world()
    commune_c = OrganisationFactory()
    commune_c.siret = valid_siret(commune_c.siren)
    commune_c.save()
    agent_c = MembreFactory(role=Role.AGENT, organisation=commune_c, user=UserFactory()).user
    a = _programme(w, w.commune, w.agent, "Lavoir")
    b = _programme(w, w.commune_b, w.agent_b, "Préau")
    c = _programme(w, commune_c, agent_c, "Abribus")
    juin = a.session
    assert b.session == juin == c.session

    login(client, w.chef)
    page = client.get(juin.get_absolute_url()).content.decode()
    assert "Dotation départementale rurale (DDR)" in page
    response = client.get(reverse("aides:session_export", args=[juin.pk, "csv"]))
    export = b"".join(response.streaming_content).decode("utf-8-sig")
    assert all(d.numero in export for d in (a, b, c))
    assert export.count("Programmé") == 3
    response = client.get(reverse("aides:session_export", args=[juin.pk, "xlsx"]))
    assert response.content[:2] == b"PK"
    login(client, w.agent)
    assert client.get(reverse("aides:session_export", args=[juin.pk, "csv"])).status_code == 404
    login(client, w.chef)
    response = client.post(
        juin.get_absolute_url(),
        {
            "numero": "CP-2026-06-007",
            "date": "2026-06-26",
            f"decision_{a.pk}": "attribuer",
            f"decision_{b.pk}": "refuser",
            f"decision_{c.pk}": "ajourner",
        },
        follow=True,
    )
    assert "Vote enregistré" in response.content.decode()
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.statut, b.statut, c.statut) == ("attribue", "refuse", "ajourne")
    assert a.montant_attribue == D("8000")
    assert "octobre 2026" in c.session.nom  # the next session
    juin.refresh_from_db()
    assert juin.numero_deliberation == "CP-2026-06-007"
    assert juin.date_deliberation == datetime.date(2026, 6, 26)

    # The refused commune reads the decision; the letter's draft is the service's.
    login(client, w.agent_b)
    page = client.get(b.get_absolute_url()).content.decode()
    assert "Lettre de refus : en cours de signature" in page
    assert "Arrêté attributif" not in page
    assert "(Word, DOCX)" not in page
    response = client.get(reverse("aides:acte", args=[b.pk, "refus", "docx"]), follow=True)
    assert "réservé au service instructeur" in response.content.decode()
    login(client, w.instructeur)
    response = client.get(reverse("aides:acte", args=[b.pk, "refus", "docx"]))
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(response.content)).paragraphs)
    assert "n'a pas été retenue par la commission permanente" in text

    # Reversing a decision needs a reason, and is journaled.
    login(client, w.chef)
    url = reverse("aides:dossier_transition", args=[a.pk])
    response = client.post(url, {"transition": "annuler_decision", "motif": ""}, follow=True)
    assert "Indiquez le motif." in response.content.decode()
    a.refresh_from_db()
    assert a.statut == "attribue"
    client.post(url, {"transition": "annuler_decision", "motif": "Erreur matérielle de vote"})
    a.refresh_from_db()
    assert a.statut == "programme"
    assert Evenement.objects.filter(object_id=str(a.pk), motif="Erreur matérielle de vote").exists()

    # The adjourned dossier is closed without follow-up, with its reason.
    login(client, w.instructeur)
    client.post(
        reverse("aides:dossier_transition", args=[c.pk]),
        {"transition": "classer_sans_suite", "motif": "Projet abandonné par la commune"},
    )
    assert Dossier.objects.get(pk=c.pk).statut == "sans_suite"
