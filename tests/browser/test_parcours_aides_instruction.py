"""The instructor's journey on a filed dossier (issue 14, « Aid dossiers »): the page opens
in tabs beside a summary; the instructor goes from tab to tab with the keyboard, declares the
dossier complete and proposes with the pre-filled form; the head of service refuses the visa
with a reason; the instructor reads it. At 1280 px and at 375 px (no sideways scrolling),
axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from territoires.aides.models import Dossier
from territoires.aides.selectors.dossier import montant_suggere

from .conftest import check_page
from .test_aides import _context_page

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def _tab(page, name):
    return page.get_by_role("tab", name=name, exact=True)


def test_instructor_walks_a_dossier_and_the_head_of_service_refuses_the_visa(
    browser, live_server, axe, demo_data
):
    dossier = Dossier.objects.filter(statut="depose", dispositif__code="ddr").order_by("pk").first()
    assert dossier is not None, "la démonstration doit compter un dossier DDR déposé"
    montant, _ = montant_suggere(dossier)
    url = dossier.get_absolute_url()

    instructeur = _context_page(browser, live_server, axe, "instructeur@territoires.test")
    instructeur.set_viewport_size({"width": 1280, "height": 900})
    instructeur.goto(url)
    expect(instructeur.locator("h1")).to_have_text(dossier.intitule)
    # The timeline: filed, and waiting for completeness.
    expect(instructeur.locator(".frise [aria-current=step]")).to_contain_text("Complet")
    # The summary stands beside the tabs.
    resume = instructeur.locator(".dossier-resume").bounding_box()
    onglets = instructeur.get_by_role("tablist").bounding_box()
    assert resume["x"] > onglets["x"] + onglets["width"] - 1
    check_page(instructeur, axe)

    # From tab to tab with the keyboard (arrows, End, Home), no reload.
    _tab(instructeur, "Demande").focus()
    expect(_tab(instructeur, "Demande")).to_have_attribute("aria-selected", "true")
    instructeur.keyboard.press("ArrowRight")
    expect(_tab(instructeur, "Pièces")).to_be_focused()
    expect(instructeur.get_by_role("tabpanel", name="Pièces")).to_be_visible()
    expect(instructeur.get_by_role("tabpanel", name="Demande")).to_be_hidden()
    instructeur.keyboard.press("End")
    expect(_tab(instructeur, "Historique")).to_be_focused()
    expect(instructeur.get_by_role("tabpanel", name="Historique")).to_be_visible()
    expect(instructeur).to_have_url(re.compile(r"\?onglet=historique$"))
    instructeur.keyboard.press("Home")
    expect(_tab(instructeur, "Demande")).to_be_focused()
    instructeur.keyboard.press("ArrowRight")
    instructeur.keyboard.press("ArrowRight")
    expect(_tab(instructeur, "Instruction")).to_be_focused()
    panneau = instructeur.get_by_role("tabpanel", name="Instruction")
    expect(panneau).to_be_visible()
    check_page(instructeur, axe)

    # Complete, then the proposal: amount and session are already filled in.
    panneau.get_by_role("button", name="Déclarer complet et instruire").click()
    expect(instructeur.get_by_role("status").first).to_contain_text("Dossier déclaré complet")
    expect(_tab(instructeur, "Instruction")).to_have_attribute("aria-selected", "true")
    expect(instructeur.get_by_label("Montant proposé (€)")).to_have_value(f"{montant:.2f}")
    expect(instructeur.get_by_label("Session de programmation")).not_to_have_value("")
    check_page(instructeur, axe)
    instructeur.get_by_role("button", name="Enregistrer la proposition").click()
    expect(instructeur.get_by_role("status").first).to_contain_text("Proposition enregistrée")
    expect(instructeur.locator(".dossier-resume")).to_contain_text("Proposé")

    # The head of service lands on the visa and refuses it, saying why.
    chef = _context_page(browser, live_server, axe, "chef.service@territoires.test")
    chef.set_viewport_size({"width": 1280, "height": 900})
    chef.goto(url)
    expect(_tab(chef, "Instruction")).to_have_attribute("aria-selected", "true")
    chef.get_by_role("button", name="Refuser le visa").click()
    expect(chef.get_by_role("alert").first).to_contain_text("Indiquez le motif du refus")
    chef.get_by_label("Motif du refus (transmis à l'instructeur)").fill(
        "Le plan de financement doit être actualisé avant la commission."
    )
    chef.get_by_role("button", name="Refuser le visa").click()
    expect(chef.get_by_role("status").first).to_contain_text("Visa refusé")
    expect(chef.locator(".dossier-resume")).to_contain_text("En instruction")
    check_page(chef, axe)

    # The instructor reads the reason, on the dossier and in its history; then on a phone.
    instructeur.set_viewport_size({"width": 375, "height": 800})
    instructeur.goto(url + "?onglet=instruction")
    motif = "Le plan de financement doit être actualisé avant la commission."
    panneau = instructeur.get_by_role("tabpanel", name="Instruction")
    expect(panneau).to_contain_text("Visa refusé par")
    expect(panneau).to_contain_text(motif)
    assert instructeur.evaluate(NO_SIDEWAYS_SCROLL)
    # On a phone the summary comes above the tabs.
    resume = instructeur.locator(".dossier-resume").bounding_box()
    onglets = instructeur.get_by_role("tablist").bounding_box()
    assert resume["y"] + resume["height"] <= onglets["y"]
    check_page(instructeur, axe)
    _tab(instructeur, "Historique").click()
    historique = instructeur.get_by_role("tabpanel", name="Historique")
    expect(historique).to_contain_text("Visa refusé")
    expect(historique).to_contain_text(motif)
    assert instructeur.evaluate(NO_SIDEWAYS_SCROLL)
    check_page(instructeur, axe)

    instructeur.context.close()
    chef.context.close()
