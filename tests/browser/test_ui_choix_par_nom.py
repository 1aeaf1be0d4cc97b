"""The « choix par nom » widget (ui/widgets.py) in the dataset form, at 375 px: communes from
the referentiel's autocomplete and intercommunalités from the field's own choices, chosen with
the keyboard alone (arrows, Enter, Escape); axe-core with the suggestions open."""

import re

import pytest
from playwright.sync_api import expect

from territoires.comptes.demo import demo_account
from territoires.opendata.models import JeuDeDonnees

from .conftest import check_page
from .test_roles import log_in

pytestmark = pytest.mark.browser


def test_communes_and_epcis_chosen_by_name_with_the_keyboard(browser, live_server, axe, demo_data):
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport={"width": 375, "height": 800}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    log_in(page, demo_account("secretaire@territoires.test"), axe)
    page.goto("/donnees/mes-jeux/nouveau/")
    page.get_by_label("Organisation productrice").select_option(index=1)
    page.get_by_label("Titre du jeu de données").fill("Salles communales")

    communes = page.get_by_role("combobox", name=re.compile("^Communes couvertes"))
    communes.focus()
    page.keyboard.type("lecto")
    suggestion = page.get_by_role("option", name="Lectoure (32)")
    expect(suggestion).to_be_visible()
    expect(communes).to_have_attribute("aria-expanded", "true")
    check_page(page, axe)  # the open listbox, its options and the live region
    page.keyboard.press("ArrowDown")
    expect(suggestion).to_have_attribute("aria-selected", "true")
    expect(communes).to_have_attribute("aria-activedescendant", suggestion.get_attribute("id"))
    page.keyboard.press("Enter")  # chooses, does not submit
    expect(communes).to_have_value("Lectoure (32), ")
    expect(communes).to_have_attribute("aria-expanded", "false")
    expect(communes).to_be_focused()
    page.keyboard.type("aux")
    expect(page.get_by_role("listbox")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")

    epcis = page.get_by_role("combobox", name=re.compile("^Intercommunalités couvertes"))
    nom_epci = page.locator("[data-choix-options] li").first.inner_text()
    epcis.focus()
    page.keyboard.type(nom_epci[:6].lower())
    premiere = page.get_by_role("listbox").get_by_role("option").first
    expect(premiere).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(premiere).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(epcis).to_have_value(re.compile(r", $"))
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 375, f"{scroll} px de large sur 375 px"

    page.get_by_role("button", name="Créer le jeu de données").click()
    assert not page.locator(".errorlist").count(), page.locator(".errorlist").all_inner_texts()
    expect(page.locator("h1")).to_contain_text("Ajouter un fichier")
    jeu = JeuDeDonnees.objects.get(titre="Salles communales")
    assert [c.nom for c in jeu.communes.all()] == ["Lectoure"]
    assert jeu.epcis.count() == 1
    assert not page.console_errors
    context.close()
