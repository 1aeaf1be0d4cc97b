"""Benchmark of the tabular storage of open data, two options (printed, not asserted).

    .venv/bin/python bench/opendata_stockage.py [--lignes 1000000] [--options base,duckdb] [--diff]
    scripts/with-postgres.sh .venv/bin/python bench/opendata_stockage.py --options base

Options compared (docs/adr/0009-stockage-tabulaire.md):
- `base`: the storage of `territoires.opendata.tabulaire` — one table per version in the
  application's database (SQLite, or PostgreSQL when DATABASE_URL says so), typed columns,
  one `(key, id)` index per filterable column, `executemany` / `COPY`.
- `duckdb`: a Parquet file per version written and queried by DuckDB (embedded), with the
  very same SQL (filters, keyset, sort) as `base`: a prototype, kept here, not in the app.
  DuckDB is no longer a dependency (the ADR rejects it): to rerun this option,
  `.venv/bin/python -m pip install duckdb` (or `uv pip install duckdb`) in a scratch venv.

Each option runs in a fresh process on fresh temporary storage (never a real database unless
DATABASE_URL points to a throwaway one, as with scripts/with-postgres.sh), on the same
generated rows (10 columns: 4 texts, an integer, a decimal, a date, a boolean, a latitude and
a longitude). Measures, against the issue's targets:
1. load of `--lignes` rows from a generator (< 60 s, flat memory: peak RSS and peak of
   peak resident memory of the process, which holds SQLite and the DuckDB engine);
2. API pages, filtered and sorted (p95 < 100 ms; SQL queries per page constant), first pages
   and pages reached by cursor, with and without the total count;
3. full CSV export, streamed through `core.exports.spreadsheets.csv_lines` (≥ 50,000 rows/s);
4. with --diff: a second version (1 % of rows changed) loaded, then `rows_diff`.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"load_s": 60.0, "p95_ms": 100.0, "export_rows_s": 50_000}
PREFIXES = ["Saint-", "Sainte-", "Le ", "La ", "Les ", "Villeneuve-", "Mont", "Castel", ""]
NAMES = ["Étienne", "Gély", "Guilhem", "Aniane", "Lodève", "Pézenas", "Bédarieux", "Sète",
         "Agde", "Frontignan", "Clermont", "Mèze", "Ganges", "Thézan", "Gignac",
         "Lunel"]  # fmt: skip
CATEGORIES = ["Sport", "Culture", "Santé", "Éducation", "Transport", "Voirie", "Eau",
              "Déchets", "Social", "Tourisme", "Logement", "Énergie"]  # fmt: skip
WORDS = ["gymnase", "piscine", "école", "médiathèque", "stade", "crèche", "salle", "parking",
         "théâtre", "collège", "halte-garderie", "bibliothèque", "cinéma", "musée"]  # fmt: skip
COMMUNES = [f"{p}{n}" for p in PREFIXES for n in NAMES]


def colonnes():
    from territoires.opendata.tabulaire import Colonne

    return [
        Colonne("Commune", "texte"),
        Colonne("Code INSEE", "texte"),
        Colonne("Libellé de l'équipement", "texte"),
        Colonne("Catégorie", "texte"),
        Colonne("Effectif", "entier"),
        Colonne("Montant (€)", "decimal"),
        Colonne("Date de mise en service", "date"),
        Colonne("Ouvert au public", "booleen"),
        Colonne("lat", "latitude"),
        Colonne("lon", "longitude"),
    ]


def rows(n: int, *, seed: int = 12, changed: float = 0.0):
    """`n` typed rows, always the same for a seed; `changed`: share of rows altered."""
    rnd = random.Random(seed)
    change = random.Random(seed + 1)
    start = date(2000, 1, 1)
    for i in range(n):
        c = rnd.randrange(len(COMMUNES))
        effectif = rnd.randrange(5000) if rnd.random() > 0.02 else None
        if changed and change.random() < changed:
            effectif = -1
        yield (
            COMMUNES[c],
            f"34{c:03d}",
            f"{WORDS[rnd.randrange(len(WORDS))].capitalize()} n°{i} de {COMMUNES[c]}",
            CATEGORIES[rnd.randrange(len(CATEGORIES))],
            effectif,
            Decimal(rnd.randrange(100_000_000)) / 100,
            start + timedelta(days=rnd.randrange(9000)),
            rnd.random() < 0.7,
            round(43.2 + rnd.random() * 0.6, 6),
            round(3.0 + rnd.random() * 1.2, 6),
        )


def scenarios(rnd: random.Random) -> list[tuple[str, list, list]]:
    """(name, filters, sort): the kind of pages the API and the preview ask for."""
    from territoires.opendata.tabulaire import Filtre

    commune = COMMUNES[rnd.randrange(len(COMMUNES))]
    low = rnd.randrange(900_000)
    return [
        ("tri seul (-Montant)", [], ["-Montant (€)"]),
        ("commune = x, tri -date", [Filtre("Commune", "eq", commune.lower())],
         ["-Date de mise en service"]),
        ("montant entre, tri montant", [Filtre("Montant (€)", "gte", low),
                                        Filtre("Montant (€)", "lt", low + 5000)],
         ["Montant (€)"]),
        ("libellé contient, tri commune", [Filtre("Libellé de l'équipement", "contains",
                                                  WORDS[rnd.randrange(len(WORDS))][:5])],
         ["Commune"]),
        ("catégorie parmi 3, tri -effectif", [Filtre("Catégorie", "in", rnd.sample(CATEGORIES, 3))],
         ["-Effectif"]),
        ("code + ouvert, tri -date, libellé",
         [Filtre("Code INSEE", "eq", f"34{rnd.randrange(len(COMMUNES)):03d}"),
          Filtre("Ouvert au public", "eq", "oui")],
         ["-Date de mise en service", "Libellé de l'équipement"]),
        ("contient rare (1 ligne)",
         [Filtre("Libellé de l'équipement", "contains", f"n°{rnd.randrange(10**6)} de")],
         ["-Montant (€)"]),
    ]  # fmt: skip


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --- Option « base » : the application's storage -------------------------------------------


class BaseStore:
    name = "base"

    def __init__(self):
        from territoires.opendata import tabulaire

        self.t = tabulaire

    def load(self, cle, n, on_progress, changed=0.0):
        return self.t.rows_load(cle=cle, colonnes=colonnes(), lignes=rows(n, changed=changed),
                                on_progress=on_progress)  # fmt: skip

    def page(self, cle, filtres, tri, curseur, compter, borne=None):
        page = self.t.rows_query(cle=cle, colonnes=colonnes(), filtres=filtres, tri=tri,
                                 curseur=curseur, taille=50, compter=compter,
                                 compter_max=borne)  # fmt: skip
        return page.suivant, len(page.lignes)

    def stream(self, cle):
        return self.t.rows_stream(cle=cle, colonnes=colonnes())

    def diff(self, avant, apres):
        return self.t.rows_diff(cle_avant=avant, cle_apres=apres, colonnes=colonnes())


# --- Option « duckdb » : Parquet files queried by DuckDB --------------------------------------


class DuckStore:
    """Same identifiers and SQL as `base` (the query module), on Parquet files.

    Paths and identifiers in the SQL are generated here (S608 does not apply)."""

    name = "duckdb"

    def __init__(self, folder: Path):
        try:
            import duckdb
        except ImportError:
            raise SystemExit("DuckDB n'est pas installé : voir l'en-tête de ce banc.") from None

        self.folder = folder
        self.con = duckdb.connect()
        self.con.execute("SET memory_limit = '512MB'; SET threads = 2")
        self.con.execute(f"SET temp_directory = '{folder / 'duckdb-tmp'}'")

    def path(self, cle):
        return str(self.folder / f"{cle}.parquet")

    def load(self, cle, n, on_progress, changed=0.0):
        import csv

        from territoires.opendata.tabulaire import columns as cols
        from territoires.opendata.tabulaire.storage import insert_columns, rows_converted

        stored = cols.columns_resolve(colonnes())
        names = insert_columns(stored)
        types = {"id": "BIGINT"}
        for col in stored:
            sql_type = col.sql_type("postgresql").replace("NUMERIC", "DECIMAL(18,2)")
            types[col.ident] = sql_type
            if col.type == "texte":
                types[col.key] = "TEXT"
        tmp = self.folder / f"{cle}.csv"
        count = 0
        with tmp.open("w", newline="") as handle:
            writer = csv.writer(handle)
            lignes = rows(n, changed=changed)
            for row in rows_converted(stored, lignes, engine="postgresql"):
                writer.writerow(row)
                count += 1
                if count % 5000 == 0:
                    on_progress(count)
        columns = ", ".join(f"'{name}': '{types[name]}'" for name in names)
        self.con.execute(
            f"COPY (SELECT * FROM read_csv('{tmp}', header=false, columns={{{columns}}}, "  # noqa: S608
            f"nullstr='')) TO '{self.path(cle)}' (FORMAT parquet)"
        )
        tmp.unlink()
        return count

    def _sql(self, cle, filtres, tri, curseur, compter):
        from territoires.opendata.tabulaire import query

        plan = _Plan(cle, filtres, tri)
        where, params = list(plan.where), list(plan.params)
        if curseur:
            condition, extra, _tail = query.keyset_sql(plan.keys, curseur)
            where.append(condition)
            params += extra
        where_sql = f" WHERE {' AND '.join(where)}" if where else ""
        count_sql = f" WHERE {' AND '.join(plan.where)}" if plan.where else ""
        select = ", ".join(query.quote(k.ident) for k in plan.keys) + ", *"
        sql = (
            f"SELECT {select} FROM '{self.path(cle)}'{where_sql} "  # noqa: S608
            f"ORDER BY {query.order_sql('postgresql', plan.keys)} LIMIT 51"
        )
        return sql.replace("%s", "?"), params, plan, count_sql, list(plan.params)

    def page(self, cle, filtres, tri, curseur, compter, borne=None):
        sql, params, plan, where_sql, count_params = self._sql(cle, filtres, tri, curseur, compter)
        result = self.con.execute(sql, params).fetchall()
        if compter:
            count_sql = f"SELECT COUNT(*) FROM '{self.path(cle)}'{where_sql}"  # noqa: S608
            count_sql = count_sql.replace("%s", "?")
            self.con.execute(count_sql, count_params).fetchone()
        suivant = list(result[49][: len(plan.keys)]) if len(result) > 50 else None
        return suivant, min(len(result), 50)

    def stream(self, cle):
        sql = f"SELECT * EXCLUDE (id) FROM '{self.path(cle)}' ORDER BY id"  # noqa: S608
        result = self.con.execute(sql)
        while batch := result.fetchmany(2000):
            yield from batch

    def diff(self, avant, apres):
        cols = ", ".join(f"c{i}" for i in range(len(colonnes())))
        sql = (
            "SELECT SUM(CASE WHEN d > 0 THEN d ELSE 0 END), "  # noqa: S608
            "SUM(CASE WHEN d < 0 THEN -d ELSE 0 END) "
            f"FROM (SELECT SUM(s) AS d FROM (SELECT {cols}, 1 AS s FROM '{self.path(apres)}' "
            f"UNION ALL SELECT {cols}, -1 FROM '{self.path(avant)}') GROUP BY {cols})"
        )
        return tuple(self.con.execute(sql).fetchone())


class _Plan:
    def __init__(self, cle, filtres, tri):
        from territoires.opendata.tabulaire import columns as cols
        from territoires.opendata.tabulaire import query

        by_name = {col.nom: col for col in cols.columns_resolve(colonnes())}
        self.where, self.params = query.where_build("postgresql", by_name, filtres)
        self.keys = query.sort_resolve(by_name, tri)


# --- Measures --------------------------------------------------------------------------------


def measure_load(store, n: int) -> dict:
    progress = []
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu = time.perf_counter(), time.process_time()
    loaded = store.load("v1", n, progress.append)
    duration, cpu = time.perf_counter() - start, time.process_time() - cpu
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": loaded,
        "load_s": duration,
        "cpu_s": cpu,
        "rows_per_s": loaded / duration,
        "rss_before_mb": rss_before / 1024,
        "rss_peak_mb": rss_after / 1024,
        "progress_calls": len(progress),
    }


def _timed_pages(store, compter: bool, borne, *, rounds: int, depth: int) -> tuple[dict, int]:
    """Per scenario: ms of the first page and of `depth` pages reached by cursor."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rnd = random.Random(7)
    timings: dict[str, list[float]] = {}
    queries = set()
    for _ in range(rounds):
        for name, filtres, tri in scenarios(rnd):
            curseur = None
            for depth_index in range(depth):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    curseur, _count = store.page("v1", filtres, tri, curseur, compter, borne)
                    elapsed = (time.perf_counter() - start) * 1000
                key = f"{name} — {'1re page' if depth_index == 0 else 'page suivante'}"
                timings.setdefault(key, []).append(elapsed)
                if store.name == "base":
                    queries.add(len(captured))
                if curseur is None:
                    break
    return timings, max(queries) if queries else None


