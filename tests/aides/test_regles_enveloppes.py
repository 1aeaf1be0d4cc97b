"""Issue 15 — envelopes: one definition of committed and remaining for the dashboard and the
programming check; a pro-rata balance, a lapse or a cancelled grant frees the unused amount
(« dégagé »); a payment is never dated before its decision."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from territoires.aides import selectors, services
from territoires.aides.models import Dossier, Enveloppe, Versement
from tests.comptes.factories import login

from .factories import D, dossier_ddr, world
from .test_scdl_actes import attribue

pytestmark = pytest.mark.django_db


def _ligne(w, annee=2026):
    rows = [r for r in selectors.enveloppes_situation(annee) if r["enveloppe"].dispositif == w.ddr]
    assert len(rows) == 1
    return rows[0]


def _propose(w, organisation, montant, date=datetime.date(2026, 3, 2)):
    dossier = dossier_ddr(w, organisation=organisation)
    agent = w.agent if organisation == w.commune else w.agent_b
    services.dossier_submit(dossier=dossier, actor=agent, date=date)
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    services.dossier_propose(dossier=dossier, actor=w.instructeur, version=None, montant=D(montant))
    dossier.refresh_from_db()
    return dossier


def test_dashboard_and_programming_check_read_the_same_remainder():
    w = world()
    Enveloppe.objects.filter(dispositif=w.ddr, annee=2026).update(montant=D("10000"))
    attribue(w)  # 8,000 € granted in June 2026
    propose = _propose(w, w.commune_b, "3000")  # proposed, not programmed: not deducted
    ligne = _ligne(w)
    assert (ligne["attribue"], ligne["propose"], ligne["engage"], ligne["reste"]) == (
        D("8000"), D("3000"), D("8000"), D("2000"),
    )  # fmt: skip
    assert selectors.enveloppe_situation(w.ddr, 2026)["reste"] == ligne["reste"]
    services.dossier_endorse(dossier=propose, actor=w.chef)
    with pytest.raises(ValidationError) as exc:
        services.dossier_program(dossier=propose, actor=w.instructeur)
    assert "(reste 2\u202f000\u00a0€)" in " ".join(exc.value.messages)


def test_a_pro_rata_balance_frees_the_unused_amount(client):
    w = world()
    dossier = attribue(w)  # 8,000 € for 20,000 € HT
    solde = services.versement_request(
        dossier=dossier,
        actor=w.agent,
        type=Versement.Type.SOLDE,
        depenses_justifiees=D("15000"),
        justificatifs=[_pdf()],
    )
    services.versement_pay(versement=solde, actor=w.finances, date=datetime.date(2026, 9, 1))
    ligne = _ligne(w)
    assert (ligne["attribue"], ligne["paye"], ligne["degage"], ligne["engage"]) == (
        D("8000"), D("6000.00"), D("2000.00"), D("6000.00"),
    )  # fmt: skip
    assert ligne["reste"] == ligne["enveloppe"].montant - D("6000")
    login(client, w.chef)
    page = client.get(reverse("aides:tableau") + "?annee=2026").content.decode()
    assert '<th scope="col">Dégagé</th>' in page
    assert "2\u202f000\u00a0€" in page


def test_a_lapse_frees_what_was_not_paid():
    w = world()
    dossier = attribue(w)
    avance = services.versement_request(
        dossier=dossier, actor=w.agent, type=Versement.Type.AVANCE, depenses_justifiees=D("0")
    )
    services.versement_pay(versement=avance, actor=w.finances, date=datetime.date(2026, 8, 5))
    services.dossier_transition_apply(
        dossier=dossier, actor=w.chef, transition="declarer_caduc", reason="Travaux non commencés."
    )
    dossier.refresh_from_db()
    assert dossier.statut == Dossier.Statut.CADUC
    ligne = _ligne(w)
    # The 2,400 € advance stays consumed; the rest of the grant goes back to the envelope.
    assert (ligne["degage"], ligne["engage"]) == (D("5600.00"), D("2400.00"))


def test_a_cancelled_grant_frees_what_was_not_paid(client):
    """The commune gives the project up after an advance: the head of service cancels the
    grant from the dossier's page with a reason; the advance stays paid, the rest is freed."""
    w = world()
    dossier = attribue(w)  # 8,000 €
    avance = services.versement_request(
        dossier=dossier, actor=w.agent, type=Versement.Type.AVANCE, depenses_justifiees=D("0")
    )
    services.versement_pay(versement=avance, actor=w.finances, date=datetime.date(2026, 8, 5))
    login(client, w.chef)
    page = client.get(dossier.get_absolute_url() + "?onglet=instruction").content.decode()
    assert "Annuler la subvention (renonciation ou retrait)" in page
    url = reverse("aides:dossier_transition", args=[dossier.pk])
    sans_motif = client.post(url, {"transition": "annuler_subvention", "motif": ""}, follow=True)
    assert "Indiquez le motif." in sans_motif.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).statut == Dossier.Statut.PAYE_PARTIELLEMENT
    client.post(url, {"transition": "annuler_subvention", "motif": "Projet abandonné."})
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.statut == Dossier.Statut.ANNULE
    ligne = _ligne(w)
    assert (ligne["attribue"], ligne["degage"], ligne["engage"]) == (
        D("0"), D("5600.00"), D("2400.00"),
    )  # fmt: skip
    assert selectors.enveloppe_situation(w.ddr, 2026)["reste"] == ligne["reste"]
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Clos : subvention annulée" in page


def test_a_cancelled_decision_no_longer_counts_as_granted():
    w = world()
    dossier = attribue(w)
    services.dossier_transition_apply(
        dossier=dossier, actor=w.chef, transition="annuler_decision", reason="Erreur matérielle."
    )
    ligne = _ligne(w)
    assert (ligne["attribue"], ligne["programme"], ligne["engage"]) == (
        D("0"),
        D("8000"),
        D("8000"),
    )


def test_a_payment_is_never_dated_before_the_decision(client):
    w = world()
    dossier = attribue(w)  # decided on 26 June 2026
    avance = services.versement_request(
        dossier=dossier, actor=w.agent, type=Versement.Type.AVANCE, depenses_justifiees=D("0")
    )
    with pytest.raises(ValidationError, match="avant la décision d'attribution du 26/06/2026"):
        services.versement_pay(versement=avance, actor=w.finances, date=datetime.date(2026, 6, 1))
    login(client, w.finances)
    url = reverse("aides:versement_payer", args=[avance.pk])
    page = client.post(url, {"date": "2026-06-25"}, follow=True).content.decode()
    assert "ne peut pas précéder la décision d&#x27;attribution du 26/06/2026" in page
    avance.refresh_from_db()
    assert avance.statut == Versement.Statut.DEMANDE
    client.post(url, {"date": "2026-06-26"})
    avance.refresh_from_db()
    assert (avance.statut, avance.paye_le) == (Versement.Statut.PAYE, datetime.date(2026, 6, 26))


def _pdf():
    from tests.core.samples import PDF, upload

    return upload("facture.pdf", PDF)
