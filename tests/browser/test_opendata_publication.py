"""A commune secretary publishes her own dataset without help (issue 12, « Done when »):
she deposits a Windows-1252 CSV separated by « ; » with decimal commas, corrects the type
of a column on the preview, publishes and sets its chart; the data officer moderates and
accepts; a visitor finds it by a word typed without its accents, filters it, sees the chart
and downloads the filtered XLSX. axe-core on every page, and no horizontal scrolling at 1280
and 375 pixels wide."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from territoires.comptes.demo import demo_account

from .conftest import check_page
from .test_roles import log_in

pytestmark = pytest.mark.browser

CSV = (
    "nom;code_postal;surface_m2;latitude;longitude;mis_en_service\r\n"
    "Salle des fêtes;32700;412,5;43,9341;0,6212;01/09/1985\r\n"
    "Foyer rural;32700;180;43,9302;0,6188;15/03/2001\r\n"
    "Halle du marché;32700;640,75;43,9355;0,6251;01/07/1972\r\n"
).encode("cp1252")


def _no_horizontal_scroll(page, axe) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        # What sticks out (outside the tables, which scroll inside their own region).
        wide = page.evaluate(
            "(w) => [...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > w + 1"
            " && !e.closest('.table-wrapper'))"
            ".slice(0, 8).map(e => e.tagName + '.' + e.className)",
            width,
        )
        assert scroll <= width, f"{page.url} : {scroll} px de large sur {width} px : {wide}"
    check_page(page, axe)
    page.set_viewport_size({"width": 1280, "height": 800})


def _context_page(browser, live_server, axe, email):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    log_in(page, demo_account(email), axe)
    return page


def test_a_secretary_publishes_and_the_data_officer_accepts(
    browser, live_server, axe, demo_data, tmp_path
):
    fichier = tmp_path / "salles_communales.csv"
    fichier.write_bytes(CSV)
    secretaire = _context_page(browser, live_server, axe, "secretaire@territoires.test")

    secretaire.get_by_role("link", name="Mes jeux de données").first.click()
    expect(secretaire.locator("h1")).to_have_text("Mes jeux de données")
    _no_horizontal_scroll(secretaire, axe)
    secretaire.get_by_role("link", name="Publier un nouveau jeu de données").click()
    _no_horizontal_scroll(secretaire, axe)

    # Her second commune has never published: its first dataset is moderated.
    organisation = secretaire.get_by_label("Organisation productrice")
    second = organisation.locator("option").nth(1).inner_text()
    organisation.select_option(label=second)
    secretaire.get_by_label("Titre du jeu de données").fill("Salles et équipements communaux")
    secretaire.get_by_label("Description").fill("Les salles que la commune prête ou loue.")
    secretaire.get_by_label("Sport et loisirs").check()
    secretaire.get_by_label("Communes couvertes").fill("Lectoure (32)")
    secretaire.get_by_role("button", name="Créer le jeu de données").click()

    expect(secretaire.locator("h1")).to_have_text(
        "Ajouter un fichier à « Salles et équipements communaux »"
    )
    _no_horizontal_scroll(secretaire, axe)
    secretaire.get_by_label("Titre de la ressource").fill("Liste des salles")
    secretaire.get_by_label("Fichier de données").set_input_files(str(fichier))
    secretaire.get_by_role("button", name="Déposer et voir l'aperçu").click()

    # The preview: encoding and separator detected, decimal comma read, types to correct.
    expect(secretaire.locator("h1")).to_have_text("Vérifier le fichier avant de le publier")
    expect(secretaire.locator("main")).to_contain_text("Windows-1252")
    expect(secretaire.locator("main")).to_contain_text("séparateur point-virgule")
    expect(secretaire.get_by_role("cell", name="Halle du marché")).to_be_visible()
    surface = secretaire.get_by_label("Type de la colonne « surface_m2 »")
    expect(surface.locator("option:checked")).to_have_text("Nombre décimal")
    code_postal = secretaire.get_by_label("Type de la colonne « code_postal »")
    expect(code_postal.locator("option:checked")).to_have_text("Nombre entier")
    _no_horizontal_scroll(secretaire, axe)
    code_postal.select_option(label="Texte")
    secretaire.get_by_role("button", name="Publier cette version").click()

    expect(secretaire.get_by_role("status").first).to_contain_text("Version 1 publiée : 3 lignes")
    expect(
        secretaire.get_by_role("row", name=re.compile(r"Version 1 \(courante\)"))
    ).to_be_visible()
    _no_horizontal_scroll(secretaire, axe)
    # The chart of the public page: the surface of each room.
    secretaire.get_by_label("Type de graphique").select_option(label="Barres")
    secretaire.get_by_label("Colonne des abscisses (catégories ou dates)").select_option("nom")
    secretaire.get_by_label("Colonne des valeurs (nombres)").select_option("surface_m2")
    secretaire.get_by_role("button", name="Enregistrer le graphique").click()
    expect(secretaire.get_by_role("status").first).to_be_visible()
    check_page(secretaire, axe)

    secretaire.get_by_role("navigation", name="Fil d'Ariane").get_by_role(
        "link", name="Salles et équipements communaux"
    ).click()
    secretaire.get_by_role("button", name="Publier le jeu").click()
    expect(secretaire.get_by_role("status").first).to_contain_text("première publication")
    expect(secretaire.locator("main")).to_contain_text("En attente de modération")
    check_page(secretaire, axe)

    # The data officer reads it and accepts.
    donnees = _context_page(browser, live_server, axe, "donnees@territoires.test")
    donnees.get_by_role("link", name="Modération des données").first.click()
    _no_horizontal_scroll(donnees, axe)
    donnees.get_by_role("link", name="Salles et équipements communaux").click()
    expect(donnees.locator("main")).to_contain_text("version 1, 3 lignes")
    _no_horizontal_scroll(donnees, axe)
    donnees.get_by_label("Accepter et publier").check()
    donnees.get_by_role("button", name="Enregistrer la décision").click()
    expect(donnees.get_by_role("status").first).to_contain_text(
        "« Salles et équipements communaux » est publié"
    )
    check_page(donnees, axe)

    # The secretary finds it published.
    secretaire.goto("/donnees/mes-jeux/")
    expect(secretaire.get_by_role("row", name=re.compile("Salles et équipements"))).to_contain_text(
        "Publié"
    )
    check_page(secretaire, axe)

    # A visitor finds it by a word typed without its accents, filters, sees the chart.
    visiteur_context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, accept_downloads=True
    )
    visiteur_context.set_default_timeout(10_000)
    visiteur = visiteur_context.new_page()
    visiteur.console_errors = []
    visiteur.on("pageerror", lambda error: visiteur.console_errors.append(str(error)))
    visiteur.goto("/donnees/")
    visiteur.get_by_label("Rechercher un jeu de données").fill("equipements communaux")
    visiteur.get_by_role("button", name="Rechercher des données").click()
    visiteur.get_by_role("link", name="Salles et équipements communaux").click()
    expect(visiteur.locator("h1")).to_have_text("Salles et équipements communaux")
    _no_horizontal_scroll(visiteur, axe)
    visiteur.locator("summary", has_text="Filtrer les lignes").click()
    visiteur.get_by_label("nom contient").fill("salle")
    visiteur.get_by_role("button", name="Filtrer", exact=True).click()
    expect(visiteur.locator("#legende-apercu")).to_contain_text("sur 1 (filtrées)")
    graphique = visiteur.locator("figure.chart")
    expect(graphique.locator("svg rect")).to_have_count(1)
    expect(graphique.locator("table")).to_contain_text("Salle des fêtes")
    _no_horizontal_scroll(visiteur, axe)

    # The filtered XLSX: the decimal comma became a number, the postcode stayed text.
    with visiteur.expect_download() as telechargement:
        visiteur.get_by_role("link", name="XLSX").click()
    with open(telechargement.value.path(), "rb") as fichier:
        classeur = load_workbook(io.BytesIO(fichier.read()))
    lignes = list(classeur.worksheets[0].iter_rows(values_only=True))
    assert lignes[0][:3] == ("nom", "code_postal", "surface_m2")
    assert [ligne[:2] for ligne in lignes[1:]] == [("Salle des fêtes", "32700")]
    assert Decimal(str(lignes[1][2])) == Decimal("412.5")
    visiteur_context.close()
