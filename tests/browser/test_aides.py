"""The « Done when » path of the aides module in the browser: a commune files a DDR dossier
the checks accept and another they refuse with the reason; an instructor takes the first
through completeness, opinion, proposal, visa (head of service) and programming in the June
session; the vote attributes it (an explicit choice); the service uploads the signed arrêté and
the commune downloads it; the commune requests and receives the balance; the subsidy appears in
the SCDL export. axe-core on every page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from territoires.comptes.demo import demo_account

from .conftest import check_page
from .test_roles import log_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _context_page(browser, live_server, axe, email):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    log_in(page, demo_account(email), axe)
    return page


def _onglet(page, nom):
    """Open a tab of the dossier page (« Instruction » is « Décision et versements » for
    the applicant)."""
    page.get_by_role("tab", name=re.compile(nom)).click()


def _fill_dossier(page, intitule):
    page.get_by_label("Intitulé du projet").fill(intitule)
    page.get_by_label("Coût total du projet HT (€)").fill("20000")
    page.get_by_label("Subvention demandée au Département (€)").fill("8000")
    page.get_by_label("Dépense 1 : libellé").fill("Travaux de maçonnerie")
    page.get_by_label("Dépense 1 : montant HT (€)").fill("20000")
    page.get_by_label("État — DETR (€)").fill("6000")
    page.get_by_label("Autofinancement du maître d'ouvrage (€)").fill("6000")
    page.get_by_role("button", name="Enregistrer le brouillon").click()


def test_ddr_dossier_from_filing_to_balance_and_open_data(
    browser, live_server, page, axe, demo_data
):
    maire = _context_page(browser, live_server, axe, "maire@territoires.test")

    # The catalogue and the eligibility pre-check from the commune's real data.
    maire.goto("/aides/")
    check_page(maire, axe)
    maire.get_by_role("link", name="Dotation départementale rurale (DDR)").click()
    expect(maire.get_by_text("Vous pouvez déposer une demande")).to_be_visible()
    check_page(maire, axe)
    maire.get_by_role("link", name="Déposer une demande").click()
    check_page(maire, axe)
    _fill_dossier(maire, "Réfection du lavoir communal")
    expect(maire.locator("h1")).to_have_text("Réfection du lavoir communal")
    expect(maire.get_by_role("caption")).to_contain_text(["Contrôles au dépôt"])
    check_page(maire, axe)
    # Issue 14: the required pieces in their slots, then the summary confirms the filing.
    _onglet(maire, "^Pièces")
    for code in ("deliberation", "devis", "plan-financement"):
        slot = maire.locator(f"#piece-{code}")
        slot.locator("input[type=file]").set_input_files(
            {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        slot.get_by_role("button", name="Déposer la pièce").click()
        expect(maire.get_by_role("status").first).to_contain_text("enregistrée")
    _onglet(maire, "^Demande")
    maire.get_by_role("button", name="Déposer le dossier").click()
    expect(maire.locator("h1")).to_have_text("Récapitulatif avant dépôt")
    maire.get_by_role("button", name="Déposer le dossier").click()
    expect(maire.get_by_role("status").first).to_contain_text("Dossier déposé sous le numéro")
    expect(maire.get_by_role("status").first).to_contain_text("juin")
    dossier_url = maire.url
    check_page(maire, axe)

    # A second DDR dossier the same year: refused, with the reason.
    maire.goto("/aides/dispositifs/ddr/demande/")
    _fill_dossier(maire, "Création d'une aire de jeux")
    maire.get_by_role("button", name="Déposer le dossier").click()
    expect(maire.get_by_role("alert").first).to_contain_text("Limite atteinte")
    expect(maire.get_by_text("Le dossier ne peut pas encore être déposé")).to_be_visible()
    check_page(maire, axe)

    # The instructor: completeness, then an opinion asked to the finance department.
    instructeur = _context_page(browser, live_server, axe, "instructeur@territoires.test")
    instructeur.goto("/aides/instruction/?q=lavoir")
    check_page(instructeur, axe)
    instructeur.goto(dossier_url)
    check_page(instructeur, axe)
    _onglet(instructeur, "^Instruction")
    instructeur.get_by_role("button", name="Déclarer complet et instruire").click()
    expect(instructeur.locator(".lead .badge")).to_have_text("En instruction")
    _onglet(instructeur, "^Avis")
    instructeur.get_by_label("Service consulté").select_option(label="Direction des finances")
    instructeur.get_by_label("Question (réponse par oui ou non)").fill(
        "La commune peut-elle porter ce projet ?"
    )
    instructeur.get_by_role("button", name="Demander l'avis").click()
    expect(instructeur.get_by_role("status").first).to_contain_text("Avis demandé")

    finances = _context_page(browser, live_server, axe, "finances@territoires.test")
    finances.goto(dossier_url)
    check_page(finances, axe)
    _onglet(finances, "^Avis")
    finances.get_by_label("Oui, favorable").check()
    finances.get_by_label("Commentaire").fill("Situation financière saine.")
    finances.get_by_role("button", name="Donner l'avis").click()
    expect(finances.get_by_text("oui (favorable)")).to_be_visible()

    # Proposal (the June session is proposed by rule), visa, programming.
    instructeur.goto(dossier_url + "?onglet=avis")
    expect(instructeur.get_by_text("oui (favorable)")).to_be_visible()
    _onglet(instructeur, "^Instruction")
    expect(instructeur.get_by_label("Session de programmation")).to_contain_text("juin")
    instructeur.get_by_label("Montant proposé (€)").fill("8000")
    instructeur.get_by_role("button", name="Enregistrer la proposition").click()
    expect(instructeur.locator(".lead .badge")).to_have_text("Proposé")
    check_page(instructeur, axe)

    chef = _context_page(browser, live_server, axe, "chef.service@territoires.test")
    chef.goto(dossier_url)
    chef.get_by_role("button", name="Viser la proposition").click()
    expect(chef.get_by_role("status").first).to_contain_text("Proposition visée")
    check_page(chef, axe)

    instructeur.goto(dossier_url + "?onglet=instruction")
    instructeur.get_by_role("button", name="Programmer en session").click()
    expect(instructeur.locator(".lead .badge")).to_have_text("Programmé")
    _onglet(instructeur, "^Instruction")
    instructeur.get_by_role("link", name="Rapport et vote de la session").click()
    session_url = instructeur.url
    expect(instructeur.locator("h1")).to_contain_text("juin")
    check_page(instructeur, axe)

    # The vote of the commission permanente.
    chef.goto(session_url)
    check_page(chef, axe)
    chef.get_by_label("Numéro de la délibération").fill("CP-2027-06-042")
    # No decision is pre-selected: the dossier is granted by an explicit choice.
    lien = chef.get_by_role("link", name=re.compile("Réfection du lavoir communal")).first
    numero = lien.inner_text().split(" — ")[0]
    decision = chef.get_by_label(re.compile(f"^Décision pour {numero} — "))
    expect(decision).to_have_value("")
    decision.select_option("attribuer")
    chef.get_by_role("button", name="Enregistrer le vote").click()
    expect(chef.get_by_role("status").first).to_contain_text("Vote enregistré")
    check_page(chef, axe)

    # The dashboard: envelopes, F2D contracts, amounts by EPCI and on the map.
    chef.goto("/aides/tableau-de-bord/?annee=2025")
    expect(chef.get_by_role("caption").first).to_contain_text("Enveloppes 2025")
    check_page(chef, axe)

    # The service downloads the drafts (DOCX and PDF) and uploads the signed arrêté.
    instructeur.goto(dossier_url)
    _onglet(instructeur, "^Instruction")
    with instructeur.expect_download() as info:
        instructeur.get_by_role("link", name="Arrêté attributif (Word, DOCX)").click()
    assert info.value.suggested_filename.endswith(".docx")
    with instructeur.expect_download() as info:
        instructeur.get_by_role("link", name="Arrêté attributif (PDF non signé)").click()
    assert open(info.value.path(), "rb").read(4) == b"%PDF"
    instructeur.get_by_role("combobox", name=re.compile(r"^Acte")).select_option(
        label="Arrêté attributif"
    )
    instructeur.get_by_label("Date de signature").fill(timezone.localdate().isoformat())
    instructeur.get_by_label("Version signée (PDF)").set_input_files(
        {"name": "arrete-signe.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    instructeur.get_by_role("button", name="Déposer l'acte signé").click()
    expect(instructeur.get_by_role("status").first).to_contain_text("Acte signé déposé")

    # The commune sees the grant and downloads the signed arrêté, never the Word draft.
    maire.goto(dossier_url)
    expect(maire.locator(".lead .badge")).to_have_text("Attribué")
    expect(maire.get_by_text(re.compile("signé le .*, déposé le")).first).to_be_attached()
    _onglet(maire, "Décision et versements")
    expect(maire.get_by_text("délibération n° CP-2027-06-042").first).to_be_visible()
    expect(maire.get_by_role("link", name=re.compile("Word, DOCX"))).to_have_count(0)
    expect(maire.get_by_text("Lettre de notification : en cours de signature")).to_be_visible()
    check_page(maire, axe)
    with maire.expect_download() as info:
        maire.get_by_role("link", name="Arrêté attributif signé (PDF)").click()
    assert open(info.value.path(), "rb").read(4) == b"%PDF"

    def demander_solde(depenses):
        _onglet(maire, "Décision et versements")
        maire.get_by_label("Nature du versement").select_option(label="Solde")
        maire.get_by_label("Dépenses réalisées HT justifiées, en cumul (€)").fill(depenses)
        maire.get_by_label(
            "Justificatifs (factures acquittées, certificat d'achèvement)"
        ).set_input_files({"name": "factures.pdf", "mimeType": "application/pdf", "buffer": PDF})
        maire.get_by_role("button", name="Demander le versement").click()
        expect(maire.get_by_role("status").first).to_contain_text("Demande de versement envoyée")

    # The balance, on supporting documents: a first request is rejected with its reason,
    # the commune reads it and files a corrected one.
    demander_solde("20000")
    check_page(maire, axe)
    finances.goto(dossier_url + "?onglet=instruction")
    finances.get_by_label("Motif du rejet (transmis au bénéficiaire)").fill(
        "Le certificat d'achèvement manque."
    )
    finances.get_by_role("button", name="Rejeter la demande").click()
    expect(finances.get_by_role("status").first).to_contain_text("Demande de versement rejetée")
    check_page(finances, axe)
    maire.goto(dossier_url)
    expect(maire.get_by_text("Votre demande de solde a été rejetée")).to_be_visible()
    expect(maire.get_by_text("Le certificat d'achèvement manque.").first).to_be_visible()
    check_page(maire, axe)
    demander_solde("20000")

    finances.goto(dossier_url + "?onglet=instruction")
    finances.get_by_role("button", name=re.compile("^Payer")).click()
    expect(finances.get_by_role("status").first).to_contain_text("Solde payé")
    check_page(finances, axe)

    maire.goto(dossier_url)
    expect(maire.locator(".lead .badge")).to_have_text("Soldé")
    _onglet(maire, "Décision et versements")
    expect(maire.get_by_text("reste à verser : 0")).to_be_visible()

    # The commune's own list, filtered, and its export with the same filters.
    maire.goto("/aides/mes-dossiers/")
    maire.get_by_label("État").select_option(label="Soldé")
    maire.get_by_role("button", name="Filtrer").click()
    expect(
        maire.get_by_role("link", name=re.compile("Réfection du lavoir communal"))
    ).to_be_visible()
    expect(maire.get_by_text("Création d'une aire de jeux")).to_have_count(0)
    check_page(maire, axe)
    with maire.expect_download() as info:
        maire.get_by_role("link", name="CSV").click()
    export = open(info.value.path(), encoding="utf-8-sig").read()
    assert "Réfection du lavoir communal" in export
    assert "aire de jeux" not in export

    # Open data: the subsidy is in the SCDL export.
    response = page.request.get("/aides/donnees/subventions.csv")
    assert response.ok
    csv_text = response.text()
    assert "Réfection du lavoir communal" in csv_text
    assert "CP-2027-06-042" in csv_text
    for other in (maire, instructeur, finances, chef):
        other.context.close()
