"""The two pages of issue 12 no other journey walks: the API documentation a developer reads
first, and the data officer's page of automatic datasets. axe-core clean, no horizontal
scrolling at 1280 and 375 pixels wide."""

import pytest
from playwright.sync_api import expect

from territoires.comptes.demo import demo_account

from .test_opendata_publication import _no_horizontal_scroll
from .test_roles import log_in

pytestmark = pytest.mark.browser


def _page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


def test_a_developer_reads_the_api_documentation_and_follows_it(browser, live_server, axe, db):
    page = _page(browser, live_server)
    page.goto("/api/docs")
    expect(page.locator("h1")).to_have_text("API publique")
    # Every operation of the schema is documented, in French, with its address.
    expect(page.locator("main")).to_contain_text("/api/donnees/ressources/{")
    expect(page.locator("main")).to_contain_text("/api/territoires/communes")
    _no_horizontal_scroll(page, axe)
    # The schema it is generated from is one link away.
    page.goto("/api/openapi.json")
    assert '"openapi"' in page.content()


def test_the_data_officer_sees_the_automatic_datasets(browser, live_server, axe, demo_data):
    page = _page(browser, live_server)
    log_in(page, demo_account("donnees@territoires.test"), axe)
    page.goto("/donnees/automatiques/")
    expect(page.locator("h1")).to_have_text("Jeux de données automatiques")
    expect(page.get_by_role("button", name="Actualiser maintenant")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Subventions")
    _no_horizontal_scroll(page, axe)


def test_the_data_officer_clicks_refresh_now_and_follows_the_task(
    browser, live_server, axe, demo_data
):
    page = _page(browser, live_server)
    log_in(page, demo_account("donnees@territoires.test"), axe)
    page.goto("/donnees/automatiques/")
    page.get_by_label("Jeux à actualiser").select_option(
        label="Budget participatif : résultats et bulletins"
    )
    page.get_by_role("button", name="Actualiser maintenant").click()
    # The followed task's page: its label, its state, the summary of what was published.
    expect(page.locator("h1")).to_have_text(
        "Actualisation — Budget participatif : résultats et bulletins"
    )
    expect(page.locator("#progression")).to_contain_text("Terminée")
    _no_horizontal_scroll(page, axe)
    page.goto("/donnees/automatiques/")
    expect(page.locator("main")).to_contain_text("Budget participatif : résultats et bulletins")
    assert not page.console_errors
