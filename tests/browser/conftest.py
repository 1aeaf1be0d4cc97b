"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Run with `pytest -m browser` (the default run excludes nothing: `make test` runs
`pytest -m "not browser"` then `pytest -m browser`). Chromium comes from Debian
(`/usr/bin/chromium`, or CHROMIUM_PATH); `playwright install` is never used.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: axe-core impacts that fail a test.
BLOCKING_IMPACTS = {"serious", "critical"}


def chromium_path() -> str:
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium est introuvable : installez le paquet Debian « chromium ».")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the browser suite's database is a file, as in production, not the suite's
    shared in-memory one. With an in-memory database Django hands the live server's threads
    the test's own connection: two requests of one page at once (a suggestion fetched while a
    form is sent) then share one SQLite connection and one fails, « database table is
    locked », a 503 no user could meet. On a file each request has its own connection and
    waits for the other (WAL, IMMEDIATE transactions, timeout: settings.py)."""
    from django.conf import settings

    base = settings.DATABASES["default"]
    if base["ENGINE"] == "django.db.backends.sqlite3":
        fichier = tmp_path_factory.mktemp("base-navigateur") / "test.sqlite3"
        base.setdefault("TEST", {})["NAME"] = str(fichier)


@pytest.fixture(scope="session", autouse=True)
def _media_url_for_live_server():
    """The project never serves uploads by URL (MEDIA_URL = None), but Django's live server
    wraps the site in a media handler that needs a prefix: give it one nothing links to.
    Session-scoped and autouse, so it runs before the live server starts."""
    from django.conf import settings

    previous = settings.MEDIA_URL
    settings.MEDIA_URL = "/media-jamais-servi/"
    yield
    settings.MEDIA_URL = previous


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
    # the database queries the tests make (fixtures, demo TOTP codes) from it. Set here, not
    # at import, so that a run without browser tests (`-m "not browser"`) never has it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context per test, with the real CSP (the axe script is evaluated
    through the DevTools protocol, which the CSP does not block)."""
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def demo_data(transactional_db):
    """The Gers and the demo accounts, as `make run` loads them."""
    call_command("referentiel_import", departements=["32"], verbosity=0)
    call_command("demo_charger", verbosity=0)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}) : {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    · {' '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def _run_axe(page, axe):
    """axe-core on a settled page: a click that navigates may still be swapping the
    document when the check starts (axe then reads a null documentElement)."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return axe.run(page)
        except PlaywrightError as error:
            racing = "documentElement" in str(error) or "context was destroyed" in str(error)
            if not racing or attempt == 2:
                raise


def check_page(page, axe) -> None:
    """No serious or critical axe-core violation, no CSP violation nor script error."""
    results = _run_axe(page, axe)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, (
        f"axe-core : violations graves sur {page.url} ({page.title()})\n"
        + format_violations(blocking)
    )
    errors = [e for e in page.console_errors if "favicon" not in e]
    assert not errors, f"Erreurs dans la console sur {page.url} : {errors}"
