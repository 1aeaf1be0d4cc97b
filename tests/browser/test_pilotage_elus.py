"""The elected official logs in, sees their territory and the next commission, and turns the
weekly digest on; axe-core on every page, at 1280 and 375 px without horizontal scrolling."""

import re

import pytest
from playwright.sync_api import expect

from territoires.comptes.demo import demo_account
from territoires.pilotage.models import SuiviElu

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
