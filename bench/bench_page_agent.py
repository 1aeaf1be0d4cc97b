"""What a page costs a signed-in agent beyond an anonymous visitor, piece by piece (issue 16:
the engineering dashboard against the bare page).

    make bench MODULE=page_agent [DB=postgresql] [ARGS="--fois 200 --passages 5"]

On a fresh database given by DATABASE_URL (the demo accounts of the Gers, 300 requests): the
anonymous bare page, the same page for the demo advisor and the engineering dashboard (served
from its cache) are timed in turns, `--passages` times `--fois` calls each; the best median of
the passages is kept (the machine is shared). During the advisor's bare page every ORM query is
timed (compilation, database and rows, by model), with the cursor's own time inside the page
(driver and database), and then replayed alone, in a row, on a raw cursor; the menu and the
templates are timed as well. Nothing is asserted.
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from mesure import NOTE, PAGE_NUE  # noqa: E402

TABLEAU = "/ingenierie/chiffres/"


class Chronos:
    """Time spent in wrapped callables, by label, while `actif`."""

    def __init__(self):
        self.actif = False
        self.temps = defaultdict(float)
        self.appels = defaultdict(int)

    def envelopper(self, owner, name: str, label) -> None:
        original = getattr(owner, name)
        chronos = self

        def enveloppe(*args, **kwargs):
            if not chronos.actif:
                return original(*args, **kwargs)
            debut = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                cle = label(*args) if callable(label) else label
                chronos.temps[cle] += time.perf_counter() - debut
                chronos.appels[cle] += 1

        setattr(owner, name, enveloppe)


def _median(client, url: str, fois: int) -> float:
    durees = []
    for _ in range(fois):
        debut = time.perf_counter()
        reponse = client.get(url)
        durees.append((time.perf_counter() - debut) * 1000)
    assert reponse.status_code == 200, (url, reponse.status_code)
    return statistics.median(durees)


def _brut(sql: str, fois: int = 200) -> float:
    """The query alone on a raw cursor: the database and the driver, no ORM."""
    from django.db import connection

    with connection.cursor() as cursor:
        debut = time.perf_counter()
        for _ in range(fois):
            cursor.execute(sql)
            cursor.fetchall()
    return (time.perf_counter() - debut) / fois * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fois", type=int, default=200, help="appels par page et par passage")
    parser.add_argument("--passages", type=int, default=5)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    import django

    django.setup()
    import bench_ingenierie
    from django.db import connection
    from django.db.models.sql.compiler import SQLCompiler
    from django.template.backends.django import Template
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from territoires.comptes.models import User
    from territoires.ui import context_processors
    from tests.comptes.factories import login

    bench_ingenierie._remplir(300)
    conseiller = User.objects.get(email="conseiller@territoires.test")
    anonyme, agent = Client(), Client()
    login(agent, conseiller)

    requetes, rendu = Chronos(), Chronos()
    requetes.envelopper(
        SQLCompiler, "execute_sql", lambda compiler, *a: compiler.query.model._meta.label
    )
    rendu.envelopper(context_processors, "entries_for", "menu (règles de chaque entrée)")
    rendu.envelopper(Template, "render", "gabarits (imbriqués comptés une fois par niveau)")

    pages = {"page nue anonyme": (anonyme, PAGE_NUE), "page nue de l'agent": (agent, PAGE_NUE)}
    pages["tableau de bord servi"] = (agent, TABLEAU)
    for client, url in pages.values():
        for _ in range(20):
            client.get(url)  # warm-up: templates, the dashboard's cache, the connection
    medianes = defaultdict(list)
    for _ in range(args.passages):
        for label, (client, url) in pages.items():
            medianes[label].append(_median(client, url, args.fois))

    curseur = [0.0]

    def chronometre_curseur(execute, sql, params, many, context):
        debut = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            curseur[0] += time.perf_counter() - debut

    requetes.actif = rendu.actif = True
    with connection.execute_wrapper(chronometre_curseur):
        for _ in range(args.fois):
            agent.get(PAGE_NUE)
    requetes.actif = rendu.actif = False
    with CaptureQueriesContext(connection) as ctx:
        agent.get(PAGE_NUE)

    nue = min(medianes["page nue anonyme"])
    print(NOTE)
    print(f"{'page (meilleure médiane sur les passages)':46} {'ms':>7} {'× nue':>7}")
    for label, valeurs in medianes.items():
        print(f"{label:46} {min(valeurs):7.2f} {min(valeurs) / nue:6.1f}×")
    agent_ms = min(medianes["page nue de l'agent"])
    print(
        f"\nLa page nue de l'agent, {agent_ms:.2f} ms ({len(ctx.captured_queries)} requêtes) : "
        f"{agent_ms - nue:.2f} ms de plus que pour un visiteur anonyme. Par appel :"
    )
    for chronos in (rendu, requetes):
        for cle in sorted(chronos.temps, key=lambda c: -chronos.temps[c]):
            ms = chronos.temps[cle] / args.fois * 1000
            fois = chronos.appels[cle] / args.fois
            print(f"  {cle:52} {ms:6.2f} ms  ({fois:g} par page)")
    total_sql = sum(requetes.temps.values()) / args.fois * 1000
    print(f"  {'requêtes ORM, toutes':52} {total_sql:6.2f} ms")
    dans_la_page = curseur[0] / args.fois * 1000
    print(
        f"  {'dont le curseur (pilote, base, aller-retour)':52} {dans_la_page:6.2f} ms"
        f"  → construire et lire : {total_sql - dans_la_page:.2f} ms"
    )
    # The captured SQL has its parameters inlined (Django's rendering): replayed as is. In a
    # row, each query finds the database and the driver awake; inside a page it does not.
    base = sum(_brut(requete["sql"]) for requete in ctx.captured_queries)
    print(f"  {'les mêmes requêtes rejouées à la suite (curseur brut)':52} {base:6.2f} ms")


if __name__ == "__main__":
    main()
