"""Benchmark of the aides module at 500,000 dossiers (printed, not asserted).

    .venv/bin/python bench/bench_aides.py [--nombre 500000] [--scdl 200000] [--database-url URL]
                                          [--base /tmp/bench-aides.sqlite3]

`--base FILE` keeps the SQLite database in FILE and reuses it on the next run (migrated, not
regenerated): building 500,000 dossiers takes minutes, measuring a change takes seconds.

Runs in a fresh process on a fresh temporary SQLite database unless --database-url is given
(never a real one): migrate, import the Gers, load the demo accounts and the Gers' schemes,
generate the dossiers in bulk, then:
- request the instructor's list (several filters) and the dashboard as the head of service,
  and print the server time and the number of SQL queries — the same as with 300 dossiers
  (enough for every year to have grants, so no query is skipped on an empty result);
- stream the SCDL export of `--scdl` attributed subsidies through the public view and print
  rows per second and the peak of Python memory (tracemalloc) during the stream.
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
    ("liste, 1re page", "/aides/instruction/"),
    ("état en instruction", "/aides/instruction/?etat=en_instruction"),
    ("recherche « lavoir »", "/aides/instruction/?q=lavoir"),
    ("tri par montant", "/aides/instruction/?sort=-montant"),
    ("année 2024 + dispositif", "/aides/instruction/?annee=2024&dispositif={ddr}"),
    ("page 500", "/aides/instruction/?page=500"),
    ("tableau de bord 2025", "/aides/tableau-de-bord/?annee=2025"),
]


def _measure(client, ddr_id) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = []
    for label, url in PAGES:
        url = url.format(ddr=ddr_id)
        client.get(url)  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            duration = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        results.append(
            {"label": label, "ms": duration * 1000, "queries": len(ctx.captured_queries)}
        )
    return results


def _dashboard(client, fois: int = 5) -> dict:
    """The dashboard beside a bare page, each timed `fois` times in this run (min, median):
    computed in full (cache emptied before each request) and read from the cache."""
    from statistics import median

    from django.core.cache import cache
    from django.test import Client

    def chrono(c, url, vider=False) -> dict:
        c.get(url)  # warm-up
        temps = []
        for _ in range(fois):
            if vider:
                cache.clear()
            start = time.perf_counter()
            assert c.get(url).status_code == 200, url
            temps.append((time.perf_counter() - start) * 1000)
        return {"min": min(temps), "med": median(temps)}

    url = "/aides/tableau-de-bord/?annee=2025"
    return {
        "page nue": chrono(Client(), "/mentions-legales/"),
        "tableau de bord, calcul complet": chrono(client, url, vider=True),
        "tableau de bord, depuis le cache": chrono(client, url),
    }


def measure(nombre: int, scdl: int, reuse: Path | None = None) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    import random

    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    if reuse is not None and reuse.exists():
        return _measure_again(reuse, scdl)
    call_command("referentiel_import", departements=["32"], verbosity=0)
    import generateurs

    from territoires.aides import configuration
    from territoires.aides.demo import siret_de
    from territoires.aides.models import ConfigurationAides, Dossier
    from territoires.comptes.demo import commune_label, demo_load
    from territoires.comptes.models import Organisation, User
    from territoires.referentiel.models import Commune
    from tests.comptes.factories import login

    report = demo_load(departement_code="32")
    orgs = report.organisations
    dispositifs = configuration.configuration_gers(
        departement=orgs["departement"], service_aides=orgs["aides"]
    )
    ConfigurationAides.objects.create(
        nom_attribuant=orgs["departement"].nom, siret_attribuant=siret_de(orgs["departement"].siren)
    )
    ddr = dispositifs["ddr"]
    existing = set(Organisation.objects.values_list("commune_id", flat=True))
    Organisation.objects.bulk_create(
        Organisation(type="commune", commune=c, nom=commune_label(c.nom), siren=c.siren[:9] or "")
        for c in Commune.objects.filter(departement__code="32", type="commune-actuelle")
        if c.pk not in existing
    )
    communes = list(Organisation.objects.filter(type="commune"))
    rng = random.Random(1)  # noqa: S311
    today = timezone.localdate()
    counter = [0]

    def generate(n: int) -> float:
        start = time.perf_counter()
        generateurs.dossiers(
            n, rng=rng, organisations=communes, dispositif=ddr, today=today,
            premier_numero=counter[0] + 1,
        )  # fmt: skip
        counter[0] += n
        return time.perf_counter() - start

    chef = User.objects.get(email="chef.service@territoires.test")
    client = Client()
    login(client, chef)
    generate(300)
    small = _measure(client, ddr.pk)
    small_count = Dossier.objects.count()
    generation = generate(nombre - small_count)
    _analyze()
    large = _measure(client, ddr.pk)

    result = {
        "small_count": small_count,
        "large_count": Dossier.objects.count(),
        "generation_s": generation,
        "small": small,
        "large": large,
        "tableau": _dashboard(client),
        **_scdl(client, scdl),
    }
    if reuse is not None:
        reuse.write_text(json.dumps({"small": small, "small_count": small_count}))
    return result


def _analyze() -> None:
    """Planner statistics, as a production database has them (PostgreSQL's autovacuum,
    SQLite's `PRAGMA optimize`): without them SQLite sorts 500,000 rows instead of reading
    the list's index in order."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _measure_again(saved: Path, scdl: int) -> dict:
    from django.test import Client

    from territoires.aides.models import Dispositif, Dossier
    from territoires.comptes.models import User
    from tests.comptes.factories import login

    _analyze()
    client = Client()
    login(client, User.objects.get(email="chef.service@territoires.test"))
    before = json.loads(saved.read_text())
    return {
        "small_count": before["small_count"],
        "large_count": Dossier.objects.count(),
        "generation_s": 0.0,
        "small": before["small"],
        "large": _measure(client, Dispositif.objects.get(code="ddr").pk),
        "tableau": _dashboard(client),
        **_scdl(client, scdl),
    }


def _scdl(client, scdl: int) -> dict:
    """Stream the SCDL export through the public view, up to `scdl` rows."""
    import tracemalloc

    tracemalloc.start()
    rows = -1  # the header
    start = time.perf_counter()
    response = client.get("/aides/donnees/subventions.csv")
    for chunk in response.streaming_content:
        rows += chunk.count(b"\n")
        if rows >= scdl:
            break
    duration = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"scdl_rows": rows, "scdl_s": duration, "scdl_peak_mb": peak / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nombre", type=int, default=500_000)
    parser.add_argument("--scdl", type=int, default=200_000)
    parser.add_argument("--database-url", help="base jetable (par défaut : SQLite temporaire)")
    parser.add_argument("--base", type=Path, help="base SQLite gardée et réutilisée")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reuse", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.nombre, args.scdl, args.reuse)))
        return
    with tempfile.TemporaryDirectory(prefix="territoires-bench-") as tmp:
        database = args.base.resolve() if args.base else Path(tmp) / "bench.sqlite3"
        env = dict(
            os.environ,
            DATABASE_URL=args.database_url or f"sqlite:///{database}",
            TERRITOIRES_ENV="development",
            TERRITOIRES_VAR_DIR=tmp,
        )
        extra = ["--reuse", f"{database}.petit.json"] if args.base else []
        result = subprocess.run(
            [sys.executable, __file__, "--child", "--nombre", str(args.nombre),
             "--scdl", str(args.scdl), *extra],
            env=env, capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip
    if result.returncode:
        sys.stderr.write(result.stderr)
        sys.exit(result.returncode)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"{figures['large_count']} dossiers générés en {figures['generation_s']:.1f} s "
        f"(comparaison avec {figures['small_count']})"
    )
    print(f"{'page':34} {'temps serveur':>24} {'requêtes SQL':>20}")
    same = True
    for small, large in zip(figures["small"], figures["large"], strict=True):
        same &= small["queries"] == large["queries"]
        print(
            f"{large['label']:34} {small['ms']:8.1f} ms → {large['ms']:8.1f} ms"
            f" {small['queries']:8d} → {large['queries']:3d}"
        )
    print(
        "nombre de requêtes constant : "
        + ("oui" if same else "NON (une page vide à 10 dossiers saute la requête des lignes)")
    )
    nue = figures["tableau"]["page nue"]
    print(f"{'mesuré 5 fois dans ce passage':34} {'min':>9} {'médiane':>9} {'× page nue':>11}")
    for label, t in figures["tableau"].items():
        print(f"{label:34} {t['min']:6.1f} ms {t['med']:6.1f} ms {t['med'] / nue['med']:9.1f}×")
    rate = figures["scdl_rows"] / figures["scdl_s"] if figures["scdl_s"] else 0
    print(
        f"export SCDL : {figures['scdl_rows']} lignes en {figures['scdl_s']:.1f} s "
        f"({rate:,.0f} lignes/s), pic de mémoire Python {figures['scdl_peak_mb']:.1f} Mo"
    )


if __name__ == "__main__":
    main()
