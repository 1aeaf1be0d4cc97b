"""A journalist opens the Département's key figures, changes the period, downloads the PDF
and the XLSX; axe-core at 1280 and 375 px, no horizontal scrolling."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import check_page

pytestmark = pytest.mark.browser


def _sans_defilement_horizontal(page) -> None:
    largeurs = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert largeurs[0] <= largeurs[1], largeurs


def test_journalist_reads_the_key_figures(page, axe, demo_data):
    page.goto("/chiffres-cles/")
    expect(page.locator("h1")).to_contain_text("Les chiffres du Département")
    check_page(page, axe)

    page.get_by_label("Ou depuis").fill("2017")
    page.get_by_label("Jusqu'à").fill("2023")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator("h1")).to_contain_text("de 2017 à 2023")
    expect(page.get_by_role("heading", name="Ingénierie territoriale")).to_be_visible()
    # The seeds' sentences: the projects followed, the insertion hours with their buyers.
    expect(page.get_by_text("projets suivis entre 2017 et 2023")).to_be_visible()
    expect(page.get_by_text(re.compile(r"donneurs? d'ordre au bénéfice de"))).to_be_visible()
    page.get_by_role("link", name="Clauses sociales d'insertion", exact=True).click()
    expect(page.locator("#chiffres-clauses")).to_be_in_viewport()
    check_page(page, axe)

    # The report is built on the request (WeasyPrint): slow on a busy machine.
    with page.expect_download(timeout=90_000) as pdf:
        page.get_by_role("link", name="PDF").click(no_wait_after=True)
    assert open(pdf.value.path(), "rb").read(4) == b"%PDF"
    assert pdf.value.suggested_filename == "chiffres-departement-2017-2023.pdf"
    with page.expect_download(timeout=90_000) as xlsx:
        page.get_by_role("link", name="tableur (XLSX)").click(no_wait_after=True)
    assert open(xlsx.value.path(), "rb").read(2) == b"PK"

    # A wrong period is explained, the summary takes the focus.
    page.get_by_label("Ou depuis").fill("2024")
    page.get_by_label("Jusqu'à").fill("2017")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("alert")).to_contain_text("La première année doit précéder")
    # The page answers 400 (the period is invalid): the browser logs it, as it logs a 404.
    page.console_errors[:] = [e for e in page.console_errors if "400" not in e]
    check_page(page, axe)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/chiffres-cles/?depuis=2017&jusqu_a=2023")
    _sans_defilement_horizontal(page)
    check_page(page, axe)
