"""Benchmark of the mission's queue, dashboard and `ingenierie stats` at 200,000 requests
(printed, not asserted; issue 16 « Figures at national scale »).

    .venv/bin/python bench/bench_ingenierie.py [--nombre 200000] [--fois 5]
    .venv/bin/python bench/synthetic.py --tout --database-url sqlite:////tmp/territoires-bench.sqlite3
    .venv/bin/python bench/bench_ingenierie.py --base sqlite:////tmp/territoires-bench.sqlite3

Each measure runs in a fresh process. Without --base, on a fresh temporary SQLite database
(or --database-url, a disposable one): migrate, import the Gers, load the demo accounts and
generate the requests with the demo generator. With --base, on a database already filled by
`bench/synthetic.py` (the whole country, 200,000 requests; only sessions are written). The
same pages are first measured on a fresh database of 1,000 requests, for the number of SQL
queries, which must not grow with the rows.

Every page is requested as the demo advisor at least 5 times (after a warm-up) beside a bare
page (/mentions-legales/) timed in the same process; min and median are printed. The dashboard
is timed as served (its figures kept in the cache until a request changes) and recomputed
(cache off); the command is timed in the process, without its start-up (bench_commandes.py).
Targets: dashboard and command < 300 ms, dashboard ≤ 5× the bare page, constant queries.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PETIT = 1_000
CIBLE_MS = 300
CIBLE_RATIO = 5

PAGES = [
    ("file, 1re page", "/ingenierie/file/"),
    ("file : mes sollicitations", "/ingenierie/file/?mes=miennes"),
    ("file : statut en cours", "/ingenierie/file/?statut=en_cours"),
    ("file : domaine + tri", "/ingenierie/file/?domaine=1&sort=organisation"),
    ("file : intercommunalité", "/ingenierie/file/?epci={epci}"),
    ("file : référent + période",
     "/ingenierie/file/?referent={referent}&depuis=2022-01-01&jusqu_a=2023-12-31"),
    ("file : recherche « école »", "/ingenierie/file/?q=école"),
    ("file : page 200", "/ingenierie/file/?page=200"),
    ("tableau de bord (servi)", "/ingenierie/chiffres/"),
    ("tableau de bord 2020-2022 (servi)", "/ingenierie/chiffres/?depuis=2020&jusqu_a=2022"),
    ("tableau de bord (recalculé)", "/ingenierie/chiffres/?recalcul"),
]  # fmt: skip


def _chrono(fn, fois: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up (templates, caches, contours of the communes)
    durees = []
    for _ in range(fois):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            durees.append((time.perf_counter() - start) * 1000)
    return {"min": min(durees), "med": statistics.median(durees), "req": len(ctx)}


def _page(client, url: str):
    from django.test import override_settings

    def get():
        if url.endswith("?recalcul"):  # the same page, its figures computed again
            with override_settings(INGENIERIE_CHIFFRES_CACHE_SECONDES=0):
                response = client.get(url.removesuffix("?recalcul"))
        else:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return get


def _remplir(nombre: int) -> None:
    import random

    from django.core.management import call_command
    from django.utils import timezone

    from territoires.comptes.demo import demo_load
    from territoires.comptes.models import User
    from territoires.ingenierie import demo
    from territoires.ingenierie.models import ConfigurationIngenierie

    call_command("migrate", verbosity=0)
    call_command("referentiel_import", departements=["32"], verbosity=0)
    report = demo_load(departement_code="32")
    config = ConfigurationIngenierie.courante()
    config.mission = report.organisations["mit"]
    config.save()
    orgs_communes, orgs_epcis = demo._organisations_collectivites("32")
    conseiller = User.objects.get(email="conseiller@territoires.test")
    today = timezone.localdate()
    annees = range(2017, today.year + 1)
    rows = demo.generer(
        rng=random.Random(1), orgs_communes=orgs_communes, orgs_epcis=orgs_epcis,  # noqa: S311
        referents=[conseiller], annees=annees,
        par_annee=lambda annee: nombre // len(annees) + 1, today=today,
    )  # fmt: skip
    demo.enregistrer(rows[:nombre])
    call_command("base_statistiques", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def measure(nombre: int, *, remplir: bool, fois: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from territoires.comptes.models import User
    from territoires.ingenierie import demo
    from territoires.ingenierie.models import Sollicitation
    from tests.comptes.factories import login

    start = time.perf_counter()
    if remplir:
        _remplir(nombre)
    generation = time.perf_counter() - start
    conseiller = User.objects.get(email="conseiller@territoires.test")
    _communes, orgs_epcis = demo._organisations_collectivites("32")
    client = Client()
    login(client, conseiller)
    resultats = {"page nue": _chrono(_page(Client(), "/mentions-legales/"), fois)}
    for label, url in PAGES:
        url = url.format(epci=orgs_epcis[0].epci_id, referent=conseiller.pk)
        resultats[label] = _chrono(_page(client, url), fois)
    with open(os.devnull, "w") as devnull:
        resultats["commande ingenierie stats"] = _chrono(
            lambda: call_command("ingenierie_stats", fmt="json", stdout=devnull), fois
        )
    return {
        "count": Sollicitation.objects.count(),
        "generation_s": generation,
        "pages": resultats,
    }


def _child(args, nombre: int, url: str | None, tmp: str, *, remplir: bool = True) -> dict:
    env = dict(
        os.environ,
        DATABASE_URL=url or f"sqlite:///{tmp}/bench-{nombre}.sqlite3",
        TERRITOIRES_ENV="development",
        TERRITOIRES_VAR_DIR=tmp,
    )
    argv = [sys.executable, __file__, "--child", "--nombre", str(nombre), "--fois", str(args.fois)]
    result = subprocess.run(
        argv + (["--remplir"] if remplir else []),
        env=env, capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    if result.returncode:
        sys.stderr.write(result.stderr)
        sys.exit(result.returncode)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _print(petit: dict, grand: dict) -> None:
    nue = grand["pages"]["page nue"]
    print(
        f"{grand['count']:,} sollicitations".replace(",", " ")
        + (f" générées en {grand['generation_s']:.0f} s" if grand["generation_s"] > 1 else "")
        + f" ; requêtes comparées à {petit['count']:,}".replace(",", " ")
    )
    print(f"{'page':36} {'min':>9} {'médiane':>9} {'× nue':>6} {'requêtes':>14}")
    constant = True
    for label, r in grand["pages"].items():
        avant = petit["pages"][label]["req"]
        constant &= avant == r["req"]
        print(
            f"{label:36} {r['min']:6.1f} ms {r['med']:6.1f} ms {r['med'] / nue['med']:5.1f}×"
            f" {avant:6d} → {r['req']:3d}"
        )
    bord = grand["pages"]["tableau de bord (servi)"]
    commande = grand["pages"]["commande ingenierie stats"]
    ratio = bord["med"] / nue["med"]
    print(
        f"tableau de bord servi : médiane {bord['med']:.0f} ms "
        f"(< {CIBLE_MS} ms : {'OUI' if bord['med'] < CIBLE_MS else 'NON'}), "
        f"{ratio:.1f}× la page nue (≤ {CIBLE_RATIO}× : {'OUI' if ratio <= CIBLE_RATIO else 'NON'})"
    )
    print(
        f"commande ingenierie stats : médiane {commande['med']:.0f} ms "
        f"(< {CIBLE_MS} ms : {'OUI' if commande['med'] < CIBLE_MS else 'NON'})"
    )
    print("nombre de requêtes constant : " + ("OUI" if constant else "NON"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nombre", type=int, default=200_000)
    parser.add_argument("--fois", type=int, default=5, help="mesures de chaque page (5 au moins)")
    parser.add_argument("--base", help="base déjà remplie par bench/synthetic.py")
    parser.add_argument("--database-url", help="base jetable (par défaut : SQLite temporaire)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--remplir", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.fois = max(args.fois, 5)
    if args.child:
        print(json.dumps(measure(args.nombre, remplir=args.remplir, fois=args.fois)))
        return
    with tempfile.TemporaryDirectory(prefix="territoires-bench-") as tmp:
        petit = _child(args, PETIT, None, tmp)
        if args.base:
            grand = _child(args, 0, args.base, tmp, remplir=False)
        else:
            grand = _child(args, args.nombre, args.database_url, tmp)
    _print(petit, grand)


if __name__ == "__main__":
    main()
