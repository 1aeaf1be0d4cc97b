"""Issue 14, « Aid dossiers »: a town-hall secretary creates a DDR dossier, fills its financing
plan (running totals, a line added, « Recalculer »), deposits its pieces by type, reads the
summary, files it and downloads the receipt; the instructor sends a piece back « à corriger »
and cannot declare the dossier complete; the commune replaces it; the instructor then can.
Every page: axe-core, and no sideways scrolling at 1280 and 375 pixels."""

import re

import pytest
from playwright.sync_api import expect

from territoires.comptes.demo import demo_account

from .conftest import check_page
from .test_roles import log_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LARGEURS = (1280, 375)


def _page(browser, live_server, axe, email):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, demo_account(email), axe)
    return page


def _verifier(page, axe):
    """axe-core and no horizontal scrolling, at both widths; back to 1280 px."""
    for largeur in LARGEURS:
        page.set_viewport_size({"width": largeur, "height": 900})
        check_page(page, axe)
        largeur_document = page.evaluate("document.documentElement.scrollWidth")
        assert largeur_document <= largeur, f"{page.url} défile à {largeur} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def _onglet(page, nom):
    """Open a tab of the dossier page, as a person clicks it."""
    page.get_by_role("tab", name=re.compile(nom)).click()


def _deposer_piece(page, code, libelle, nom, verbe="Déposer"):
    emplacement = page.locator(f"#piece-{code}")
    emplacement.get_by_label(f"{verbe} : {libelle}").set_input_files(
        {"name": nom, "mimeType": "application/pdf", "buffer": PDF}
    )
    emplacement.get_by_role("button", name=f"{verbe} la pièce").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Pièce « {libelle} » enregistrée")


