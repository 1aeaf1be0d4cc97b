"""Issue 16 — the aid dashboard from the cache: the same figures (and the same page, map
included) as computed, new figures as soon as a dossier, a payment or an envelope changes,
and fewer queries once kept."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.aides import selectors, services
from territoires.aides.models import Enveloppe, Versement
from territoires.aides.selectors.tableau_cache import tableau_en_cache
from tests.comptes.factories import login

from .factories import D, world
from .test_scdl_actes import attribue
from .test_tableau import _attribuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def en_cache(settings):
    settings.AIDES_TABLEAU_CACHE_SECONDES = 600
    cache.clear()
    yield
    cache.clear()


def _chiffres(data: dict) -> tuple:
    enveloppes = [
        (e["enveloppe"].pk, e["engage"], e["paye"], e["reste"]) for e in data["enveloppes"]
    ]
    return data["nombre"], data["taux_max"], data["par_commune"], enveloppes


def test_the_cached_dashboard_follows_every_write(client, en_cache):
    w = world()
    dossier = attribue(w)  # 8,000 € granted in June 2026
    assert _chiffres(tableau_en_cache(2026)) == _chiffres(selectors.tableau_de_bord(2026))
    assert tableau_en_cache(2026)["nombre"] == 1

    # A payment: read at once, not after the time limit.
    avance = services.versement_request(
        dossier=dossier, actor=w.agent, type=Versement.Type.AVANCE, depenses_justifiees=D("0")
    )
    services.versement_pay(versement=avance, actor=w.finances, date=datetime.date(2026, 8, 5))
    ligne = next(
        e for e in tableau_en_cache(2026)["enveloppes"] if e["enveloppe"].dispositif == w.ddr
    )
    assert ligne["paye"] == D("2400.00")

    # An envelope changed in the admin.
    Enveloppe.objects.filter(dispositif=w.ddr, annee=2026).update(montant=D("10000"))
    ligne = next(
        e for e in tableau_en_cache(2026)["enveloppes"] if e["enveloppe"].dispositif == w.ddr
    )
    assert ligne["reste"] == D("2000")
    assert _chiffres(tableau_en_cache(2026)) == _chiffres(selectors.tableau_de_bord(2026))

    # The page: once kept, a second view reads the cache instead of the aggregates.
    login(client, w.chef)
    url = reverse("aides:tableau") + "?annee=2026"
    cache.clear()
    with CaptureQueriesContext(connection) as premiere:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as seconde:
        page = client.get(url).content.decode()
    assert len(seconde) < len(premiere)
    assert "2\u202f000\u00a0€" in page


def _page(client, url) -> tuple[str, int]:
    """The page's main content and its number of queries (the request's nonce and the map's
    random identifier left out)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'nonce="[^"]*"|carte-[0-9a-f]{8}', "", main), len(ctx)


def test_the_page_from_the_cache_is_the_computed_page_and_follows_a_new_grant(
    client, en_cache, settings
):
    w = world()
    attribue(w)  # 8,000 € in June 2026 to the first commune
    login(client, w.chef)
    url = reverse("aides:tableau") + "?annee=2026"
    settings.AIDES_TABLEAU_CACHE_SECONDES = 0
    calculee, requetes_calcul = _page(client, url)
    settings.AIDES_TABLEAU_CACHE_SECONDES = 600
    _page(client, url)  # kept
    servie, requetes_cache = _page(client, url)
    assert servie == calculee  # figures, envelopes, EPCI and map: the same page
    assert requetes_cache < requetes_calcul

    # A grant to another commune, saved through the model: the served page shows it at once,
    # in the figures and on the map, with the same number of queries.
    assert w.commune_b.commune.code not in servie
    _attribuer(w, depose=datetime.date(2026, 2, 2), decide=datetime.date(2026, 6, 26),
               cout="30000", montant="9000", intitule="Préau")  # fmt: skip
    _page(client, url)
    apres, requetes_apres = _page(client, url)
    assert "2 subvention(s) attribuée(s)" in apres
    assert w.commune_b.commune.code in apres
    assert requetes_apres == requetes_cache
    settings.AIDES_TABLEAU_CACHE_SECONDES = 0
    assert _page(client, url)[0] == apres
