"""The elected official's home page: their territory, the next session, the digest setting."""

import pytest
from django.utils import timezone

from territoires.aides.selectors.territoires import sessions_a_venir
from territoires.comptes.models import Role
from territoires.pilotage.models import SuiviElu
from tests.comptes.factories import MembreFactory, login
from tests.referentiel.factories import CommuneFactory

from .factories_elus import monde

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_next_session_with_their_territorys_dossiers(client):
    w = monde(timezone.localdate())
    login(client, w.elu)
    page = client.get("/").content.decode()
    assert "Mon territoire en" in page
    assert "le canton de Lectoure-Lomagne" in page
    # Their territory at a glance (pilotage.territoire.resume) and the news since their visit.
    assert "Dossiers d'aide votés" in page and "Subventions versées" in page
    assert "Nouveautés" in page
    assert w.session.get_absolute_url() in page
    assert "Réfection du lavoir de notre canton" in page
    assert w.dossier.get_absolute_url() in page
    assert "Salle des fêtes d&#x27;ailleurs" not in page
    assert "1 dossier de votre territoire à l'ordre du jour" in page
    # The very next commission is shown too, even without a dossier of the territory.
    assert "aucun dossier de votre territoire à l'ordre du jour." in page


def test_the_detailed_page_records_the_visit(client):
    w = monde(timezone.localdate())
    login(client, w.elu)
    response = client.get("/pilotage/elu/")
    assert response.status_code == 200
    assert "aucun dossier ne s'instruit depuis ce compte" in response.content.decode()
    assert SuiviElu.objects.get(pk=w.suivi.pk).derniere_visite is not None


def test_an_official_with_no_territory_is_told_who_sets_it(client):
    w = monde(timezone.localdate())
    w.suivi.delete()
    login(client, w.elu)
    page = client.get("/pilotage/elu/").content.decode()
    assert "Aucun territoire suivi pour le moment." in page
    assert SuiviElu.objects.filter(user=w.elu).exists()


def test_only_elected_officials_have_these_pages(client):
    w = monde(timezone.localdate())
    assert client.get("/pilotage/elu/").status_code == 302  # to the login page
    agent = MembreFactory(role=Role.AGENT, organisation=w.commune).user
    login(client, agent)
    assert client.get("/pilotage/elu/").status_code == 403
    assert client.get("/pilotage/elu/resume-hebdomadaire/").status_code == 403


def test_the_official_turns_the_weekly_digest_on_and_off(client):
    w = monde(timezone.localdate())
    login(client, w.elu)
    response = client.post("/pilotage/elu/resume-hebdomadaire/", {})
    assert response.status_code == 200
    assert "Choisissez si vous voulez recevoir le résumé." in response.content.decode()
    response = client.post("/pilotage/elu/resume-hebdomadaire/", {"resume_hebdomadaire": "oui"})
    assert response.status_code == 302
    assert SuiviElu.objects.get(pk=w.suivi.pk).resume_hebdomadaire is True
    client.post("/pilotage/elu/resume-hebdomadaire/", {"resume_hebdomadaire": "non"})
    assert SuiviElu.objects.get(pk=w.suivi.pk).resume_hebdomadaire is False


def test_the_home_pages_queries_do_not_grow_with_the_communes(
    client, django_assert_max_num_queries
):
    w = monde(timezone.localdate())
    login(client, w.elu)
    client.get("/pilotage/elu/")
    with django_assert_max_num_queries(30) as petit:
        client.get("/pilotage/elu/")
    w.canton.communes.add(*[CommuneFactory(departement=w.canton.departement) for _ in range(30)])
    with django_assert_max_num_queries(len(petit.captured_queries)):
        client.get("/pilotage/elu/")


def test_the_aides_selector_of_the_next_sessions(django_assert_num_queries):
    today = timezone.localdate()
    w = monde(today)
    codes = [w.commune.commune.code]
    with django_assert_num_queries(2):
        seances = sessions_a_venir(today=today, communes=codes)
    # The next commission first (here without this commune's dossier), then the DDR one.
    assert seances[0]["date"] == min(s["date"] for s in seances)
    dossiers = [d for s in seances for d in s["dossiers"]]
    assert dossiers == [w.dossier]
    assert next(s for s in seances if s["dossiers"])["sessions"] == [w.session]
    tous = [d for s in sessions_a_venir(today=today) for d in s["dossiers"]]
    assert set(tous) == {w.dossier, w.dossier_ailleurs}
    assert sessions_a_venir(today=today.replace(year=today.year + 5)) == []
