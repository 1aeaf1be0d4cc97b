"""A journalist maps an indicator by intercommunalité then by commune, with the keyboard: the
map is drawn (event `carte:dessinee`), the table links each territory to its page, the table
downloads as CSV; axe-core at 1280 and 375 px, no horizontal scrolling."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import check_page

pytestmark = pytest.mark.browser

COMPTE_DESSINS = (
    "window.cartesDessinees = 0;"
    "document.addEventListener('carte:dessinee', function () { window.cartesDessinees++; });"
)


def _sans_defilement_horizontal(page) -> None:
    largeurs = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert largeurs[0] <= largeurs[1], largeurs


def _carte_dessinee(page) -> None:
    page.wait_for_function("window.cartesDessinees > 0", timeout=20_000)
    expect(page.locator("[data-carte-dessinee] svg path.carte__commune").first).to_be_attached()


@pytest.mark.parametrize("largeur", [1280, 375])
def test_journalist_maps_an_indicator_with_the_keyboard(page, axe, demo_data, largeur):
    page.set_viewport_size({"width": largeur, "height": 900})
    page.add_init_script(COMPTE_DESSINS)
    page.goto("/pilotage/carte/")
    expect(page.locator("h1")).to_contain_text("Carte des indicateurs")

    # Keyboard only: the indicator, then Tab to the scale, arrows to change it, the years.
    page.get_by_label("Indicateur").focus()
    page.keyboard.press("Home")
    expect(page.get_by_label("Indicateur")).to_have_value("ingenierie.demandes")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Échelle")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Échelle")).to_have_value("epci")
    page.keyboard.press("Tab")
    page.keyboard.type("2017")
    page.keyboard.press("Tab")
    page.keyboard.type("2030")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_contain_text("Carte des indicateurs")
    expect(page.locator("figcaption")).to_contain_text(
        "Demandes d'ingénierie par intercommunalité, 2017–2030"
    )
    _carte_dessinee(page)
    expect(page.locator("svg path.carte__limite")).to_be_attached()  # EPCI limits
    tableau = page.locator("table.carte__tableau")
    expect(tableau.locator("thead")).to_contain_text("SIREN")
    expect(tableau.locator("tbody tr a").first).to_have_attribute(
        "href", re.compile(r"^/territoires/epci/\d{9}/$")
    )
    _sans_defilement_horizontal(page)
    check_page(page, axe)

    with page.expect_download(timeout=60_000) as telechargement:
        page.get_by_role("link", name="CSV").click(no_wait_after=True)
    assert telechargement.value.suggested_filename.endswith(".csv")
    contenu = open(telechargement.value.path(), encoding="utf-8-sig").read()
    assert contenu.startswith("Intercommunalité;SIREN;")

    # By commune: the table's link leads to the commune's page.
    page.get_by_label("Échelle").focus()
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Échelle")).to_have_value("commune")
    page.keyboard.press("Tab")  # Enter in a text field submits the form
    page.keyboard.press("Enter")
    expect(page.locator("figcaption")).to_contain_text("par commune")
    _carte_dessinee(page)
    lien = page.locator("table.carte__tableau tbody tr a").first
    nom = lien.inner_text()
    _sans_defilement_horizontal(page)
    check_page(page, axe)
    lien.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/territoires/communes/\w+/$"))
    expect(page.locator("h1")).to_contain_text(nom)
