"""The session's journey in the browser, at 1280 and 375 pixels wide, axe-core on every page:
the head of service opens a session and sees that no decision is chosen; a deliberation in the
future is refused; one dossier is voted, the others are listed as not voted and postponed to
the next session. Then finance sees a new payment request first on its home page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from territoires.aides.models import Dossier, SessionProgrammation
from territoires.comptes.demo import demo_account

from .conftest import check_page
from .test_opendata_lecture import _no_horizontal_scroll
from .test_roles import log_in

pytestmark = pytest.mark.browser


def _page(browser, live_server, axe, email, largeur):
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport={"width": largeur, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    log_in(page, demo_account(email), axe)
    return page


def _session_a_voter() -> SessionProgrammation:
    """The session of the demo's programmed dossier, given a second one (a proposal of the
    same scheme placed in it) and a next session (added if none)."""
    programme = Dossier.objects.filter(statut="programme", session__numero_deliberation="")
    programme = programme.select_related("session").first()
    assert programme is not None, "La démonstration n'a aucun dossier programmé à voter."
    session = programme.session
    second = Dossier.objects.filter(dispositif=session.dispositif, statut="propose").first()
    assert second is not None, "La démonstration n'a pas de seconde proposition à programmer."
    Dossier.objects.filter(pk=second.pk).update(statut="programme", session=session)
    suivante = session.date_commission + datetime.timedelta(days=120)
    SessionProgrammation.objects.get_or_create(
        dispositif=session.dispositif,
        date_commission__gt=session.date_commission,
        defaults={
            "nom": f"Commission suivante ({suivante:%d/%m/%Y})",
            "date_limite": suivante - datetime.timedelta(days=30),
            "date_commission": suivante,
        },
    )
    return session


@pytest.mark.parametrize("largeur", [1280, 375])
def test_session_vote_unvoted_postponed_then_finance_home(
    browser, live_server, axe, demo_data, largeur
):
    session = _session_a_voter()
    dossiers = list(session.dossiers.filter(statut="programme").order_by("numero"))
    chef = _page(browser, live_server, axe, "chef.service@territoires.test", largeur)
    chef.goto(session.get_absolute_url())
    _no_horizontal_scroll(chef, largeur)
    check_page(chef, axe)

    # Nothing is chosen in advance.
    for dossier in dossiers:
        expect(chef.get_by_label(re.compile(f"^Décision pour {dossier.numero} — "))).to_have_value(
            ""
        )

    # A deliberation dated tomorrow is refused, with the reason.
    demain = timezone.localdate() + datetime.timedelta(days=1)
    chef.get_by_label("Numéro de la délibération").fill("CP-TEST-001")
    chef.get_by_label("Date de la délibération").fill(demain.isoformat())
    premier = chef.get_by_label(re.compile(f"^Décision pour {dossiers[0].numero} — "))
    premier.select_option("attribuer")
    chef.get_by_role("button", name="Enregistrer le vote").click()
    expect(chef.locator(".error-summary")).to_contain_text("ne peut pas être dans le futur")
    check_page(chef, axe)

    # Voted today: one dossier granted, the others stay not voted and are listed.
    chef.get_by_label("Date de la délibération").fill(timezone.localdate().isoformat())
    chef.get_by_label(re.compile(f"^Décision pour {dossiers[0].numero} — ")).select_option(
        "attribuer"
    )
    chef.get_by_role("button", name="Enregistrer le vote").click()
    expect(chef.get_by_role("status").first).to_contain_text("Vote enregistré")
    non_votes = chef.locator("section", has=chef.locator("#non-votes"))
    expect(non_votes).to_contain_text(dossiers[1].numero)
    expect(non_votes).not_to_contain_text(dossiers[0].numero)
    _no_horizontal_scroll(chef, largeur)
    check_page(chef, axe)
    non_votes.get_by_role("button", name=re.compile("^Reporter les")).click()
    expect(chef.get_by_role("status").first).to_contain_text("reporté(s) à la session")
    expect(chef.locator("#non-votes")).to_have_count(0)
    check_page(chef, axe)
    assert not session.dossiers.filter(statut="programme").exists()

    # The commune of the granted dossier requests an advance; finance sees it first.
    finances = _page(browser, live_server, axe, "finances@territoires.test", largeur)
    section = finances.locator("section", has=finances.locator("#section-aides-versements"))
    expect(section).to_contain_text("Demandes de versement à traiter")
    expect(section.get_by_role("link").first).to_be_visible()
    _no_horizontal_scroll(finances, largeur)
    check_page(finances, axe)
    section.get_by_role("link").first.click()
    expect(finances.locator("#versements")).to_be_visible()
    check_page(finances, axe)
    for other in (chef, finances):
        other.context.close()
