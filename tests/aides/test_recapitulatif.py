"""The summary before filing and the filing receipt (issue 14): everything entered, the checks
and the pieces, an explicit « Déposer », then a PDF receipt for the commune and the service."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from territoires.aides import configuration
from territoires.aides.models import Dossier
from territoires.aides.services import pieces as services_pieces
from tests.comptes.factories import login
from tests.core.samples import PDF, upload

from .factories import dossier_ddr, world

pytestmark = pytest.mark.django_db


def _monde():
    w = world()
    configuration.pieces_declarer(w.dispositifs)
    return w


def _deposer(w, dossier, code):
    services_pieces.piece_deposer(
        dossier=dossier,
        type_piece=w.ddr.types_pieces.get(code=code),
        actor=w.agent,
        fichier=upload(f"{code}.pdf", PDF),
    )


def test_summary_lists_what_is_missing_and_offers_no_filing(client):
    w = _monde()
    dossier = dossier_ddr(w)
    _deposer(w, dossier, "devis")
    login(client, w.agent)
    page = client.get(reverse("aides:dossier_recapitulatif", args=[dossier.pk])).content.decode()
    assert "Récapitulatif avant dépôt" in page
    assert "Réfection du lavoir communal" in page
    assert "20\u202f000\u00a0€" in page  # cost, French formatting
    assert "Contrôles du dispositif" in page
    assert "Pièce obligatoire manquante : Délibération du conseil municipal" in page
    assert "Pièce obligatoire manquante : Plan de financement signé" in page
    assert 'name="confirmer"' not in page
    # Forcing the POST anyway: refused with the list, back to the summary.
    response = client.post(
        reverse("aides:dossier_deposer", args=[dossier.pk]), {"confirmer": "1"}, follow=True
    )
    assert "des pièces obligatoires manquent" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/recapitulatif/")
    dossier.refresh_from_db()
    assert dossier.statut == "brouillon"


def test_confirmed_filing_then_receipt_for_the_commune_and_the_service(client):
    w = _monde()
    dossier = dossier_ddr(w)
    for code in ("deliberation", "devis", "plan-financement"):
        _deposer(w, dossier, code)
    login(client, w.agent)
    recap = reverse("aides:dossier_recapitulatif", args=[dossier.pk])
    page = client.get(recap).content.decode()
    assert 'name="confirmer"' in page
    assert "Séance prévisionnelle" in page
    # No receipt for a draft.
    assert client.get(reverse("aides:recepisse", args=[dossier.pk])).status_code == 404
    response = client.post(
        reverse("aides:dossier_deposer", args=[dossier.pk]), {"confirmer": "1"}, follow=True
    )
    dossier.refresh_from_db()
    assert dossier.statut == "depose"
    assert "Dossier déposé sous le numéro" in response.content.decode()
    # A known filing time: 9:05 UTC in January is 10:05 in Paris (the instance's time zone).
    Dossier.objects.filter(pk=dossier.pk).update(
        depose_le=datetime.datetime(2026, 1, 12, 9, 5, tzinfo=datetime.UTC)
    )
    for user in (w.agent, w.instructeur):
        login(client, user)
        response = client.get(reverse("aides:recepisse", args=[dossier.pk]))
        assert response["Content-Type"] == "application/pdf"
        texte = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert dossier.numero in texte
        assert "12 janvier 2026 à 10:05" in texte
        assert "Dotation départementale rurale" in texte
        assert "8\u202f000" in texte
        assert "Délibération du conseil municipal : deliberation.pdf" in texte
        assert dossier.session.nom in texte
    # Another commune: the receipt does not exist for it.
    login(client, w.agent_b)
    assert client.get(reverse("aides:recepisse", args=[dossier.pk])).status_code == 404
    assert timezone.get_current_timezone_name() == "Europe/Paris"


def test_the_scheme_page_lists_its_pieces_by_type(client):
    _monde()
    page = client.get(reverse("aides:dispositif", args=["ddr"])).content.decode()
    assert "Plan de financement signé (obligatoire)" in page
    assert "Relevé d&#x27;identité bancaire (RIB) (facultative)" in page


def test_documents_sent_back_are_transmitted_from_the_summary(client):
    from territoires.aides import services
    from territoires.core.workflow import transition_apply

    w = _monde()
    dossier = dossier_ddr(w)
    for code in ("deliberation", "devis", "plan-financement"):
        _deposer(w, dossier, code)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 1, 10))
    dossier.refresh_from_db()
    transition_apply(obj=dossier, transition="declarer_incomplet", actor=w.instructeur)
    login(client, w.agent)
    page = client.get(reverse("aides:dossier_recapitulatif", args=[dossier.pk])).content.decode()
    assert "Transmettre les compléments" in page
    # Issue 15: complete today, the dossier goes to the session that follows today, not to
    # the one of its filing day.
    from territoires.aides import selectors

    prevue = selectors.session_prevue(dossier.dispositif, timezone.localdate())
    assert prevue.nom in page
    client.post(reverse("aides:dossier_deposer", args=[dossier.pk]), {"confirmer": "1"})
    dossier.refresh_from_db()
    assert dossier.statut == "depose"
    assert (dossier.session.nom, dossier.complet_le) == (prevue.nom, timezone.localdate())
