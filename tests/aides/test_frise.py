"""The timeline of a dossier: its steps with their real dates, the current one marked, and
for a draft what remains to do before filing."""

import pytest
from django.utils import timezone

from territoires.aides import services
from territoires.aides.selectors.dossier import (
    frise,
    montant_suggere,
    prochaine_session,
    reste_a_faire,
)
from territoires.aides.views.dossier import _controles
from territoires.core.selectors import journal_for
from tests.comptes.factories import login

from .factories import D, dossier_ddr, world

pytestmark = pytest.mark.django_db


def _etats(etapes):
    return [(e.libelle, e.faite, e.courante) for e in etapes]


def test_a_draft_has_no_timeline_but_what_remains_to_do(client):
    w = world()
    dossier = dossier_ddr(w, cout="40000", demande="15000", financements=[])
    assert frise(dossier, journal_for(dossier)) == []
    reste = reste_a_faire(_controles(dossier))
    assert any("plafond" in point for point in reste)
    login(client, w.agent)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Avant de déposer" in page
    assert "Où en est le dossier" not in page


def test_the_steps_get_their_dates_as_the_dossier_moves():
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent)
    dossier.refresh_from_db()
    etapes = frise(dossier, journal_for(dossier))
    assert [e.libelle for e in etapes] == [
        "Déposé", "Complet", "Proposé", "Voté", "Notifié", "Versements", "Clos",
    ]  # fmt: skip
    assert _etats(etapes)[:3] == [
        ("Déposé", True, False), ("Complet", False, True), ("Proposé", False, False),
    ]  # fmt: skip
    assert etapes[0].jour == timezone.localdate()

    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    dossier.refresh_from_db()
    services.dossier_propose(
        dossier=dossier, actor=w.instructeur, version=dossier.version, montant=D("8000")
    )
    dossier.refresh_from_db()
    etapes = frise(dossier, journal_for(dossier))
    assert [e.faite for e in etapes] == [True, True, True, False, False, False, False]
    assert etapes[1].jour == etapes[2].jour == timezone.localdate()
    assert etapes[3].courante and etapes[3].date is None


def test_a_dossier_classed_without_follow_up_is_closed():
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent)
    services.dossier_transition_apply(
        dossier=dossier, actor=w.instructeur, transition="classer_sans_suite", reason="Abandon"
    )
    dossier.refresh_from_db()
    etapes = frise(dossier, journal_for(dossier))
    assert etapes[-1].libelle == "Clos : classé sans suite"
    assert etapes[-1].faite and etapes[-1].courante
    assert etapes[-1].jour == timezone.localdate()


def test_the_timeline_is_an_ordered_list_with_the_current_step(client):
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent)
    login(client, w.agent)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert '<ol class="frise__etapes">' in page
    assert page.count('aria-current="step"') == 1
    courante = page.split('aria-current="step"')[1].split("</li>")[0]
    assert "Complet" in courante and "étape en cours" in courante


def test_the_proposal_is_prefilled_within_the_rules():
    w = world()
    # 15 000 € asked on 40 000 € HT: the DDR's ceiling of 12 000 € applies.
    dossier = dossier_ddr(w, cout="40000", demande="15000")
    montant, explication = montant_suggere(dossier)
    assert montant == D("12000")
    assert "plafond du dispositif de 12\u202f000\u00a0€" in explication
    dossier = dossier_ddr(w, organisation=w.commune_b, demande="8000")
    assert montant_suggere(dossier) == (
        D("8000"),
        "Montant demandé, dans les règles du dispositif.",
    )


def test_the_session_prefilled_is_still_open():
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent)
    dossier.refresh_from_db()
    assert prochaine_session(dossier) == dossier.session
    # Its own session voted meanwhile: the scheme's next one to come.
    dossier.session.numero_deliberation = "CP-1"
    dossier.session.save()
    suivante = prochaine_session(dossier)
    assert suivante != dossier.session and not suivante.numero_deliberation
    assert suivante.date_commission >= timezone.localdate()
