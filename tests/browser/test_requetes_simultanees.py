"""Several requests at once on the live server, as a browser makes them (a suggestion fetched
while a form is sent, two tabs): none fails. On SQLite the browser suite's database is a file,
as in production (conftest.py); on the shared in-memory one every request had the same
connection, and this test met 503s (« cannot start a transaction within a transaction »,
« database table is locked »)."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.urls import reverse

from tests.browser.test_roles import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

CITOYEN = next(a for a in DEMO_ACCOUNTS if a["email"].startswith("citoyen@"))
PERSONNES = 6
TOURS = 8


def _parcours(base_url: str) -> list[tuple[str, int]]:
    """A citizen signs in (the session is written) then reads pages and suggestions."""
    session = requests.Session()
    statuts = []

    def appel(chemin: str, donnees: dict | None = None) -> str:
        if donnees:
            reponse = session.post(
                base_url + chemin,
                data=donnees,
                headers={"Referer": base_url + chemin},
                timeout=30,
            )
        else:
            reponse = session.get(base_url + chemin, timeout=30)
        statuts.append((chemin, reponse.status_code))
        return reponse.text

    connexion = reverse("comptes:login")
    page = appel(connexion)
    jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    appel(
        connexion,
        {
            "csrfmiddlewaretoken": jeton,
            "username": CITOYEN["email"],
            "password": CITOYEN["password"],
        },
    )
    if "sessionid" not in session.cookies:  # not signed in: the test says why
        return statuts
    for _ in range(TOURS):
        appel(reverse("referentiel:communes_autocomplete") + "?q=Au")
        appel("/")
    return statuts


def test_requetes_simultanees_sans_erreur(demo_data, live_server):
    with ThreadPoolExecutor(max_workers=PERSONNES) as groupe:
        parcours = list(groupe.map(_parcours, [live_server.url] * PERSONNES))
    en_erreur = [(chemin, code) for p in parcours for chemin, code in p if code >= 400]
    assert not en_erreur, en_erreur
    # Every one signed in and went all the way.
    assert [len(p) for p in parcours] == [2 + 2 * TOURS] * PERSONNES
