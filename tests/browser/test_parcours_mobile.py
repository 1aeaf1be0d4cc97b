"""Issue 14, « partout » : at 375 px the header is one compact line with a « Menu » button
(aria-expanded, keyboard) and no page of any role scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from territoires.comptes.demo import DEMO_ACCOUNTS

from .conftest import check_page
from .test_roles import log_in

pytestmark = pytest.mark.browser

MOBILE = {"width": 375, "height": 740}
#: One account per kind of home page (the other roles share these pages' components).
ROLES = ("agent", "gestionnaire", "conseiller", "instructeur", "chef_service", "direction", "elu")
ACCOUNTS = [a for a in DEMO_ACCOUNTS if a["role"] in ROLES]


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def open_menu(page):
    toggle = page.locator(".header__toggle")
    expect(toggle).to_be_visible()
    if toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    return toggle


@pytest.mark.parametrize("account", ACCOUNTS, ids=[a["role"] for a in ACCOUNTS])
def test_no_page_of_the_role_scrolls_sideways(page, axe, demo_data, account):
    page.set_viewport_size(MOBILE)
    log_in(page, account, axe)
    expect(page).to_have_url(re.compile(r"/$"))
    check_page(page, axe)
    open_menu(page)
    # The organisation switcher fits in the width too.
    switcher = page.locator(".header__switcher")
    if switcher.count():
        assert switcher.bounding_box()["width"] <= MOBILE["width"]
    urls = [page.url] + page.locator("#menu a").evaluate_all("links => links.map(a => a.href)")
    visited, too_wide = set(), []
    for url in urls:
        if url in visited:
            continue
        visited.add(url)
        page.goto(url)
        if scroll_width(page) > MOBILE["width"]:
            too_wide.append(f"{url} : {scroll_width(page)} px")
        # Pages only (a detail page ends with « / »), not the files to download.
        details = page.locator(
            "main tbody a[href^='/'][href$='/']:not([href^='/documents/']), "
            "main .card a[href^='/'][href$='/']:not([href^='/documents/'])"
        )
        if url in urls[1:] and details.count():
            urls.append(details.first.evaluate("a => a.href"))
    assert not too_wide, "Pages qui défilent de côté à 375 px :\n" + "\n".join(too_wide)
    assert len(visited) >= 2
