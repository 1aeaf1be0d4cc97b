"""The administrators set what each elected official follows, in the application: communes
chosen by their name, canton when imported, delegation; journaled; French errors."""

import pytest
from django.utils import timezone

from territoires.comptes.models import Role
from territoires.core.models import Evenement
from territoires.core.selectors import journal_for
from territoires.pilotage import elus
from territoires.pilotage.models import Delegation, SuiviElu
from tests.comptes.factories import MembreFactory, login
from tests.referentiel.factories import CommuneFactory

from .factories_elus import elu, monde

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings):
    w = monde(timezone.localdate())
    settings.TERRITOIRES_DEPARTEMENT = w.departement.departement.code
    return w


@pytest.fixture
def admin(client, w):
    login(client, MembreFactory(role=Role.ADMINISTRATEUR, organisation=w.departement).user)
    return client


def test_the_list_shows_each_official_and_what_they_follow(admin, w):
    vp = elu(w.departement, first_name="Anne", last_name="Vice")
    SuiviElu.objects.create(user=vp, delegation=Delegation.AIDES).communes.set([w.ailleurs.commune])
    sans = elu(w.departement, first_name="Paul", last_name="Sans")
    page = admin.get("/pilotage/elus/").content.decode()
    assert "Élus départementaux (3)" in page
    assert "Canton de Lectoure-Lomagne" in page
    assert w.ailleurs.commune.nom in page and "Aides aux collectivités" in page
    assert "Aucun territoire" in page and "Paul Sans" in page
    assert f"/pilotage/elus/{sans.pk}/" in page


def test_the_lists_queries_do_not_grow_with_the_officials(admin, w, django_assert_max_num_queries):
    admin.get("/pilotage/elus/")
    with django_assert_max_num_queries(30) as peu:
        admin.get("/pilotage/elus/")
    for _ in range(5):
        suivi = SuiviElu.objects.create(user=elu(w.departement))
        suivi.communes.set([CommuneFactory(departement=w.canton.departement) for _ in range(3)])
    with django_assert_max_num_queries(len(peu.captured_queries)):
        admin.get("/pilotage/elus/")


def test_the_administrator_sets_the_communes_by_their_name(admin, w, client):
    official = elu(w.departement)
    a, b = w.commune.commune, w.ailleurs.commune
    url = f"/pilotage/elus/{official.pk}/"
    page = admin.get(url).content.decode()
    assert 'name="communes"' in page and "Canton" in page  # the cantons are imported here
    response = admin.post(url, {"communes": f"{a.nom.upper()}, {b.nom} ({b.departement.code})"})
    assert response.status_code == 302
    suivi = SuiviElu.objects.get(user=official)
    assert set(suivi.communes.all()) == {a, b} and suivi.canton is None
    evenement = journal_for(suivi).get()
    assert evenement.action == Evenement.Action.MODIFICATION
    assert evenement.acteur is not None
    assert evenement.changes["communes"][0] == ""
    assert set(evenement.changes["communes"][1].split(", ")) == {a.nom, b.nom}
    # The official then sees them on their home page.
    login(client, official)
    assert elus.communes_suivies(elus.suivi_for(official)) == sorted([a.code, b.code])
    assert "les communes suivies (2 communes)" in client.get("/pilotage/elu/").content.decode()


def test_canton_and_delegation_then_back_to_nothing(admin, w):
    url = f"/pilotage/elus/{w.elu.pk}/"
    response = admin.post(url, {"canton": w.canton.pk, "delegation": "ingenierie"})
    assert response.status_code == 302
    w.suivi.refresh_from_db()
    assert w.suivi.canton == w.canton and w.suivi.delegation == "ingenierie"
    assert admin.post(url, {"canton": "", "communes": "", "delegation": ""}).status_code == 302
    w.suivi.refresh_from_db()
    assert w.suivi.canton is None and w.suivi.delegation == ""
    changes = [e.changes for e in journal_for(w.suivi)]
    assert {"canton": ["Lectoure-Lomagne", ""], "delegation": ["Ingénierie territoriale", ""]} in (
        changes
    )
    # Saving the same thing again writes no line.
    admin.post(url, {"canton": "", "communes": "", "delegation": ""})
    assert journal_for(w.suivi).count() == len(changes)


def test_errors_are_french_summarised_and_write_nothing(admin, w):
    url = f"/pilotage/elus/{w.elu.pk}/"
    response = admin.post(
        url, {"canton": w.canton.pk, "communes": "Commune-qui-n-existe-pas", "delegation": "x"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Erreur : " in page
    assert "Le formulaire contient" in page
    assert "« Commune-qui-n-existe-pas » n&#x27;est pas une commune du département" in page
    assert "Sélectionnez un choix valide" in page  # the delegation
    response = admin.post(url, {"canton": w.canton.pk, "communes": w.commune.commune.nom})
    assert "Choisissez le canton ou des communes, pas les deux" in response.content.decode()
    assert not journal_for(w.suivi).exists()


def test_without_imported_cantons_there_is_no_canton_field(admin, w):
    w.canton.delete()
    page = admin.get(f"/pilotage/elus/{w.elu.pk}/").content.decode()
    assert 'name="canton"' not in page and 'name="communes"' in page


def test_only_officials_can_be_set(admin, w):
    agent = MembreFactory(role=Role.AGENT, organisation=w.commune).user
    assert admin.get(f"/pilotage/elus/{agent.pk}/").status_code == 404
    assert admin.post(f"/pilotage/elus/{agent.pk}/", {"delegation": "aides"}).status_code == 404
    assert not SuiviElu.objects.filter(user=agent).exists()
