"""Benchmark of « contient » and of the total of a filtered page (printed, not asserted).

    .venv/bin/python bench/opendata_contient.py [--lignes 1000000] [--tours 20] [--passes 2]
    scripts/with-postgres.sh .venv/bin/python bench/opendata_contient.py

The rows of `bench/opendata_stockage.py` (same generator, same ten columns) are loaded in a
fresh process on throwaway storage (SQLite in a temporary folder, or the PostgreSQL of
DATABASE_URL), trigram index included (docs/adr/0009, « Index trigrammes »). Then, for each
scenario, the first page of 50 rows (as the API asks for it) and the pages after it by
cursor: p50 / p95 in ms, without total, with the bounded total (`compter_max`, as the API
and the preview count) and with the exact total (`COUNT(*)`, as before), and the SQL queries
per page. The machine is shared: the pages are measured `--passes` times, each printed, with
the CPU time of the process (under SQLite, the query's own work, little sensitive to the load
of the machine; under PostgreSQL, the server's work is not in it).
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from opendata_stockage import WORDS, colonnes, percentile, rows  # noqa: E402

TOTAL_MAX = 10_000
TOTALS = {"sans total": (False, None), "total borné": (True, TOTAL_MAX),
          "total exact": (True, None)}  # fmt: skip


def scenarios(rnd: random.Random) -> list[tuple[str, list, list]]:
    from territoires.opendata.tabulaire import Filtre

    libelle = "Libellé de l'équipement"
    word = WORDS[rnd.randrange(len(WORDS))]
    rare = f"n°{rnd.randrange(10**6)} de"
    return [
        ("contient rare (1 ligne), tri -montant", [Filtre(libelle, "contains", rare)],
         ["-Montant (€)"]),
        ("contient rare (1 ligne), sans tri", [Filtre(libelle, "contains", rare)], []),
        ("contient absent (0 ligne)", [Filtre(libelle, "contains", "introuvable")], ["Commune"]),
        ("contient fréquent, tri commune", [Filtre(libelle, "contains", word[:5])], ["Commune"]),
        ("contient fréquent, sans tri", [Filtre(libelle, "contains", word)], []),
        ("contient fréquent + catégorie", [Filtre(libelle, "contains", word),
                                           Filtre("Catégorie", "eq", "sport")], ["-Effectif"]),
        ("commune = x, tri -date", [Filtre("Commune", "eq", "sete")],
         ["-Date de mise en service"]),
    ]  # fmt: skip


def _pages(tabulaire, compter, compter_max, *, rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rnd = random.Random(7)
    timings: dict[str, list[float]] = {}
    cpu_timings: dict[str, list[float]] = {}  # CPU of this process (SQLite: the query's own)
    queries: dict[str, int] = {}
    for _ in range(rounds):
        for name, filtres, tri in scenarios(rnd):
            curseur = None
            for depth in range(3):
                with CaptureQueriesContext(connection) as captured:
                    start, cpu = time.perf_counter(), time.process_time()
                    page = tabulaire.rows_query(
                        cle="v1", colonnes=colonnes(), filtres=filtres, tri=tri, taille=50,
                        curseur=curseur, compter=compter and depth == 0, compter_max=compter_max,
                    )  # fmt: skip
                    elapsed = (time.perf_counter() - start) * 1000
                    cpu_ms = (time.process_time() - cpu) * 1000
                timings.setdefault(name, []).append(elapsed)
                cpu_timings.setdefault(name, []).append(cpu_ms)
                queries[name] = max(queries.get(name, 0), len(captured))
                curseur = page.suivant
                if curseur is None:
                    break
    every = [ms for values in timings.values() for ms in values]
    return {
        "p50_ms": percentile(every, 50),
        "p95_ms": percentile(every, 95),
        "by_scenario": {
            k: (percentile(v, 50), percentile(v, 95), queries[k], percentile(cpu_timings[k], 95))
            for k, v in timings.items()
        },
    }


def child(n: int, rounds: int, passes: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from territoires.opendata import tabulaire

    figures = {"engine": connection.vendor, "loadavg": os.getloadavg()[0], "passes": []}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    start = time.perf_counter()
    tabulaire.rows_load(cle="v1", colonnes=colonnes(), lignes=rows(n))
    figures["load_s"] = time.perf_counter() - start
    for _ in range(passes):
        figures["passes"].append(
            {
                label: _pages(tabulaire, compter, maximum, rounds=rounds)
                for label, (compter, maximum) in TOTALS.items()
            }
        )
    tabulaire.table_drop(cle="v1")
    return figures


def report(figures: dict, n: int) -> None:
    print(
        f"\n== {figures['engine']}, {n} lignes — charge au départ {figures['loadavg']:.1f} "
        f"pour {os.cpu_count()} cœurs ; chargement avec index trigramme {figures['load_s']:.1f} s"
    )
    for number, one_pass in enumerate(figures["passes"], start=1):
        for label, pages in one_pass.items():
            print(
                f"passe {number}, {label} : p50 {pages['p50_ms']:.1f} ms, "
                f"p95 {pages['p95_ms']:.1f} ms | cible p95 < 100 ms"
            )
            for name, (p50, p95, queries, cpu95) in pages["by_scenario"].items():
                print(
                    f"    {name:42} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries} requête(s)"
                    f"  CPU p95 {cpu95:7.1f} ms"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lignes", type=int, default=1_000_000)
    parser.add_argument("--tours", type=int, default=10, help="tirages de chaque scénario")
    parser.add_argument("--passes", type=int, default=2, help="mesures complètes des pages")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.lignes, args.tours, args.passes)))
        return
    with tempfile.TemporaryDirectory(prefix="territoires-bench-") as tmp:
        env = dict(os.environ, TERRITOIRES_ENV="development", TERRITOIRES_VAR_DIR=tmp)
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        command = [sys.executable, __file__, "--child", "--lignes", str(args.lignes),
                   "--tours", str(args.tours), "--passes", str(args.passes)]  # fmt: skip
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode:
            sys.stderr.write(result.stderr)
            raise SystemExit(result.returncode)
    report(json.loads(result.stdout.strip().splitlines()[-1]), args.lignes)


if __name__ == "__main__":
    main()