def measure_pages(store, *, rounds: int, depth: int) -> dict:
    """Three ways of asking a page: with the bounded total the API and the preview give
    (`OPENDATA_TOTAL_MAX`, « plus de 10 000 lignes » beyond), without total, and with the
    exact total that no page of the product asks (a full count: shown for comparison)."""
    from django.conf import settings

    modes = [
        (
            f"total borné à {settings.OPENDATA_TOTAL_MAX}, comme l'API",
            True,
            settings.OPENDATA_TOTAL_MAX,
        ),
        ("sans total", False, None),
        ("total exact, qu'aucune page ne demande", True, None),
    ]
    result = {}
    for label, compter, borne in modes:
        timings, queries = _timed_pages(store, compter, borne, rounds=rounds, depth=depth)
        every = [ms for values in timings.values() for ms in values]
        result[label] = {
            "p50_ms": percentile(every, 50),
            "p95_ms": percentile(every, 95),
            "max_ms": max(every),
            "pages": len(every),
            "queries_per_page": queries,
            "by_scenario": {k: (percentile(v, 50), percentile(v, 95)) for k, v in timings.items()},
        }
    return result


def measure_export(store) -> dict:
    from territoires.core.exports.spreadsheets import csv_lines

    headers = [c.nom for c in colonnes()]
    start, cpu = time.perf_counter(), time.process_time()
    size = 0
    counted = 0

    def counting():
        nonlocal counted
        for row in store.stream("v1"):
            counted += 1
            yield row

    for chunk in csv_lines(counting(), headers=headers):
        size += len(chunk)
    duration, cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    raw = sum(1 for _ in store.stream("v1"))
    raw_duration = time.perf_counter() - start
    return {
        "rows": counted,
        "csv_rows_per_s": counted / duration,
        "csv_rows_per_cpu_s": counted / cpu,
        "csv_mb": size / 1e6,
        "stream_only_rows_per_s": raw / raw_duration,
        "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure_diff(store, n: int) -> dict:
    store.load("v2", n, lambda _n: None, changed=0.01)
    start = time.perf_counter()
    added, removed = store.diff("v1", "v2")
    return {"diff_s": time.perf_counter() - start, "added": added, "removed": removed}


def child(option: str, n: int, rounds: int, depth: int, with_diff: bool, folder: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    store = BaseStore() if option == "base" else DuckStore(Path(folder))
    figures = {"option": option, "engine": connection.vendor if option == "base" else "duckdb"}
    figures["loadavg"] = os.getloadavg()[0]
    figures["load"] = measure_load(store, n)
    figures["pages"] = measure_pages(store, rounds=rounds, depth=depth)
    figures["export"] = measure_export(store)
    if with_diff:
        figures["diff"] = measure_diff(store, n)
    if option == "base":
        from territoires.opendata import tabulaire

        for cle in ("v1", "v2"):
            tabulaire.table_drop(cle=cle)
    return figures


def run(option: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="territoires-bench-") as tmp:
        env = dict(os.environ, TERRITOIRES_ENV="development", TERRITOIRES_VAR_DIR=tmp)
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        command = [sys.executable, __file__, "--child", option, "--lignes", str(args.lignes),
                   "--tours", str(args.tours), "--profondeur", str(args.profondeur),
                   "--dossier", tmp]  # fmt: skip
        if args.diff:
            command.append("--diff")
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode:
            sys.stderr.write(result.stderr)
            raise SystemExit(result.returncode)
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(figures: dict) -> None:
    load, export = figures["load"], figures["export"]
    print(
        f"\n== {figures['option']} ({figures['engine']}) — charge de la machine au départ "
        f"{figures['loadavg']:.1f} pour {os.cpu_count()} cœurs"
    )
    print(
        f"chargement  {load['rows']} lignes en {load['load_s']:.1f} s "
        f"(CPU de ce processus {load['cpu_s']:.1f} s) "
        f"({load['rows_per_s']:,.0f} lignes/s) | "
        f"RSS {load['rss_before_mb']:.0f} → {load['rss_peak_mb']:.0f} Mo | "
        f"{load['progress_calls']} appels de progression | cible < {TARGETS['load_s']:.0f} s"
    )
    for label, pages in figures["pages"].items():
        print(
            f"pages API ({label}) : {pages['pages']} pages, p50 {pages['p50_ms']:.1f} ms, "
            f"p95 {pages['p95_ms']:.1f} ms, max {pages['max_ms']:.1f} ms, "
            f"{pages['queries_per_page'] or '—'} requête(s) SQL par page"
            + ("" if "exact" in label else " | cible p95 < 100 ms")
        )
        for name, (p50, p95) in pages["by_scenario"].items():
            print(f"    {name:55} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
    print(
        f"export CSV  {export['rows']} lignes, {export['csv_rows_per_s']:,.0f} lignes/s "
        f"({export['csv_rows_per_cpu_s']:,.0f} par seconde de CPU) "
        f"({export['csv_mb']:.0f} Mo ; lecture seule {export['stream_only_rows_per_s']:,.0f} "
        f"lignes/s) | RSS pic {export['rss_peak_mb']:.0f} Mo | cible ≥ 50 000 lignes/s"
    )
    if "diff" in figures:
        diff = figures["diff"]
        print(
            f"comparaison de versions : {diff['diff_s']:.1f} s "
            f"(+{diff['added']} / -{diff['removed']} lignes)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lignes", type=int, default=1_000_000)
    parser.add_argument("--options", default="base,duckdb", help="base, duckdb")
    parser.add_argument("--tours", type=int, default=15, help="tirages de chaque scénario")
    parser.add_argument("--profondeur", type=int, default=4, help="pages suivies par curseur")
    parser.add_argument("--diff", action="store_true", help="mesurer aussi rows_diff")
    parser.add_argument("--json", action="store_true", help="imprimer aussi les chiffres en JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--dossier", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        figures = child(
            args.child, args.lignes, args.tours, args.profondeur, args.diff, args.dossier
        )
        print(json.dumps(figures))
        return
    for option in args.options.split(","):
        figures = run(option.strip(), args)
        report(figures)
        if args.json:
            print(json.dumps(figures))


if __name__ == "__main__":
    main()
