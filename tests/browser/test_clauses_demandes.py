"""The facilitator records a request for support received from a buyer, then what became of
it, and finds it in the yearly report (seed 004); at 1280 and 375 pixels, axe-core on each
page, no horizontal scroll."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from territoires.comptes.demo import DEMO_ACCOUNTS

from .conftest import check_page
from .test_opendata_lecture import _no_horizontal_scroll
from .test_roles import log_in

pytestmark = pytest.mark.browser
FACILITATEUR = next(a for a in DEMO_ACCOUNTS if a["role"] == "facilitateur")


@pytest.mark.parametrize("largeur", [1280, 375])
def test_facilitator_records_a_request_for_support(browser, live_server, axe, demo_data, largeur):
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport={"width": largeur, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    try:
        log_in(page, FACILITATEUR, axe)
        page.goto("/clauses/")
        page.get_by_role("link", name="Demandes d'accompagnement").click()
        expect(page.locator("h1")).to_have_text("Demandes d'accompagnement")
        _no_horizontal_scroll(page, largeur)
        check_page(page, axe)

        # An empty form: the error summary lists what is missing.
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.locator(".error-summary")).to_be_visible()
        check_page(page, axe)

        page.get_by_label("Acheteur (donneur d'ordre)").select_option(index=1)
        page.get_by_label("Reçue le").fill(f"{timezone.localdate().year - 1}-03-14")
        page.get_by_label("Nature").select_option(
            label="Calibrage et rédaction des pièces du marché"
        )
        page.get_by_label("Objet").fill("Calibrer la clause du marché de voirie")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("Demande d'accompagnement enregistrée.")).to_be_visible()
        _no_horizontal_scroll(page, largeur)
        check_page(page, axe)

        page.get_by_role("combobox", name=re.compile("^Suite donnée")).select_option(
            label="Convention d'accompagnement proposée ou signée"
        )
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("Suite donnée enregistrée.")).to_be_visible()
        check_page(page, axe)

        page.goto("/clauses/bilan/")
        expect(page.get_by_text("demandes d'accompagnement reçues").first).to_be_visible()
        expect(page.get_by_role("heading", name="Définitions")).to_be_visible()
        _no_horizontal_scroll(page, largeur)
        check_page(page, axe)
    finally:
        context.close()
