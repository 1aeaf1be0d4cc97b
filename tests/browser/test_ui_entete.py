"""The header on a phone (issue 14: « a mobile header that fills the first screen »): folded
behind one « Menu » button, it leaves the page its first screen; opened, it shows the search,
the account with the organisation switcher and the main menu, within the width; Escape folds
it back. Without JavaScript nothing is hidden. On a large screen, no button: all shows."""

import pytest
from playwright.sync_api import expect

from territoires.comptes.demo import DEMO_ACCOUNTS

from .conftest import check_page
from .test_opendata_lecture import _no_horizontal_scroll
from .test_roles import log_in

pytestmark = pytest.mark.browser
SECRETAIRE = next(a for a in DEMO_ACCOUNTS if len(a["organisations"]) > 1)


def _page(browser, live_server, largeur: int, *, javascript: bool = True):
    context = browser.new_context(
        locale="fr-FR",
        base_url=live_server.url,
        viewport={"width": largeur, "height": 740},
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return context, page


def test_on_a_phone_the_header_folds_behind_one_button(browser, live_server, axe, demo_data):
    context, page = _page(browser, live_server, 375)
    try:
        log_in(page, SECRETAIRE, axe)
        menu = page.get_by_role("button", name="Menu")
        expect(menu).to_have_attribute("aria-expanded", "false")
        hauteur = page.locator("header.header").bounding_box()["height"]
        assert hauteur < 100, f"l'en-tête plié fait {hauteur} px de haut sur 740"
        expect(page.get_by_role("navigation", name="Menu principal")).to_be_hidden()
        _no_horizontal_scroll(page, 375)
        check_page(page, axe)

        menu.focus()
        page.keyboard.press("Enter")  # the keyboard opens it
        expect(menu).to_have_attribute("aria-expanded", "true")
        navigation = page.get_by_role("navigation", name="Menu principal")
        expect(navigation.get_by_role("link").first).to_be_visible()
        switcher = page.get_by_label("Organisation", exact=True)
        expect(switcher).to_be_visible()
        assert switcher.bounding_box()["x"] + switcher.bounding_box()["width"] <= 375
        expect(page.get_by_label("Rechercher une commune ou une intercommunalité")).to_be_visible()
        _no_horizontal_scroll(page, 375)
        check_page(page, axe)

        page.keyboard.press("Escape")
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(menu).to_be_focused()
        expect(navigation).to_be_hidden()

        # The skip link to the menu opens it.
        page.keyboard.press("Shift+Tab")
        page.goto("/")
        page.get_by_role("link", name="Aller au menu").focus()
        page.keyboard.press("Enter")
        expect(navigation).to_be_visible()
    finally:
        context.close()


def test_without_javascript_nothing_is_hidden_and_a_large_screen_has_no_button(
    browser, live_server, demo_data
):
    context, page = _page(browser, live_server, 375, javascript=False)
    try:
        page.goto("/")
        expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
        expect(page.get_by_role("button", name="Menu")).to_have_count(0)  # still hidden
        _no_horizontal_scroll(page, 375)
    finally:
        context.close()
    context, page = _page(browser, live_server, 1280)
    try:
        page.goto("/")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    finally:
        context.close()
