"""A visitor finds a published dataset by a word typed without its accents, filters its
rows, sees the producer's chart and downloads the filtered XLSX; at 1280 and 375 pixels
wide without horizontal scrolling; axe-core clean on every page."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.comptes.factories import OrganisationFactory

from .conftest import check_page

pytestmark = pytest.mark.browser

FORMULE = '=HYPERLINK("http://x","y")'


@pytest.fixture
def jeu_publie(transactional_db):
    from tests.opendata.factories import JeuPublieFactory, ressource_create

    jeu = JeuPublieFactory(
        titre="Équipements sportifs de Lectoure",
        slug="equipements-sportifs-lectoure",
        description="Stades, gymnases et piscines de la commune, avec leur capacité.",
        organisation=OrganisationFactory(nom="Commune de Lectoure"),
        themes=["sport"],
    )
    lignes = [
        ["Stade municipal", "stade", 1200, Decimal("43.934"), Decimal("0.621")],
        ["Gymnase du Bastion", "gymnase", 300, Decimal("43.936"), Decimal("0.624")],
        ["Piscine d'été", "piscine", 450, Decimal("43.931"), Decimal("0.619")],
        ["Gymnase Jean Moulin", "gymnase", 250, Decimal("43.938"), Decimal("0.627")],
        [FORMULE, "gymnase", 80, Decimal("43.930"), Decimal("0.615")],
        ["Terrain de pétanque", "boulodrome", 60, Decimal("43.933"), Decimal("0.622")],
    ]
    ressource_create(
        jeu=jeu,
        titre="Liste des équipements",
        colonnes=[
            ("nom", "texte"),
            ("type", "texte"),
            ("capacite", "entier"),
            ("latitude", "latitude"),
            ("longitude", "longitude"),
        ],
        lignes=lignes,
        graphique={"type": "barres", "x": "nom", "y": "capacite"},
    )
    return jeu


#: What sticks out of the screen (outside the scrolling table wrappers), to say it.
WIDEST = """() => Array.from(document.querySelectorAll("body *"))
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth)
  .filter((e) => !e.parentElement.closest(".table-wrapper"))
  .slice(0, 8).map((e) => e.tagName + "." + e.className + " " + e.getBoundingClientRect().right)"""


def _no_horizontal_scroll(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, (
        f"{page.url} : {scroll} px de large sur un écran de {width} px ; "
        f"éléments qui dépassent : {page.evaluate(WIDEST)}"
    )


@pytest.mark.parametrize("largeur", [1280, 375])
def test_a_visitor_finds_filters_sees_the_chart_and_downloads_the_filtered_xlsx(
    browser, live_server, axe, jeu_publie, largeur
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
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    try:
        # From the home page, by the entry of the main menu.
        page.goto("/")
        if largeur < 640:  # on a phone the menu is folded behind its button
            page.get_by_role("button", name="Menu").click()
        page.get_by_role("navigation", name="Menu principal").get_by_role(
            "link", name="Données ouvertes"
        ).click()
        page.wait_for_url("**/donnees/")
        _no_horizontal_scroll(page, largeur)
        check_page(page, axe)

        # A word typed without its accents.
        page.get_by_label("Rechercher un jeu de données").fill("equipements")
        page.get_by_role("button", name="Rechercher des données").click()
        page.get_by_role("link", name="Équipements sportifs de Lectoure").click()
        page.wait_for_url("**/donnees/jeux/equipements-sportifs-lectoure/")
        assert page.locator("h1").inner_text() == "Équipements sportifs de Lectoure"
        _no_horizontal_scroll(page, largeur)
        check_page(page, axe)

        # Filter the rows: the gymnasiums.
        page.locator("summary", has_text="Filtrer les lignes").click()
        page.get_by_label("type contient").fill("gymnase")
        page.get_by_role("button", name="Filtrer", exact=True).click()
        page.wait_for_url("**c1=gymnase**")
        legende = page.locator("#legende-apercu").inner_text()
        assert "lignes 1 à 3 sur 3 (filtrées)" in legende
        # The chart follows the filter, with its table of figures.
        graphique = page.locator("figure.chart")
        assert graphique.locator("svg rect").count() == 3
        assert "Gymnase du Bastion" in graphique.locator("table").inner_text()
        assert page.locator(".carte-points__point").count() == 3
        _no_horizontal_scroll(page, largeur)
        check_page(page, axe)

        # Sort by capacity, descending, by the header link.
        page.locator("th a", has_text="capacite").click()
        page.wait_for_url("**tri=capacite**")
        page.locator("th a", has_text="capacite").click()
        page.wait_for_url("**tri=-capacite**")
        assert page.locator("th[aria-sort='descending']").count() == 1
        lignes = page.locator("table:has(#legende-apercu) tbody tr")
        premiere = lignes.first.locator("td").first.inner_text()
        assert premiere == "Gymnase du Bastion"

        # Download the filtered XLSX and read it.
        with page.expect_download() as telechargement:
            page.get_by_role("link", name="XLSX").click()
        assert telechargement.value.suggested_filename.endswith(".xlsx")
        with open(telechargement.value.path(), "rb") as fichier:
            classeur = load_workbook(io.BytesIO(fichier.read()))
        lignes = list(classeur.worksheets[0].iter_rows(values_only=True))
        assert lignes[0] == ("nom", "type", "capacite", "latitude", "longitude")
        assert [ligne[0] for ligne in lignes[1:]] == [
            "Gymnase du Bastion",
            "Gymnase Jean Moulin",
            FORMULE,
        ]
        assert [ligne[2] for ligne in lignes[1:]] == [300, 250, 80]
        cellule = classeur.worksheets[0]["A4"]
        assert cellule.data_type == "s" and cellule.quotePrefix
    finally:
        context.close()
