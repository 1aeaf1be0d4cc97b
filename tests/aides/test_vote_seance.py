"""The session's vote takes explicit decisions only: nothing is pre-selected, a dossier left
blank stays « non voté », a deliberation in the future is refused, and what was left unvoted
is listed with the action to postpone it to the next session."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from territoires.aides import services
from territoires.aides.models import Dossier
from territoires.aides.services.sessions import session_unvoted_postpone
from territoires.core.models import Evenement
from tests.comptes.factories import login

from .factories import D, dossier_ddr, world
from .test_vote import _programme

pytestmark = pytest.mark.django_db


def _deux_programmes(w):
    a = _programme(w, w.commune, w.agent, "Lavoir")
    b = _programme(w, w.commune_b, w.agent_b, "Préau")
    assert a.session == b.session
    return a, b


def test_no_decision_is_preselected_and_a_blank_dossier_stays_unvoted(client):
    w = world()
    a, b = _deux_programmes(w)
    session = a.session
    login(client, w.chef)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "selected" not in page.split("Vote de la commission")[1].replace(
        'value="" selected', ""
    )  # only the « Non voté » empty choice may be the default
    assert "Non voté (pas de décision)" in page

    # Nothing chosen at all: refused, nothing granted.
    response = client.post(session.get_absolute_url(), {"numero": "CP-1", "date": "2026-06-26"})
    assert "Choisissez la décision d&#x27;au moins un dossier" in response.content.decode()
    assert Dossier.objects.get(pk=a.pk).statut == "programme"

    # One dossier voted, the other left blank.
    response = client.post(
        session.get_absolute_url(),
        {"numero": "CP-1", "date": "2026-06-26", f"decision_{a.pk}": "attribuer"},
        follow=True,
    )
    page = response.content.decode()
    assert "Vote enregistré. 1 dossier(s) non voté(s)" in page
    assert Dossier.objects.get(pk=a.pk).statut == "attribue"
    assert Dossier.objects.get(pk=b.pk).statut == "programme"
    non_votes = page.split('id="non-votes"')[1].split("</section>")[0]
    assert b.numero in non_votes and a.numero not in non_votes
    assert "Reporter les 1 dossier(s) à la session" in non_votes

    # The list of sessions says so too, and leads to them.
    liste = client.get("/aides/sessions/").content.decode()
    ligne = liste.split(f'href="{session.get_absolute_url()}"')[1].split("</tr>")[0]
    assert f'href="{session.get_absolute_url()}#non-votes"><strong>1 dossier non voté' in ligne
    assert "à voter ou à reporter" in ligne


def test_a_deliberation_in_the_future_is_refused(client):
    w = world()
    a, _ = _deux_programmes(w)
    session = a.session
    demain = timezone.localdate() + datetime.timedelta(days=1)
    login(client, w.chef)
    response = client.post(
        session.get_absolute_url(),
        {"numero": "CP-1", "date": demain.isoformat(), f"decision_{a.pk}": "attribuer"},
    )
    assert "elle ne peut pas être dans le futur" in response.content.decode()
    assert Dossier.objects.get(pk=a.pk).statut == "programme"
    # The service refuses it too, whoever calls it.
    with pytest.raises(ValidationError, match="ne peut pas être dans le futur"):
        services.session_vote(
            session=session, actor=w.chef, numero="CP-1", date=demain,
            decisions={a.pk: "attribuer"},
        )  # fmt: skip
    session.refresh_from_db()
    assert not session.votee


def test_unvoted_dossiers_are_postponed_to_the_next_session(client):
    w = world()
    a, b = _deux_programmes(w)
    session = a.session
    services.session_vote(
        session=session, actor=w.chef, numero="CP-1", date=datetime.date(2026, 6, 26),
        decisions={a.pk: "refuser"},
    )  # fmt: skip
    # An agent of the commune may not postpone: the session is not theirs (404).
    login(client, w.agent_b)
    url = f"{session.get_absolute_url()}reporter/"
    assert client.post(url).status_code == 404
    login(client, w.chef)
    response = client.post(url, follow=True)
    page = response.content.decode()
    assert "1 dossier(s) reporté(s) à la session" in page
    b.refresh_from_db()
    assert b.statut == "programme" and b.session != session
    assert "octobre 2026" in b.session.nom
    assert Evenement.objects.filter(
        object_id=str(b.pk), description__startswith="Non voté en"
    ).exists()
    # Nothing left: the list is gone and the next session shows the dossier to vote.
    assert 'id="non-votes"' not in page
    assert b.numero in client.get(b.session.get_absolute_url()).content.decode()


def test_postponing_without_a_next_session_says_what_to_do():
    w = world()
    dossier = dossier_ddr(w, intitule="Lavoir")
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 2))
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    services.dossier_propose(dossier=dossier, actor=w.instructeur, version=None, montant=D("8000"))
    services.dossier_endorse(dossier=dossier, actor=w.chef)
    services.dossier_program(dossier=dossier, actor=w.instructeur)
    dossier.refresh_from_db()
    dossier.session.dispositif.sessions.filter(
        date_commission__gt=dossier.session.date_commission
    ).delete()
    # Issue 15: the yearly pattern would create the next session; without it, nothing does.
    dossier.session.dispositif.modeles_sessions.all().delete()
    with pytest.raises(ValidationError, match="Aucune session suivante"):
        session_unvoted_postpone(session=dossier.session, actor=w.chef)
