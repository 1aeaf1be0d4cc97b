"""The territory page's three views: what an anonymous reader does NOT see, what a member of
the commune sees more, what the Département's agents and elected officials see; another
commune's objects never show."""

import datetime
import re

import pytest

from territoires.comptes.models import Role
from territoires.referentiel.models import Canton
from tests.aides.factories import dossier_ddr
from tests.comptes.factories import MembreFactory, UserFactory, login
from tests.ingenierie.factories import SollicitationFactory
from tests.pilotage.factories_territoire import attribuer, monde_territoire

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = monde_territoire(2025)
    return w


def _page(client, w, user=None):
    if user is not None:
        login(client, user)
    response = client.get(w.commune.commune.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_sees_public_figures_only(client, w):
    page = _page(client, w)
    assert "Vue publique" in page
    assert re.search("1 demande d(&#x27;|')ingénierie", page)
    assert re.search(r"5\s?000 €", page)  # the grant attributed (public, as in SCDL)
    assert "Voirie de" not in page  # no request's subject
    assert "Lavoir de" not in page  # no dossier's title
    assert "Versé" not in page
    assert "/ingenierie/" not in page and "/aides/dossiers/" not in page


def test_member_sees_their_own_requests_and_dossiers_not_the_others(client, w):
    page = _page(client, w, w.agent)
    assert "Vue des membres" in page
    assert f"Lavoir de {w.commune.nom}" in page
    assert f"Voirie de {w.commune.nom}" in page
    assert f"Lavoir de {w.commune_b.nom}" not in page
    assert f"Voirie de {w.commune_b.nom}" not in page
    assert "Versé" in page
    assert "Par conseiller référent" not in page


def test_member_of_another_commune_gets_the_public_view(client, w):
    page = _page(client, w, w.agent_b)
    assert "Vue publique" in page
    assert f"Lavoir de {w.commune.nom}" not in page


def test_departement_agent_and_elected_official_see_everything(client, w):
    elu = MembreFactory(role=Role.ELU, organisation=w.departement, user=UserFactory()).user
    for user in (w.instructeur, elu):
        client.logout()
        page = _page(client, w, user)
        assert "Vue complète" in page, (user, re.findall(r'id="vue-territoire">[^<]*', page))
        assert f"Lavoir de {w.commune.nom}" in page
        assert f"Voirie de {w.commune.nom}" in page
        assert "Par conseiller référent" in page
        assert f"Lavoir de {w.commune_b.nom}" not in page  # another commune's dossier


def test_canton_page_gathers_its_communes(client, w):
    canton = Canton.objects.create(
        code="3299", nom="Pays d'Essai", departement=w.commune.commune.departement
    )
    canton.communes.set([w.commune.commune, w.commune_b.commune])
    page = client.get("/territoires/cantons/3299/").content.decode()
    assert "Canton de Pays d" in page
    assert "2 demandes d" in page
    assert client.get("/territoires/cantons/0000/").status_code == 404


@pytest.mark.parametrize("repetitions", [1, 4])
def test_queries_do_not_grow_and_page_stays_light(
    client, django_assert_max_num_queries, repetitions
):
    w = monde_territoire(2025, repetitions=repetitions)
    for _ in range(repetitions):
        SollicitationFactory(
            organisation=w.commune,
            deposee_le=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC),
        )
    login(client, w.instructeur)
    with django_assert_max_num_queries(36):
        response = client.get(w.commune.commune.get_absolute_url())
    assert len(response.content) < 150_000


def _comparaison(page: str) -> dict[str, tuple[str, str]]:
    table = re.search(r'id="table-comparaison">(.*?)</table>', page, re.S).group(1)
    return {
        libelle: (commune, moyenne)
        for libelle, commune, moyenne in re.findall(
            r'<th scope="row">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td>', table
        )
    }


def test_commune_is_compared_with_its_population_band(client, w, settings):
    settings.PILOTAGE_TRANCHES_POPULATION = [10**9]  # one band: every commune of the department
    communes = [w.commune.commune, w.commune_b.commune]
    for commune in communes:
        commune.population = 400
        commune.save()
    second = dossier_ddr(w, organisation=w.commune, intitule="École")
    attribuer(second, "3000", datetime.date(2025, 9, 1))
    page = client.get(w.commune.commune.get_absolute_url()).content.decode()
    assert "moyenne des 2 communes du département" in page
    lignes = _comparaison(page)
    assert lignes["Demandes d&#x27;ingénierie"] == ("1", "1")
    assert lignes["Subventions accordées"] == ("8\u00a0000", "6\u00a0500")
    assert lignes["Subventions accordées par habitant"] == ("20", "16,25")
    assert lignes["Heures d&#x27;insertion"] == ("0", "0")
