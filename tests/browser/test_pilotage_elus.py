"""The elected official logs in, sees their territory and the next commission, and turns the
weekly digest on; the administrator sets an official's communes by their name; axe-core on
every page, at 1280 and 375 px without horizontal scrolling."""

import re

import pytest
from playwright.sync_api import expect

from territoires.comptes.demo import demo_account
from territoires.comptes.models import User
from territoires.pilotage.models import SuiviElu
from territoires.referentiel.models import Commune

from .conftest import check_page
from .test_roles import log_in

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"défilement horizontal sur {page.url}"


@pytest.mark.parametrize("largeur", [1280, 375])
def test_the_elected_official_reads_their_territory(page, axe, demo_data, largeur):
    page.set_viewport_size({"width": largeur, "height": 900})
    log_in(page, demo_account("elu@territoires.test"), axe)

    expect(page.locator("h1")).to_have_text("Mon espace — Élu départemental")
    section = page.locator("section", has=page.locator("#elu-territoire-titre"))
    expect(
        section.get_by_role("heading", name=re.compile(r"^Mon territoire en \d{4}$"))
    ).to_be_visible()
    expect(section).to_contain_text("Vous suivez")
    expect(section).to_contain_text("Subventions accordées")
    expect(section.get_by_role("heading", name=re.compile("^Nouveautés"))).to_be_visible()
    expect(
        section.get_by_role("heading", name="Prochaines séances de la commission")
    ).to_be_visible()
    expect(section).to_contain_text("Commission permanente du")
    check_page(page, axe)
    no_horizontal_scroll(page)

    # The detailed page, then the weekly digest.
    page.get_by_role("link", name="Le détail de mon territoire").click()
    expect(page.locator("h1")).to_have_text("Mon territoire")
    check_page(page, axe)
    no_horizontal_scroll(page)
    page.get_by_role("link", name="Modifier ce réglage").click()
    expect(page.locator("h1")).to_have_text("Résumé hebdomadaire par courriel")
    expect(page.get_by_label(re.compile("Non, je consulte"))).to_be_checked()
    check_page(page, axe)
    no_horizontal_scroll(page)
    page.get_by_label(re.compile("Oui, m.envoyer")).check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Vous recevrez chaque semaine")
    expect(page.locator("main")).to_contain_text(
        "Vous recevez chaque semaine ce résumé par courriel."
    )
    check_page(page, axe)
    no_horizontal_scroll(page)
    assert SuiviElu.objects.get(user__email="elu@territoires.test").resume_hebdomadaire


@pytest.mark.parametrize("largeur", [1280, 375])
def test_the_administrator_sets_an_officials_communes_by_name(page, axe, demo_data, largeur):
    """The administrator chooses the official's communes by their name with the keyboard; the
    official logs in and finds them on their home page."""
    page.set_viewport_size({"width": largeur, "height": 900})
    elu = User.objects.get(email="elu@territoires.test")
    log_in(page, demo_account("admin@territoires.test"), axe)
    page.get_by_role("link", name=re.compile("^Choisir le canton, les communes")).click()
    expect(page.locator("h1")).to_have_text("Élus départementaux")
    check_page(page, axe)
    no_horizontal_scroll(page)

    page.get_by_role("link", name=f"Modifier le territoire de {elu}").click()
    expect(page.locator("h1")).to_have_text(f"Territoire suivi par {elu}")
    check_page(page, axe)
    no_horizontal_scroll(page)
    canton = page.get_by_label("Canton", exact=True)
    if canton.count():  # cantons imported: the communes replace it
        canton.select_option("")
    communes = page.get_by_role("combobox", name=re.compile("^Communes suivies"))
    communes.focus()
    page.keyboard.press("Control+a")
    page.keyboard.press("Backspace")
    page.keyboard.type("condo")
    suggestion = page.get_by_role("option", name="Condom (32)")
    expect(suggestion).to_be_visible()
    check_page(page, axe)  # the open listbox
    while suggestion.get_attribute("aria-selected") != "true":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # chooses, does not submit
    expect(communes).to_have_value("Condom (32), ")
    page.keyboard.type("mirand")
    suggestion = page.get_by_role("option", name="Mirande (32)")
    expect(suggestion).to_be_visible()
    while suggestion.get_attribute("aria-selected") != "true":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(communes).to_have_value("Condom (32), Mirande (32), ")
    page.get_by_role("button", name="Enregistrer").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(f"Le territoire suivi par {elu}")
    ligne = page.get_by_role("row", name=re.compile(str(elu)))
    expect(ligne).to_contain_text("Condom, Mirande")
    check_page(page, axe)
    no_horizontal_scroll(page)

    # The official logs in and finds these communes on their home page.
    page.context.clear_cookies()
    log_in(page, demo_account("elu@territoires.test"), axe)
    section = page.locator("section", has=page.locator("#elu-territoire-titre"))
    expect(section).to_contain_text("Vous suivez les communes suivies (2 communes)")
    page.get_by_role("link", name="Le détail de mon territoire").click()
    expect(page.locator("main")).to_contain_text("Vous suivez les communes suivies (2 communes)")
    check_page(page, axe)
    no_horizontal_scroll(page)
    codes = sorted(c.code for c in SuiviElu.objects.get(user=elu).communes.all())
    assert codes == sorted(
        Commune.objects.filter(nom__in=["Condom", "Mirande"]).values_list("code", flat=True)
    )
