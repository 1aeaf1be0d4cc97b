"""A buyer preparing a marché with a social clause finds an insertion structure in the public
directory (seed 003: « guides, annuaires »): from the public figures, by activity and kind,
and takes the list away as a spreadsheet; at 1280 and 375 pixels, axe-core on each page."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import check_page
from .test_opendata_lecture import _no_horizontal_scroll

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("largeur", [1280, 375])
def test_a_buyer_finds_an_insertion_structure_and_downloads_the_list(
    browser, live_server, axe, demo_data, largeur, tmp_path
):
    context = browser.new_context(
        locale="fr-FR",
        base_url=live_server.url,
        viewport={"width": largeur, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    try:
        page.goto("/clauses/chiffres/")
        page.get_by_role("link", name="Annuaire des structures d'insertion et entreprises").click()
        expect(page.locator("h1")).to_have_text(
            "Annuaire des structures d'insertion et entreprises"
        )
        _no_horizontal_scroll(page, largeur)
        check_page(page, axe)

        page.get_by_label("Nom ou activité").fill("peinture")
        page.get_by_label("Type de structure").select_option(
            label="Toutes les structures d'insertion (SIAE, GEIQ, EA)"
        )
        page.get_by_role("button", name="Rechercher dans l'annuaire").click()
        expect(page.get_by_role("heading", name="1 structure")).to_be_visible()
        ligne = page.get_by_role("row", name="Atelier chantier Gascon")
        expect(ligne).to_contain_text("Atelier et chantier d'insertion (ACI)")
        _no_horizontal_scroll(page, largeur)
        check_page(page, axe)

        with page.expect_download() as download:
            page.get_by_role("link", name="tableur (XLSX)").click()
        fichier = tmp_path / download.value.suggested_filename
        download.value.save_as(fichier)
        assert fichier.name == "annuaire-clauses-sociales.xlsx"
        feuille = load_workbook(fichier)["Annuaire"]
        noms = [r[0] for r in feuille.iter_rows(min_row=2, values_only=True)]
        assert noms == ["Atelier chantier Gascon"]
    finally:
        context.close()
