"""Benchmark of the mission's queue at 200,000 requests (printed, not asserted).

    .venv/bin/python bench/bench_ingenierie.py [--nombre 200000] [--database-url URL]

Runs in a fresh process on a fresh temporary SQLite database unless --database-url is given
(never a real one): migrate, import the Gers, load the demo accounts, generate the requests
with the demo generator, then request the queue page as the demo advisor, with several
filters, and print the server time and the number of SQL queries of each — the same as with
10 requests (issue « ingénierie »: constant number of queries).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = [
    ("file, 1re page", ""),
    ("statut en cours", "?statut=en_cours"),
    ("domaine + tri par collectivité", "?domaine=1&tri=organisation"),
    ("intercommunalité", "?epci={epci}"),
    ("référent + période", "?referent={referent}&depuis=2022-01-01&jusqu_a=2023-12-31"),
    ("recherche « école »", "?q=école"),
    ("page 200", "?page=200"),
]


def _measure_pages(client, epci, referent) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = []
    for label, query in PAGES:
        url = "/ingenierie/file/" + query.format(epci=epci, referent=referent)
        client.get(url)  # warm-up (templates, caches)
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            duration = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        results.append(
            {"label": label, "ms": duration * 1000, "queries": len(ctx.captured_queries)}
        )
    return results


def measure(nombre: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import random

    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("referentiel_import", departements=["32"], verbosity=0)
    from territoires.comptes.demo import demo_load
    from territoires.comptes.models import User
    from territoires.ingenierie import demo
    from territoires.ingenierie.models import ConfigurationIngenierie, Sollicitation
    from tests.comptes.factories import login

    report = demo_load(departement_code="32")
    config = ConfigurationIngenierie.courante()
    config.mission = report.organisations["mit"]
    config.save()
    orgs_communes, orgs_epcis = demo._organisations_collectivites("32")
    conseiller = User.objects.get(email="conseiller@territoires.test")
    rng = random.Random(1)  # noqa: S311
    today = timezone.localdate()

    def generate(n: int) -> float:
        annees = range(2017, today.year + 1)
        per_year = max(1, n // len(annees))
        start = time.perf_counter()
        rows = demo.generer(
            rng=rng, orgs_communes=orgs_communes, orgs_epcis=orgs_epcis, referents=[conseiller],
            annees=annees, par_annee=lambda annee: per_year, today=today,
        )  # fmt: skip
        demo.enregistrer(rows[:n])
        return time.perf_counter() - start

    client = Client()
    login(client, conseiller)
    epci = orgs_epcis[0].epci_id
    generate(10)
    small = _measure_pages(client, epci, conseiller.pk)
    small_count = Sollicitation.objects.count()
    generation = generate(nombre - small_count)
    large = _measure_pages(client, epci, conseiller.pk)
    client.get("/ingenierie/chiffres/")  # warm-up: commune contours are read once per process
    start = time.perf_counter()
    response = client.get("/ingenierie/chiffres/")
    dashboard = time.perf_counter() - start
    assert response.status_code == 200
    start = time.perf_counter()
    call_command("ingenierie_stats", fmt="json", stdout=open(os.devnull, "w"))  # noqa: SIM115
    command = time.perf_counter() - start
    return {
        "small_count": small_count,
        "large_count": Sollicitation.objects.count(),
        "generation_s": generation,
        "small": small,
        "large": large,
        "dashboard_s": dashboard,
        "command_s": command,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nombre", type=int, default=200_000)
    parser.add_argument("--database-url", help="base jetable (par défaut : SQLite temporaire)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.nombre)))
        return
    with tempfile.TemporaryDirectory(prefix="territoires-bench-") as tmp:
        env = dict(
            os.environ,
            DATABASE_URL=args.database_url or f"sqlite:///{tmp}/bench.sqlite3",
            TERRITOIRES_ENV="development",
            TERRITOIRES_VAR_DIR=tmp,
        )
        result = subprocess.run(
            [sys.executable, __file__, "--child", "--nombre", str(args.nombre)],
            env=env, capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip
    if result.returncode:
        sys.stderr.write(result.stderr)
        sys.exit(result.returncode)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"{figures['large_count']} sollicitations générées en {figures['generation_s']:.1f} s "
        f"(comparaison avec {figures['small_count']})"
    )
    print(f"{'page de la file':34} {'temps serveur':>24} {'requêtes SQL':>20}")
    same = True
    for small, large in zip(figures["small"], figures["large"], strict=True):
        same &= small["queries"] == large["queries"]
        print(
            f"{large['label']:34} {small['ms']:8.1f} ms → {large['ms']:8.1f} ms"
            f" {small['queries']:8d} → {large['queries']:3d}"
        )
    print(
        f"tableau de bord des chiffres : {figures['dashboard_s'] * 1000:.0f} ms ; "
        f"commande stats : {figures['command_s'] * 1000:.0f} ms"
    )
    print(
        "nombre de requêtes constant : "
        + ("oui" if same else "NON (une page vide à 10 lignes saute la requête des lignes)")
    )


if __name__ == "__main__":
    main()
