"""What an elected official follows, their visits, and the administration of it."""

import datetime

import pytest
from django.utils import timezone

from territoires.comptes.models import Role
from territoires.pilotage import elus
from territoires.pilotage.models import Delegation, SuiviElu
from territoires.pilotage.services.elus import visite_record
from tests.comptes.factories import MembreFactory, UserFactory, login
from tests.referentiel.factories import CommuneFactory, DepartementFactory

from .factories_elus import elu, monde

pytestmark = pytest.mark.django_db


def test_a_councillor_follows_the_communes_of_their_canton():
    w = monde(timezone.localdate())
    assert elus.communes_suivies(w.suivi) == sorted(c.code for c in w.canton.communes.all())
    assert w.ailleurs.commune.code not in elus.communes_suivies(w.suivi)
    assert elus.territoire_libelle(w.suivi) == "le canton de Lectoure-Lomagne"


def test_without_canton_the_list_set_by_an_administrator(settings):
    w = monde(timezone.localdate())
    w.suivi.canton = None
    w.suivi.save()
    w.suivi.communes.set([w.ailleurs.commune])
    assert elus.communes_suivies(elus.suivi_for(w.elu)) == [w.ailleurs.commune.code]


def test_a_vice_presidents_delegation_covers_the_whole_departement(settings):
    w = monde(timezone.localdate())
    settings.TERRITOIRES_DEPARTEMENT = w.departement.departement.code
    CommuneFactory(departement=DepartementFactory(code="31", nom="Haute-Garonne"))
    vp = elu(w.departement)
    suivi = SuiviElu.objects.create(user=vp, delegation=Delegation.INGENIERIE)
    # No commune of their own: the delegation is apart, over the Département.
    assert elus.communes_suivies(suivi) == []
    contexte = elus.accueil(suivi, depuis=None)
    assert contexte["resume"] is None and contexte["seances"] == []
    assert contexte["delegation"]["module"] == "ingenierie"
    assert contexte["delegation"]["libelle"] == "Ingénierie territoriale"
    assert all(c["cle"].startswith("ingenierie.") for c in contexte["delegation"]["chiffres"])


def test_nothing_followed_yet():
    assert elus.communes_suivies(None) == []
    w = monde(timezone.localdate())
    vide = SuiviElu.objects.create(user=elu(w.departement))
    assert elus.communes_suivies(vide) == []


def test_reloading_within_the_same_visit_keeps_since_your_last_visit():
    w = monde(timezone.localdate())
    t0 = timezone.now() - datetime.timedelta(days=3)
    assert visite_record(suivi=w.suivi, now=t0) is None  # first visit
    t1 = t0 + datetime.timedelta(days=2)
    assert visite_record(suivi=w.suivi, now=t1) == t0
    # A reload ten minutes later is the same visit: still « since » t0.
    assert visite_record(suivi=w.suivi, now=t1 + datetime.timedelta(minutes=10)) == t0
    t2 = t1 + datetime.timedelta(days=1)
    assert visite_record(suivi=w.suivi, now=t2) == t1 + datetime.timedelta(minutes=10)


# --- Administration (Django admin): communes and canton chosen by their name ------------------


@pytest.fixture
def admin_client(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    login(client, admin)
    return client


def test_the_admin_finds_communes_and_cantons_by_their_name(admin_client):
    w = monde(timezone.localdate())
    nom = w.commune.commune.nom
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "pilotage", "model_name": "suivielu", "field_name": "communes", "term": nom},
    )
    assert response.status_code == 200
    assert str(w.commune.commune.pk) in [r["id"] for r in response.json()["results"]]
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "pilotage",
            "model_name": "suivielu",
            "field_name": "canton",
            "term": "lomagne",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Lectoure-Lomagne (3210)"]


def test_the_admin_refuses_someone_who_is_not_an_elected_official(admin_client):
    w = monde(timezone.localdate())
    agent = MembreFactory(role=Role.AGENT, organisation=w.commune).user
    response = admin_client.post(
        "/admin/pilotage/suivielu/add/",
        {"user": agent.pk, "communes": [w.commune.commune.pk], "delegation": ""},
    )
    assert response.status_code == 200
    assert "n&#x27;est pas élue départementale" in response.content.decode()
    assert not SuiviElu.objects.filter(user=agent).exists()
    official = elu(w.departement)
    response = admin_client.post(
        "/admin/pilotage/suivielu/add/",
        {"user": official.pk, "communes": [w.commune.commune.pk], "delegation": ""},
    )
    assert response.status_code == 302
    assert list(SuiviElu.objects.get(user=official).communes.all()) == [w.commune.commune]
    assert admin_client.get("/admin/pilotage/suivielu/").status_code == 200


def test_the_administrators_home_lists_the_officials_who_follow_nothing(admin_client):
    w = monde(timezone.localdate())
    sans = elu(w.departement, first_name="Jeanne", last_name="Sanscanton")
    vide = elu(w.departement, first_name="Paul", last_name="Vide")
    SuiviElu.objects.create(user=vide)
    page = admin_client.get("/").content.decode()
    assert "2 élus ne suivent encore aucun territoire" in page
    assert "Jeanne Sanscanton" in page and "Paul Vide" in page
    assert w.elu.get_full_name() not in page
    assert "/pilotage/elus/" in page
    assert {u.pk for u in elus.elus_sans_territoire()} == {sans.pk, vide.pk}
