"""Issue 15, « A true Hérault »: the Hérault's home page, catalogue and GUIDAF page at 1280
and 375 px, accessible (axe-core), nothing sideways, nothing of the Gers."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import check_page

pytestmark = pytest.mark.browser

GERS = re.compile(r"\b(Gers|Auch|DDR|F2D|Lectoure)\b")
LARGEURS = ({"width": 1280, "height": 900}, {"width": 375, "height": 740})


@pytest.fixture
def herault(transactional_db, settings):
    """The Hérault and the demo accounts, as `TERRITOIRES_DEPARTEMENT=34 make run` loads them."""
    settings.TERRITOIRES_DEPARTEMENT = "34"
    call_command("referentiel_import", departements=["34"], verbosity=0)
    call_command("demo_charger", verbosity=0)


@pytest.mark.parametrize("taille", LARGEURS, ids=["1280", "375"])
def test_herault_home_and_catalogue(page, axe, herault, taille):
    page.set_viewport_size(taille)
    for url, titre in (
        ("/", "Territoires"),
        ("/aides/", "Aides"),
        ("/aides/dispositifs/guidaf-amenagement/", "GUIDAF"),
    ):
        page.goto(url)
        expect(page.locator("h1")).to_contain_text(titre)
        check_page(page, axe)
        assert page.evaluate("document.documentElement.scrollWidth") <= taille["width"], url
        assert not GERS.findall(page.locator("body").inner_text()), url
    expect(page.locator("main")).to_contain_text("jusqu'à 80 % du coût HT pour les communes")
    page.goto("/")
    # The home page's example is a commune of the Hérault (the profile), not Lectoure.
    expect(page.locator("#accueil-recherche")).to_have_attribute(
        "placeholder", "Par exemple : Lodève"
    )
