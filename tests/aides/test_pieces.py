"""Pieces by type (issue 14): the scheme's slots, filing refused while a required one is
missing, replacement keeping the former file, « à corriger » journaled and told to the
commune, completeness refused until every required piece is there and not sent back."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from territoires.aides import configuration, services
from territoires.aides.models import PieceDossier
from territoires.aides.selectors.pieces import emplacements
from territoires.aides.services import pieces as services_pieces
from territoires.aides.services.depot import PiecesManquantes
from territoires.core.models import Evenement, Notification
from territoires.core.selectors import documents_for, journal_for
from territoires.core.workflow import transition_apply
from tests.comptes.factories import login
from tests.core.samples import PDF, upload

from .factories import dossier_ddr, world

pytestmark = pytest.mark.django_db

DEPOT = datetime.date(2026, 1, 10)
OBLIGATOIRES = ("deliberation", "devis", "plan-financement")


def _monde():
    w = world()
    configuration.pieces_declarer(w.dispositifs)
    return w


def _deposer(w, dossier, code, nom=None, actor=None):
    return services_pieces.piece_deposer(
        dossier=dossier,
        type_piece=w.ddr.types_pieces.get(code=code),
        actor=actor or w.agent,
        fichier=upload(nom or f"{code}.pdf", PDF),
    )


def _depose(w):
    dossier = dossier_ddr(w)
    for code in OBLIGATOIRES:
        _deposer(w, dossier, code)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=DEPOT)
    dossier.refresh_from_db()
    return dossier


def test_filing_is_refused_with_the_list_of_the_missing_required_pieces():
    w = _monde()
    dossier = dossier_ddr(w)
    _deposer(w, dossier, "devis")
    with pytest.raises(PiecesManquantes) as refus:
        services.dossier_submit(dossier=dossier, actor=w.agent, date=DEPOT)
    message = " ".join(refus.value.messages)
    assert "Délibération du conseil municipal (manquante)" in message
    assert "Plan de financement signé (manquante)" in message
    assert "Devis" not in message
    assert "RIB" not in message  # optional
    dossier.refresh_from_db()
    assert dossier.statut == "brouillon"
    _deposer(w, dossier, "deliberation")
    _deposer(w, dossier, "plan-financement")
    services.dossier_submit(dossier=dossier, actor=w.agent, date=DEPOT)
    dossier.refresh_from_db()
    assert dossier.statut == "depose"


def test_a_replaced_piece_keeps_its_former_file_in_the_history():
    w = _monde()
    dossier = _depose(w)
    piece = _deposer(w, dossier, "devis", nom="devis-v2.pdf")
    piece.refresh_from_db()
    assert piece.document.nom_original == "devis-v2.pdf"
    assert PieceDossier.objects.filter(dossier=dossier).count() == 3
    slot = next(s for s in emplacements(dossier) if s.type.code == "devis")
    assert [d.nom_original for d in slot.anciennes] == ["devis.pdf"]
    assert {"devis.pdf", "devis-v2.pdf"} <= {d.nom_original for d in documents_for(dossier)}
    lignes = [e.description for e in journal_for(dossier)]
    assert "Pièce « Devis ou estimation détaillée » remplacée : devis-v2.pdf" in lignes
    # The instructors are told a piece waits for them.
    assert Notification.objects.filter(
        destinataire=w.instructeur, titre__contains="à vérifier"
    ).exists()


def test_a_piece_sent_back_blocks_completeness_until_replaced():
    w = _monde()
    dossier = _depose(w)
    devis = dossier.pieces.get(type__code="devis")
    services_pieces.piece_a_corriger(
        piece=devis, actor=w.instructeur, motif="Le devis n'est pas signé par l'entreprise."
    )
    devis.refresh_from_db()
    assert devis.statut == "a_corriger"
    # Journaled transition on the piece, readable sentence on the dossier.
    etat = journal_for(devis).get(action=Evenement.Action.CHANGEMENT_ETAT)
    assert etat.changes == {"statut": ["À vérifier", "À corriger"]}
    assert etat.motif == "Le devis n'est pas signé par l'entreprise."
    assert journal_for(dossier).filter(description__contains="à corriger").exists()
    # The commune is told which piece and why.
    notification = Notification.objects.get(destinataire=w.agent, titre__contains="à corriger")
    assert "Devis" in notification.titre
    assert notification.texte == "Le devis n'est pas signé par l'entreprise."
    # Completeness refused while a required piece is « à corriger ».
    with pytest.raises(ValidationError, match="pièce obligatoire manque ou est à corriger"):
        transition_apply(obj=dossier, transition="instruire", actor=w.instructeur)
    # The commune replaces it: « à vérifier » again, then the dossier may be declared complete.
    _deposer(w, dossier, "devis", nom="devis-signe.pdf")
    devis.refresh_from_db()
    assert devis.statut == "a_verifier"
    assert devis.motif == ""
    transition_apply(obj=dossier, transition="instruire", actor=w.instructeur)
    dossier.refresh_from_db()
    assert dossier.statut == "en_instruction"


def test_a_reason_is_required_and_only_the_instructor_sends_back():
    w = _monde()
    dossier = _depose(w)
    devis = dossier.pieces.get(type__code="devis")
    with pytest.raises(ValidationError):
        services_pieces.piece_a_corriger(piece=devis, actor=w.instructeur, motif="  ")
    with pytest.raises(PermissionDenied):
        services_pieces.piece_a_corriger(piece=devis, actor=w.agent, motif="Moi-même")
    with pytest.raises(PermissionDenied):
        _deposer(w, dossier, "devis", actor=w.agent_b)


def test_pages_slots_and_who_may_do_what(client):
    w = _monde()
    dossier = _depose(w)
    login(client, w.agent)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Pièces du dossier" in page
    assert "Relevé d&#x27;identité bancaire (RIB)" in page
    assert "(facultative)" in page
    assert "Remplacer : Devis ou estimation détaillée" in page
    # The upload guard refuses what is not what it says.
    url = reverse("aides:piece_deposer", args=[dossier.pk, "rib"])
    response = client.post(
        url, {"rib-fichier": upload("rib.pdf", b"MZ\x90\x00binaire")}, follow=True
    )
    assert "RIB" in response.content.decode()
    assert not dossier.pieces.filter(type__code="rib").exists()
    client.post(url, {"rib-fichier": upload("rib.pdf", PDF)})
    assert dossier.pieces.filter(type__code="rib").exists()
    # The commune may not send back; another commune does not see the dossier.
    devis = dossier.pieces.get(type__code="devis")
    correction = reverse("aides:piece_a_corriger", args=[dossier.pk, devis.pk])
    assert client.post(correction, {f"piece{devis.pk}-motif": "x"}).status_code == 404
    login(client, w.agent_b)
    assert client.post(url, {"rib-fichier": upload("rib.pdf", PDF)}).status_code == 404
    # The instructor sends it back from the page; the commune reads which and why.
    login(client, w.instructeur)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "À corriger : Devis ou estimation détaillée" in page
    client.post(correction, {f"piece{devis.pk}-motif": "Montant HT illisible."})
    login(client, w.agent)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Montant HT illisible." in page
    assert "Le dossier ne peut pas être déclaré complet" in page


def test_pieces_are_closed_once_the_dossier_is_proposed():
    w = _monde()
    dossier = _depose(w)
    transition_apply(obj=dossier, transition="instruire", actor=w.instructeur)
    _deposer(w, dossier, "rib")  # still open during instruction
    services.dossier_propose(
        dossier=dossier, actor=w.instructeur, montant=dossier.montant_demande, version=None
    )
    with pytest.raises(PermissionDenied):
        _deposer(w, dossier, "devis")
    with pytest.raises(PermissionDenied):
        services_pieces.piece_a_corriger(
            piece=dossier.pieces.get(type__code="devis"), actor=w.instructeur, motif="Trop tard"
        )


def test_dossier_page_queries_do_not_grow_with_the_pieces(client, django_assert_max_num_queries):
    w = _monde()
    dossier = _depose(w)
    _deposer(w, dossier, "devis", nom="devis-v2.pdf")  # one former version already
    login(client, w.instructeur)
    with django_assert_max_num_queries(200) as avant:
        client.get(dossier.get_absolute_url())
    for code in ("rib", "calendrier", "devis", "deliberation", "plan-financement"):
        _deposer(w, dossier, code, nom=f"{code}-bis.pdf")
    with django_assert_max_num_queries(len(avant.captured_queries)):
        client.get(dossier.get_absolute_url())