def test_secretaire_files_a_ddr_dossier_with_its_pieces(browser, live_server, axe, demo_data):
    secretaire = _page(browser, live_server, axe, "secretaire@territoires.test")

    # The form: the financing plan's totals as one types, a line added without losing anything.
    # She works for two communes: the one that has not filed its DDR dossier this year.
    secretaire.goto("/aides/dispositifs/ddr/")
    if secretaire.get_by_text("Vous ne pouvez pas déposer de demande").count():
        autre = secretaire.get_by_label("Organisation", exact=True).locator(
            "option:not([selected])"
        )
        secretaire.get_by_label("Organisation", exact=True).select_option(
            autre.first.get_attribute("value")
        )
        secretaire.get_by_role("button", name="Changer").click()
        secretaire.goto("/aides/dispositifs/ddr/")
    expect(secretaire.get_by_text("Vous pouvez déposer une demande")).to_be_visible()
    secretaire.get_by_role("link", name="Déposer une demande").click()
    _verifier(secretaire, axe)
    secretaire.get_by_label("Intitulé du projet").fill("Restauration du lavoir de la place")
    secretaire.get_by_label("Coût total du projet HT (€)").fill("20000")
    secretaire.get_by_label("Subvention demandée au Département (€)").fill("8000")
    secretaire.get_by_label("Dépense 1 : libellé").fill("Maçonnerie")
    secretaire.get_by_label("Dépense 1 : montant HT (€)").fill("12000")
    secretaire.get_by_label("Dépense 2 : libellé").fill("Charpente")
    secretaire.get_by_label("Dépense 2 : montant HT (€)").fill("6000")
    expect(secretaire.locator("#plan-total-depenses")).to_have_text("18\u202f000\u00a0€")
    expect(secretaire.locator("#plan-ecart-depenses")).to_have_text("il manque 2\u202f000\u00a0€")
    secretaire.get_by_role("button", name="Ajouter une ligne de dépense").click()
    expect(secretaire.get_by_label("Dépense 2 : libellé")).to_have_value("Charpente")
    secretaire.get_by_label("Dépense 4 : libellé").fill("Menuiseries")
    secretaire.get_by_label("Dépense 4 : montant HT (€)").fill("2000")
    secretaire.get_by_label("État — DETR (€)").fill("6000")
    secretaire.get_by_label("Autofinancement du maître d'ouvrage (€)").fill("6000")
    secretaire.get_by_role("button", name="Recalculer").click()
    expect(secretaire.locator("#plan-ecart-depenses")).to_have_text("équilibré")
    expect(secretaire.locator("#plan-ecart-financements")).to_have_text("équilibré")
    _verifier(secretaire, axe)
    secretaire.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(secretaire.locator("h1")).to_have_text("Restauration du lavoir de la place")
    dossier_url = secretaire.url
    _verifier(secretaire, axe)

    # « Déposer » leads to the summary, which says what is missing and offers no filing.
    secretaire.get_by_role("button", name="Déposer le dossier").click()
    expect(secretaire.locator("h1")).to_have_text("Récapitulatif avant dépôt")
    alerte = secretaire.get_by_role("alert")
    expect(alerte).to_contain_text("Pièce obligatoire manquante : Délibération du conseil")
    expect(secretaire.get_by_role("button", name="Déposer le dossier")).to_have_count(0)
    _verifier(secretaire, axe)

    # The pieces, each in its slot.
    secretaire.get_by_role("link", name="Compléter le dossier").click()
    _deposer_piece(secretaire, "deliberation", "Délibération du conseil municipal", "delib.pdf")
    _deposer_piece(secretaire, "devis", "Devis ou estimation détaillée", "devis.pdf")
    _deposer_piece(secretaire, "plan-financement", "Plan de financement signé", "plan.pdf")
    _verifier(secretaire, axe)

    # The summary, then the explicit confirmation, then the receipt.
    _onglet(secretaire, "^Demande")
    secretaire.get_by_role("button", name="Déposer le dossier").click()
    expect(secretaire.get_by_text("Menuiseries")).to_be_visible()
    expect(secretaire.get_by_text("Séance prévisionnelle")).to_be_visible()
    _verifier(secretaire, axe)
    secretaire.get_by_role("button", name="Déposer le dossier").click()
    expect(secretaire.get_by_role("status").first).to_contain_text("Dossier déposé sous le numéro")
    with secretaire.expect_download() as telechargement:
        secretaire.get_by_role("link", name="Télécharger le récépissé de dépôt (PDF)").click()
    recepisse = telechargement.value
    assert re.match(r"recepisse-AID-\d{4}-\d+\.pdf", recepisse.suggested_filename)
    with open(recepisse.path(), "rb") as fichier:
        assert fichier.read(5) == b"%PDF-"
    _verifier(secretaire, axe)

    # The instructor sends the quote back; completeness is refused while it is « à corriger ».
    instructeur = _page(browser, live_server, axe, "instructeur@territoires.test")
    instructeur.goto(dossier_url)
    _onglet(instructeur, "^Pièces")
    _verifier(instructeur, axe)
    devis = instructeur.locator("#piece-devis")
    devis.get_by_text("Demander une correction").click()
    devis.get_by_label(re.compile("À corriger dans « Devis")).fill(
        "Le devis n'est pas signé par l'entreprise."
    )
    devis.get_by_role("button", name="À corriger : Devis ou estimation détaillée").click()
    expect(instructeur.get_by_role("status").first).to_contain_text("la commune est prévenue")
    expect(instructeur.get_by_role("button", name="Déclarer complet et instruire")).to_have_count(0)
    expect(instructeur.locator("#pieces-section")).to_contain_text(
        "Le dossier ne peut pas être déclaré complet tant que ces pièces manquent ou sont à "
        "corriger : Devis ou estimation détaillée (à corriger)"
    )
    _verifier(instructeur, axe)

    # The commune sees which piece and why, and replaces it.
    secretaire.goto(dossier_url)
    _onglet(secretaire, "^Pièces")
    devis = secretaire.locator("#piece-devis")
    expect(devis).to_contain_text("Le devis n'est pas signé par l'entreprise.")
    _verifier(secretaire, axe)
    _deposer_piece(
        secretaire, "devis", "Devis ou estimation détaillée", "devis-signe.pdf", "Remplacer"
    )
    expect(devis).to_contain_text("À vérifier")
    expect(devis).to_contain_text("Versions précédentes : devis.pdf")

    # The instructor declares it complete now.
    instructeur.goto(dossier_url)
    _onglet(instructeur, "^Instruction")
    instructeur.get_by_role("button", name="Déclarer complet et instruire").click()
    expect(instructeur.locator(".lead .badge")).to_have_text("En instruction")
    _verifier(instructeur, axe)
